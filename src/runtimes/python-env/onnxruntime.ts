import { z } from 'zod';
import type { CellPlan } from '../../protocol/plan.js';
import { findModel } from '../../models/catalogue.js';
import { ensureOnnxFile } from '../onnx-files/onnx-file.js';
import type { SourceRule } from '../runtime.js';
import type { FoundPython } from './find-python.js';
import { ensureOverlayVenv, overlayPython, overlayReady, overlayVenvDir } from './overlay-venv.js';

/**
 * onnxruntime's Python API, as most ONNX serving runs: pinned in a virtualenv over the project's (it
 * brings only onnxruntime and what it imports), for plans that load a catalogue model's ONNX file, the
 * same file the node runtime builds (src/runtimes/onnx-files/).
 */
export const ORT_REQUIREMENTS = ['onnxruntime==1.20.1', 'coloredlogs==15.0.1', 'humanfriendly==10.0', 'flatbuffers==24.12.23', 'protobuf==5.29.2', 'sympy==1.13.1', 'mpmath==1.3.0'] as const;

export const ORT_SOURCE: SourceRule = {
  name: 'onnx',
  description: "the catalogue model's ONNX file (its tensors as initializers, as the node runtime builds it) run by onnxruntime's Python API (onnxruntime 1.20.1, in a virtualenv over the project's)",
  refuses: (model) => (model.tensors.every((t) => t.dtype === 'float32') ? undefined : `model ${model.name} has tensors that are not float32; the ONNX builder writes float32 only`),
};

/** The session and run options users set, as runtime options of the python runtime (`options:`). */
export const ORT_OPTIONS = {
  ort_arena: z.coerce.boolean().optional().describe('SessionOptions.enable_cpu_mem_arena (default true)'),
  ort_arena_extend: z.enum(['kNextPowerOfTwo', 'kSameAsRequested']).optional().describe("the CPU arena's arena_extend_strategy (session config)"),
  ort_shrink_arena: z.coerce.boolean().optional().describe('each run with the run option memory.enable_memory_arena_shrinkage=cpu:0'),
  ort_initializers_device_allocator: z.coerce.boolean().optional().describe('session.use_device_allocator_for_initializers=1: weights outside the arena'),
};

export function usesOnnx(plan: CellPlan): boolean {
  return plan.steps.some((s) => s.op === 'load' && s.source === ORT_SOURCE.name);
}

export const ortVenvDir = (python: FoundPython) => overlayVenvDir('python', 'onnxruntime', ORT_REQUIREMENTS, python);

/** The interpreter a plan that loads ONNX files runs in; throws when its virtualenv is not built. */
export function ortPython(python: FoundPython): string {
  const dir = ortVenvDir(python);
  if (!overlayReady(dir)) throw new Error(`the onnxruntime virtualenv ${dir} is not built`);
  return overlayPython(dir);
}

/** The ONNX files the plan loads, and the virtualenv that runs them: built once, reused. */
export async function prepareOnnx(plan: CellPlan, python: FoundPython, log: (line: string) => void): Promise<void> {
  for (const s of plan.steps) {
    if (s.op !== 'load' || s.source !== ORT_SOURCE.name) continue;
    const spec = findModel(s.model);
    if (spec) await ensureOnnxFile(plan.cacheDir, spec, plan.seed, log);
  }
  await ensureOverlayVenv(ortVenvDir(python), 'onnxruntime', ORT_REQUIREMENTS, python, log);
}
