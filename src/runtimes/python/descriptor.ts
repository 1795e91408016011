import type { PlanOp } from '../../protocol/plan.js';
import { z } from 'zod';
import { EXTRA_ACTIONS } from '../python-env/extras.js';
import { ORT_FILE_SOURCE, ORT_OPTIONS, ORT_SOURCE } from '../python-env/onnxruntime.js';
import { CPU_ACTIONS, CUDA_ACTIONS, TORCH, TORCH_OPTIONS } from '../python-env/torch.js';
import type { RuntimeDescriptor } from '../runtime.js';

// requests: the script runs the inferences one after another (the serving runtime sends them concurrently).
const BASIC_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'keep', 'spike', 'infer', 'to', 'train_begin', 'train_phase', 'train_end', 'requests_begin', 'requests_end'];

export const PYTHON: RuntimeDescriptor = {
  name: 'python',
  libc: { loader: true },
  description: "Python + PyTorch (runners/python); ONNX files through onnxruntime's Python API (source onnx)",
  devices: {
    cpu: { actions: [...CPU_ACTIONS, ...EXTRA_ACTIONS], noop: [], ops: BASIC_OPS, isolation: ['in-process', 'process-per-model'] },
    cuda: { actions: [...CUDA_ACTIONS, ...EXTRA_ACTIONS], noop: [], ops: [...BASIC_OPS, 'init'], isolation: ['in-process', 'process-per-model'] },
  },
  ...TORCH,
  sources: [...TORCH.sources, ORT_SOURCE, ORT_FILE_SOURCE],
  actions: {
    ...TORCH.actions,
    accelerate_release_memory:
      "model = accelerate.utils.release_memory(model), as Hugging Face users call it: gc.collect() and the device's cache emptied while the caller's variable still holds the model, which is freed when the call returns (accelerate 1.2.1)",
  },
  options: z.looseObject({ ...TORCH_OPTIONS, ...ORT_OPTIONS }),
};
