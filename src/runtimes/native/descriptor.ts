import type { PlanOp } from '../../protocol/plan.js';
import { GLIBC_METRICS, glibcParts } from '../glibc/metrics.js';
import type { RuntimeDescriptor } from '../runtime.js';

const BASIC_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'keep'];

/** What each release action does in the C and CUDA runners (most are no-ops there: nothing to collect). */
const ACTIONS: Record<string, string> = {
  gc: 'nothing to collect in C (a no-op)',
  del_params: 'nothing to drop in C (a no-op)',
  to_cpu: 'nothing to move in C (a no-op)',
  malloc_trim: 'malloc_trim(0)',
  jemalloc_purge: 'mallctl("arena.4096.purge") found with dlsym in the preloaded jemalloc (fails when there is none)',
  tcmalloc_release_free_memory: 'MallocExtension_ReleaseFreeMemory() found with dlsym in the preloaded tcmalloc (fails when there is none)',
  empty_cache: 'nothing is cached by the CUDA runner (a no-op)',
  device_reset: 'cudaDeviceReset()',
};

export const NATIVE: RuntimeDescriptor = {
  name: 'native',
  libc: { loader: true, musl: true },
  description: 'C on glibc (runners/native/src), CUDA on the GPU (runners/native/cuda): the same tensor sizes, no framework',
  devices: {
    // gc, del_params and to_cpu are no-ops in C (as del_params and to_cpu of a CPU model are in
    // Python), so the catalogue's "del + gc" strategies mean "free" here; on the GPU, gc and
    // empty_cache have nothing to collect.
    cpu: { actions: ['gc', 'del_params', 'to_cpu', 'malloc_trim', 'jemalloc_purge', 'tcmalloc_release_free_memory'], noop: ['gc', 'del_params', 'to_cpu'], ops: [...BASIC_OPS, 'spike'], isolation: ['in-process'] },
    cuda: { actions: ['gc', 'empty_cache', 'device_reset'], noop: ['gc', 'empty_cache'], ops: [...BASIC_OPS, 'init'], isolation: ['in-process'] },
  },
  sources: [
    { name: 'auto', description: 'synthetic' },
    { name: 'synthetic', description: "the catalogue's tensor sizes, allocated as PyTorch's CPU allocator does (cudaMalloc on the GPU)" },
  ],
  actions: ACTIONS,
  metrics: {
    ...GLIBC_METRICS,
    cuda_used: { label: 'cudaMemGetInfo used', description: 'total - free of cudaMemGetInfo, the device as the process sees it (in-process, CUDA runner)', gpu: 'held' },
  },
  explain(first, settled, _device, actions) {
    // The CUDA runner frees everything it allocated: what stays on the GPU is its context.
    if (settled.cuda_used !== undefined && settled.vram_process !== undefined) return [{ what: 'the CUDA context', mib: settled.vram_process - (first.vram_process ?? 0), fix: 'only ending the process (or cudaDeviceReset) returns it' }];
    return glibcParts(first, settled, actions);
  },
};
