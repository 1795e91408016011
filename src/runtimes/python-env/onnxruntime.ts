import { z } from 'zod';
import type { CellPlan } from '../../protocol/plan.js';
import { findModel } from '../../models/catalogue.js';
import { ensureOnnxFile } from '../onnx-files/onnx-file.js';
import type { SourceRule } from '../runtime.js';

/**
 * onnxruntime's Python API, as most ONNX serving runs (pinned in extras.ts), for plans that load a
 * catalogue model's ONNX file: the same file the node runtime builds (src/runtimes/onnx-files/).
 */

export const ORT_SOURCE: SourceRule = {
  name: 'onnx',
  description: "the catalogue model's ONNX file (its tensors as initializers, as the node runtime builds it) run by onnxruntime's Python API (onnxruntime 1.20.1, in a virtualenv over the project's)",
  refuses: (model) => (model.tensors.every((t) => t.dtype === 'float32') ? undefined : `model ${model.name} has tensors that are not float32; the ONNX builder writes float32 only`),
};

export const ORT_FILE_SOURCE: SourceRule = {
  name: 'onnx:',
  prefix: true,
  userModel: 'file',
  description:
    "onnx:<path>: an ONNX file of your own, run by onnxruntime's Python API; its inputs are built from the session's (zeros for floats, ones for integers, 1 for a dynamic batch, 16 for other dynamic sizes)",
};

/** The session and run options users set, as runtime options of the python runtime (`options:`). */
export const ORT_OPTIONS = {
  ort_arena: z.coerce.boolean().optional().describe('SessionOptions.enable_cpu_mem_arena (default true)'),
  ort_arena_extend: z.enum(['kNextPowerOfTwo', 'kSameAsRequested']).optional().describe("the CPU arena's arena_extend_strategy (session config)"),
  ort_shrink_arena: z.coerce.boolean().optional().describe('each run with the run option memory.enable_memory_arena_shrinkage=cpu:0'),
  ort_initializers_device_allocator: z.coerce.boolean().optional().describe('session.use_device_allocator_for_initializers=1: weights outside the arena'),
};

/** The ONNX files the plan loads: built once, reused. */
export async function prepareOnnxFiles(plan: CellPlan, log: (line: string) => void): Promise<void> {
  for (const s of plan.steps) {
    if (s.op !== 'load' || s.source !== ORT_SOURCE.name) continue;
    const spec = findModel(s.model);
    if (spec) await ensureOnnxFile(plan.cacheDir, spec, plan.seed, log);
  }
}
