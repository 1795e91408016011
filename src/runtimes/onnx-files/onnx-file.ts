import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModelSpec } from '../../models/catalogue.js';
import { sha256 } from '../../sha256.js';
import { writeFileAtomic } from '../../store/atomic.js';

/** Changes when build-onnx.ts writes a different graph for the same tensors. */
const BUILDER_VERSION = 1;

/** The cached ONNX file of a model: keyed by its tensors, the seed and the builder's version. */
export function onnxFile(cacheDir: string, spec: ModelSpec, seed: number): string {
  const key = JSON.stringify({ tensors: spec.tensors, seed, builder: BUILDER_VERSION });
  const digest = sha256(key, 12);
  return path.join(cacheDir, 'onnx', `${spec.name}-${digest}.onnx`);
}

/** Writes the file once (atomically: a crash never leaves half a model); returns its path. */
export async function ensureOnnxFile(cacheDir: string, spec: ModelSpec, seed: number, log: (line: string) => void = () => {}): Promise<string> {
  const file = onnxFile(cacheDir, spec, seed);
  if (existsSync(file)) return file;
  log(`reclaim: building the ONNX model ${spec.name} once into ${file}`);
  // protobufjs and the ONNX schema load only when a model is built (they cost every command start-up otherwise).
  const { buildOnnxModel } = await import('./build-onnx.js');
  writeFileAtomic(file, buildOnnxModel(spec, seed));
  return file;
}
