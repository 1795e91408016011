import type { PlanOp } from '../../protocol/plan.js';
import { ISOLATIONS } from '../../protocol/plan.js';
import type { RuntimeDescriptor } from '../runtime.js';

const OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'keep', 'infer'];
const ISOLATION = ['in-process', 'process-per-model'] as const satisfies readonly (typeof ISOLATIONS)[number][];

export const NODE: RuntimeDescriptor = {
  name: 'node',
  libc: { loader: true },
  description: 'Node + onnxruntime-node sessions of ONNX files built from the shape catalogue (runners/node)',
  devices: {
    // gc is global.gc() (node_gc); del_params and to_cpu have nothing to act on; every unload is session.release().
    cpu: { actions: ['gc', 'node_gc', 'malloc_trim', 'jemalloc_purge', 'tcmalloc_release_free_memory', 'del_params', 'to_cpu', 'release_session'], noop: ['del_params', 'to_cpu', 'release_session'], ops: OPS, isolation: ISOLATION },
    cuda: { actions: ['gc', 'node_gc', 'release_session'], noop: ['release_session'], ops: OPS, isolation: ISOLATION },
  },
  sources: [
    { name: 'auto', description: 'synthetic' },
    { name: 'synthetic', description: 'an ONNX file built once from the catalogue, weights from a fixed seed' },
  ],
  actions: {
    gc: 'global.gc() (Node started with --expose-gc)',
    node_gc: 'global.gc() (Node started with --expose-gc)',
    malloc_trim: "malloc_trim(0) through koffi, as Python's ctypes does",
    jemalloc_purge: 'mallctl("arena.4096.purge") through koffi, in the preloaded jemalloc (fails when there is none)',
    tcmalloc_release_free_memory: 'MallocExtension_ReleaseFreeMemory() through koffi, in the preloaded tcmalloc (fails when there is none)',
    del_params: 'nothing to drop in Node (a no-op)',
    to_cpu: 'nothing to move in Node (a no-op)',
    release_session: 'await session.release() (every unload does it already)',
  },
  metrics: {
    node_heap: { label: 'Node heap', description: 'process.memoryUsage().heapUsed (in-process)' },
    node_external: { label: 'Node external', description: 'process.memoryUsage().external (in-process)' },
  },
};
