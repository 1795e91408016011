import type { PlanOp } from '../../protocol/plan.js';
import { PYTHON } from '../python/descriptor.js';
import type { RuntimeDescriptor } from '../runtime.js';

// The server runs the Python runner's models and release actions (runners/python/reclaim_runner), so
// it reads the same sources and has the same actions; the client adds marks, sleeps and load tests.
const OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'infer', 'to', 'requests_begin', 'requests_end'];
const ISOLATION = ['in-process', 'process-per-model'] as const;

export const SERVING: RuntimeDescriptor = {
  name: 'serving',
  description: 'a model-serving API: FastAPI on uvicorn (runners/python/serve.py), driven over HTTP on 127.0.0.1 by runners/serving',
  devices: {
    cpu: { ...PYTHON.devices.cpu!, ops: OPS, isolation: ISOLATION },
    cuda: { ...PYTHON.devices.cuda!, ops: [...OPS, 'init'], isolation: ISOLATION },
  },
  sources: PYTHON.sources,
  actions: PYTHON.actions,
  metrics: PYTHON.metrics,
  ...(PYTHON.explain ? { explain: PYTHON.explain } : {}),
};
