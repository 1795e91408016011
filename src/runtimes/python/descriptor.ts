import type { PlanOp } from '../../protocol/plan.js';
import { z } from 'zod';
import { ORT_OPTIONS, ORT_SOURCE } from '../python-env/onnxruntime.js';
import { CPU_ACTIONS, CUDA_ACTIONS, TORCH, TORCH_OPTIONS } from '../python-env/torch.js';
import type { RuntimeDescriptor } from '../runtime.js';

// requests: the script runs the inferences one after another (the serving runtime sends them concurrently).
const BASIC_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'keep', 'spike', 'infer', 'to', 'train_begin', 'train_phase', 'train_end', 'requests_begin', 'requests_end'];

export const PYTHON: RuntimeDescriptor = {
  name: 'python',
  description: "Python + PyTorch (runners/python); ONNX files through onnxruntime's Python API (source onnx)",
  devices: {
    cpu: { actions: CPU_ACTIONS, noop: [], ops: BASIC_OPS, isolation: ['in-process', 'process-per-model'] },
    cuda: { actions: CUDA_ACTIONS, noop: [], ops: [...BASIC_OPS, 'init'], isolation: ['in-process', 'process-per-model'] },
  },
  ...TORCH,
  sources: [...TORCH.sources, ORT_SOURCE],
  options: z.looseObject({ ...TORCH_OPTIONS, ...ORT_OPTIONS }),
};
