import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findModel } from '../../models/catalogue.js';
import { ensureOnnxFile, onnxFile } from '../onnx-files/onnx-file.js';
import { packageDir, packageVersion } from '../../package-dir.js';
import { cacheDir, PROJECT_ROOT } from '../../paths.js';
import type { CellPlan } from '../../protocol/plan.js';
import { DEVICES, type Device } from '../devices.js';
import type { Availability, RuntimeDriver } from '../runtime.js';

const RUNNER = path.join(PROJECT_ROOT, 'dist', 'runners', 'node', 'runner.js');

/** onnxruntime-node's CUDA provider, which its install step downloads unless ONNXRUNTIME_NODE_INSTALL=skip. */
function cudaProvider(dir: string): string | undefined {
  const bin = path.join(dir, 'bin');
  if (!existsSync(bin)) return undefined;
  for (const napi of readdirSync(bin)) {
    const file = path.join(bin, napi, 'linux', process.arch, 'libonnxruntime_providers_cuda.so');
    if (existsSync(file)) return file;
  }
  return undefined;
}

export const nodeDriver: RuntimeDriver = {
  async availability(device: Device): Promise<Availability> {
    let dir: string;
    try {
      dir = packageDir('onnxruntime-node');
    } catch {
      return { available: false, reason: 'onnxruntime-node is not installed (ONNXRUNTIME_NODE_INSTALL=skip npm ci)' };
    }
    if (!existsSync(RUNNER)) return { available: false, reason: `${path.relative(PROJECT_ROOT, RUNNER)} is not built (make build)` };
    const versions = { node: process.version, onnxruntime: packageVersion('onnxruntime-node') };
    const detail = `${process.execPath} ${process.version}, onnxruntime-node ${versions.onnxruntime}`;
    if (!DEVICES[device].gpu) return { available: true, detail, versions, notes: [] };
    if (!cudaProvider(dir)) {
      return {
        available: false,
        reason: "onnxruntime-node's CUDA provider is not installed (npm installs here skip it); on a GPU machine: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node",
      };
    }
    const gpus = await DEVICES[device].gpu!.inventory();
    if (typeof gpus === 'string') return { available: false, reason: gpus };
    return { available: true, detail: `${detail}, CUDA provider, on ${gpus.map((g) => g.name).join(', ')}`, versions, notes: [] };
  },

  async resolveSource(source: string): Promise<string> {
    return source === 'auto' ? 'synthetic' : source;
  },

  modelData(spec, seed) {
    return { file: onnxFile(cacheDir(), spec, seed) };
  },

  /** Writes the ONNX files the plan loads, once; later runs reuse them. */
  async prepare(plan: CellPlan, log: (line: string) => void): Promise<void> {
    for (const s of plan.steps) {
      const spec = s.op === 'load' ? findModel(s.model) : undefined;
      if (spec) await ensureOnnxFile(plan.cacheDir, spec, plan.seed, log);
    }
  },

  async command(env: Record<string, string>) {
    return { file: process.execPath, args: ['--expose-gc', RUNNER], env };
  },

  env: {},
};
