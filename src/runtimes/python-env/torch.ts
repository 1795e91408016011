import { z } from 'zod';
import { DEVICES } from '../devices.js';
import { GLIBC_METRICS, glibcParts } from '../glibc/metrics.js';
import type { RuntimeDescriptor } from '../runtime.js';

/**
 * What every runtime built on the Python runner's PyTorch code shares (the python runtime's script,
 * the serving runtime's server): its release actions, model sources, in-process metrics and account
 * of retained memory. Each runtime adds its own steps and isolation.
 */
export const CPU_ACTIONS = ['gc', 'malloc_trim', 'del_params', 'to_cpu', 'jemalloc_purge', 'tcmalloc_release_free_memory'];
export const CUDA_ACTIONS = [...CPU_ACTIONS, 'empty_cache', 'ipc_collect', 'clear_cublas_workspaces', 'clear_cufft_plans', 'host_empty_cache', 'device_reset'];

/** torch's intra-op threads (torch.set_num_threads at start-up), which both runtimes on this runner take. */
export const TORCH_OPTIONS = {
  torch_threads: z.coerce.number().int().min(1).max(1024).optional(),
};

export const TORCH: Pick<RuntimeDescriptor, 'sources' | 'actions' | 'metrics' | 'explain' | 'allocatorVariables'> = {
  sources: [
    { name: 'auto', description: 'pretrained when transformers is installed, else synthetic' },
    { name: 'synthetic', description: "torch modules with exactly the catalogue's parameters, random weights from a fixed seed" },
    {
      name: 'pretrained',
      description: 'AutoModel.from_pretrained of a checkpoint transformers builds once from the public config',
      refuses: (model) => (model.architecture ? undefined : `model ${model.name} has no transformers architecture; use source synthetic`),
      note: '(AutoModel.from_pretrained of checkpoints built once from the public configs)',
      faithful: true,
    },
    { name: 'hf:', prefix: true, description: 'hf:<name-or-path>: AutoModel.from_pretrained of your own directory (or a hub name with HF_HUB_OFFLINE=0)', userModel: 'directory' },
  ],
  actions: {
    gc: 'gc.collect()',
    malloc_trim: "ctypes.CDLL('libc.so.6').malloc_trim(0)",
    jemalloc_purge: 'mallctl("arena.4096.purge") through ctypes, in the jemalloc the process has preloaded (fails when it has none)',
    tcmalloc_release_free_memory: 'MallocExtension_ReleaseFreeMemory() through ctypes, in the tcmalloc the process has preloaded (fails when it has none)',
    del_params: 'loop over named parameters and buffers and del each loop variable (article CPU variant 2)',
    to_cpu: 'model.cpu() before dropping the model',
    empty_cache: 'torch.cuda.empty_cache()',
    ipc_collect: 'torch.cuda.ipc_collect()',
    clear_cublas_workspaces: 'torch._C._cuda_clearCublasWorkspaces()',
    clear_cufft_plans: 'torch.backends.cuda.cufft_plan_cache.clear()',
    device_reset: 'cudaDeviceReset() through ctypes on libcudart',
    host_empty_cache: "torch._C._host_emptyCache(): the pinned host memory PyTorch's CUDA host allocator caches, back to the system (torch 2.5+)",
  },
  metrics: {
    torch_allocated: { label: 'torch allocated', description: 'torch.cuda.memory_allocated() (in-process)', gpu: 'held' },
    torch_reserved: { label: 'torch reserved', description: 'torch.cuda.memory_reserved() (in-process)', gpu: 'held' },
    torch_max_allocated: { label: 'torch max allocated', description: 'torch.cuda.max_memory_allocated() (in-process)', gpu: 'peak' },
    ...GLIBC_METRICS,
  },
  // PyTorch's own allocator settings: start-up variables a strategy sets, and an inherited shell must not.
  allocatorVariables: ['PYTORCH_CUDA_ALLOC_CONF', 'PYTORCH_NO_CUDA_MEMORY_CACHING'],
  explain(first, settled, device, actions) {
    if (!DEVICES[device].gpu) return glibcParts(first, settled, actions);
    // On the GPU: PyTorch's cache, and what neither tensors nor the cache hold (the context).
    const { torch_reserved: reserved, torch_allocated: allocated, vram_process: vram } = settled;
    if (reserved === undefined || allocated === undefined) return [];
    return [
      { what: "blocks PyTorch's caching allocator keeps reserved but unused", mib: reserved - allocated, fix: 'torch.cuda.empty_cache() would return them' },
      ...(vram !== undefined ? [{ what: 'the CUDA context and driver memory (neither tensors nor cache)', mib: vram - reserved - (first.vram_process ?? 0), fix: 'only ending the process returns it' }] : []),
    ];
  },
};
