import { z } from 'zod';
import { LIMITS } from '../../limits.js';
import type { PlanOp } from '../../protocol/plan.js';
import { CPU_ACTIONS, CUDA_ACTIONS, TORCH } from '../python-env/torch.js';
import type { RuntimeDescriptor } from '../runtime.js';

// The server runs the Python runner's models and release actions (runners/python/reclaim_runner), so
// it reads the same sources and has the same actions; the client adds marks, sleeps and load tests.
const OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'infer', 'to', 'requests_begin', 'requests_end'];
const ISOLATION = ['in-process', 'process-per-model'] as const;

// Bounded: a pool of 0 threads fails only once the server runs, a trim every microsecond is a busy loop.
const OPTIONS = z.looseObject({
  threads: z.coerce.number().int().min(1).max(1024).optional(),
  endpoints: z.enum(['sync', 'async']).optional(),
  trim_every_ms: z.coerce.number().refine((v) => v === 0 || (v >= 10 && v <= 3_600_000), 'is 0 (off) or from 10 to 3600000 ms').optional(),
  control_timeout_s: z.coerce.number().positive().max(LIMITS.timeoutS).optional(),
  start_timeout_s: z.coerce.number().positive().max(LIMITS.timeoutS).optional(),
});

export const SERVING: RuntimeDescriptor = {
  name: 'serving',
  description: 'a model-serving API: FastAPI on uvicorn (runners/python/serve.py), driven over HTTP on 127.0.0.1 by runners/serving',
  devices: {
    cpu: { actions: CPU_ACTIONS, noop: [], ops: OPS, isolation: ISOLATION },
    cuda: { actions: CUDA_ACTIONS, noop: [], ops: [...OPS, 'init'], isolation: ISOLATION },
  },
  ...TORCH,
  options: OPTIONS,
};
