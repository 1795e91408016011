import { strategy, type Strategy } from './strategy.js';

/**
 * The article's CPU variants under descriptive names, then the extra ones REFERENCE.md asks about.
 * Every unload is `del` + the actions below; `gc` is the article's gc.collect().
 */
export const STRATEGIES: readonly Strategy[] = [
  strategy({ name: 'del-gc', origin: 'article CPU 1', description: 'del model; gc.collect()' }),
  strategy({
    name: 'del-params-gc',
    origin: 'article CPU 2',
    description: 'del each named parameter/buffer loop variable, then del model; gc.collect()',
    beforeUnload: ['del_params'],
  }),
  strategy({
    name: 'malloc-trim',
    origin: 'article CPU 3',
    description: 'del model; gc.collect(); malloc_trim(0) through ctypes',
    afterUnload: ['gc', 'malloc_trim'],
  }),
  strategy({
    name: 'del-params-cpu-trim',
    origin: 'article CPU 4',
    description: 'del parameters by name, model.cpu(), del model; gc.collect(); malloc_trim(0)',
    beforeUnload: ['del_params', 'to_cpu'],
    afterUnload: ['gc', 'malloc_trim'],
  }),
  strategy({
    name: 'trim-threshold-setenv',
    origin: 'article CPU 5',
    description: 'os.environ["MALLOC_TRIM_THRESHOLD_"] = "-1" set inside the running process, then del + gc',
    setenvInProcess: { MALLOC_TRIM_THRESHOLD_: '-1' },
  }),
  strategy({
    name: 'trim-threshold-startup',
    origin: 'article CPU 6',
    description: 'process started with MALLOC_TRIM_THRESHOLD_=-1, then del + gc',
    env: { MALLOC_TRIM_THRESHOLD_: '-1' },
  }),
  strategy({
    name: 'trim-threshold-tunable',
    description: 'the same setting spelled GLIBC_TUNABLES=glibc.malloc.trim_threshold=..., then del + gc',
    env: { GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=18446744073709551615' },
  }),
  strategy({
    name: 'mmap-threshold-startup',
    description: 'process started with MALLOC_MMAP_THRESHOLD_=65536 (big tensors always mmapped), then del + gc',
    env: { MALLOC_MMAP_THRESHOLD_: '65536' },
  }),
  strategy({
    name: 'arena-max-2',
    description: 'process started with MALLOC_ARENA_MAX=2, then del + gc',
    env: { MALLOC_ARENA_MAX: '2' },
  }),
  strategy({
    name: 'jemalloc',
    description: 'jemalloc through LD_PRELOAD (default decay: 10 s), then del + gc',
    preload: ['libjemalloc.so.2'],
  }),
  strategy({
    name: 'jemalloc-no-decay',
    description: 'jemalloc through LD_PRELOAD with MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0, then del + gc',
    preload: ['libjemalloc.so.2'],
    env: { MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0' },
  }),
  // The article's GPU variants: each unload is del + gc.collect() plus these (variant 1 is del-gc).
  strategy({ name: 'empty-cache', origin: 'article GPU 2', description: 'del model; gc.collect(); torch.cuda.empty_cache()', afterUnload: ['gc', 'empty_cache'] }),
  strategy({
    name: 'ipc-collect',
    origin: 'article GPU 3',
    description: 'GPU 2 + torch.cuda.ipc_collect()',
    afterUnload: ['gc', 'ipc_collect', 'empty_cache'],
  }),
  strategy({
    name: 'clear-cublas',
    origin: 'article GPU 4',
    description: 'GPU 3 + torch._C._cuda_clearCublasWorkspaces()',
    afterUnload: ['gc', 'ipc_collect', 'empty_cache', 'clear_cublas_workspaces'],
  }),
  strategy({
    name: 'clear-cufft',
    origin: 'article GPU 5',
    description: 'GPU 4 + torch.backends.cuda.cufft_plan_cache.clear()',
    afterUnload: ['gc', 'ipc_collect', 'empty_cache', 'clear_cublas_workspaces', 'clear_cufft_plans'],
  }),
  strategy({
    name: 'to-cpu-clear-all',
    origin: 'article GPU 6',
    description: 'model.cpu() before del, then GPU 5',
    beforeUnload: ['to_cpu'],
    afterUnload: ['gc', 'ipc_collect', 'empty_cache', 'clear_cublas_workspaces', 'clear_cufft_plans'],
  }),
  strategy({
    name: 'device-reset',
    origin: 'article GPU 7',
    description: 'GPU 5 + cudaDeviceReset() through ctypes (PyTorch fails at the next CUDA call)',
    afterUnload: ['gc', 'ipc_collect', 'empty_cache', 'clear_cublas_workspaces', 'clear_cufft_plans', 'device_reset'],
  }),
  strategy({ name: 'to-cpu-gc', origin: 'article GPU 8', description: 'model.cpu() before del, gc.collect(), no empty_cache', beforeUnload: ['to_cpu'] }),
  strategy({
    name: 'to-cpu-host-empty-cache',
    description: 'model.cpu() before del (weights offloaded to host RAM), gc.collect(), torch.cuda.empty_cache(), then torch._C._host_emptyCache(): the pinned host memory cache emptied too',
    beforeUnload: ['to_cpu'],
    afterUnload: ['gc', 'empty_cache', 'host_empty_cache'],
  }),
  strategy({
    name: 'process-per-model',
    description: 'each model lives in a short-lived child process that exits when it is unloaded: the "everything returned" reference',
    isolation: 'process-per-model',
  }),
  strategy({
    name: 'accelerate-release-memory',
    description: 'model = accelerate.utils.release_memory(model) (gc.collect() and the device cache emptied inside the call), nothing after: what Hugging Face users call',
    beforeUnload: ['accelerate_release_memory'],
    afterUnload: [],
  }),
  strategy({
    name: 'recycle-worker',
    description: "every model in one worker process, replaced by a fresh one after each unload (options.recycle_after: after every N): the models still in use are loaded again first, gunicorn's max_requests style",
    isolation: 'recycled-worker',
    options: { recycle_after: 1 },
  }),
  strategy({
    name: 'recycle-worker-after-3',
    description: 'recycle-worker, the worker replaced after every third unload: what the first two swaps leave stays until then',
    isolation: 'recycled-worker',
    options: { recycle_after: 3 },
  }),
  strategy({
    name: 'tcmalloc',
    description: 'tcmalloc (gperftools, minimal) through LD_PRELOAD, then del + gc',
    preload: ['libtcmalloc_minimal.so.4'],
  }),
  strategy({
    name: 'tcmalloc-release',
    description: 'tcmalloc through LD_PRELOAD with TCMALLOC_RELEASE_RATE=10 (its most eager return of free pages to the system), then del + gc',
    preload: ['libtcmalloc_minimal.so.4'],
    env: { TCMALLOC_RELEASE_RATE: '10' },
  }),
  strategy({
    name: 'tcmalloc-release-free-memory',
    description: 'tcmalloc through LD_PRELOAD; after each unload, del + gc, then MallocExtension_ReleaseFreeMemory()',
    preload: ['libtcmalloc_minimal.so.4'],
    afterUnload: ['gc', 'tcmalloc_release_free_memory'],
  }),
  strategy({
    name: 'jemalloc-purge',
    description: 'jemalloc through LD_PRELOAD; after each unload, del + gc, then mallctl("arena.<all>.purge") (MALLCTL_ARENAS_ALL = 4096)',
    preload: ['libjemalloc.so.2'],
    afterUnload: ['gc', 'jemalloc_purge'],
  }),
  strategy({
    name: 'jemalloc-thp-never',
    description: 'jemalloc through LD_PRELOAD with MALLOC_CONF=thp:never (no transparent huge pages for its memory), then del + gc',
    preload: ['libjemalloc.so.2'],
    env: { MALLOC_CONF: 'thp:never' },
  }),
  strategy({
    name: 'mimalloc',
    description: "mimalloc through LD_PRELOAD (Debian's 2.0: freed pages decommitted after 25 ms, segments after 500 ms), then del + gc",
    preload: ['libmimalloc.so.2'],
  }),
  strategy({
    name: 'mimalloc-purge-now',
    description: 'mimalloc through LD_PRELOAD with its decommit (2.1+: purge) delays at 0, then del + gc',
    preload: ['libmimalloc.so.2'],
    env: { MIMALLOC_DECOMMIT_DELAY: '0', MIMALLOC_SEGMENT_DECOMMIT_DELAY: '0', MIMALLOC_PURGE_DELAY: '0' },
  }),
  strategy({
    name: 'thp-disabled',
    description: 'transparent huge pages disabled for the process (prctl PR_SET_THP_DISABLE before it starts, inherited by its children), then del + gc',
    thpDisabled: true,
  }),
  strategy({
    name: 'glibc-hugetlb',
    description: 'GLIBC_TUNABLES=glibc.malloc.hugetlb=1: glibc asks for transparent huge pages (madvise) for its heap (glibc 2.35+), then del + gc',
    env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' },
  }),
  strategy({
    name: 'trim-from-outside',
    description: "after each unload, the server's processes get their allocator's release (glibc: malloc_trim(0)) called from outside by reclaim's call helper: one thread stopped where it waits, put back as it was; any server",
    afterUnload: ['gc', 'trim_from_outside'],
  }),
];

export const DEFAULT_STRATEGY = 'del-gc';

export function findStrategy(name: string): Strategy | undefined {
  return STRATEGIES.find((s) => s.name === name);
}
