/**
 * Release actions a strategy can ask a runner to perform. Each runtime supports a subset
 * (see the runtime's `actions`); a cell whose strategy needs one its runtime lacks is skipped, with the reason.
 */
export const ACTIONS = {
  gc: 'run the language garbage collector (Python gc.collect())',
  malloc_trim: "call glibc malloc_trim(0) (ctypes.CDLL('libc.so.6').malloc_trim(0) in Python)",
  del_params: 'loop over named parameters and buffers and del each loop variable (article CPU variant 2)',
  to_cpu: 'move the model to the CPU (model.cpu()) before dropping it',
  empty_cache: 'torch.cuda.empty_cache()',
  ipc_collect: 'torch.cuda.ipc_collect()',
  clear_cublas_workspaces: 'torch._C._cuda_clearCublasWorkspaces()',
  clear_cufft_plans: 'torch.backends.cuda.cufft_plan_cache.clear()',
  device_reset: 'cudaDeviceReset() through ctypes on libcudart',
  node_gc: 'global.gc() in Node (started with --expose-gc)',
  release_session: 'await session.release() in onnxruntime-node',
} as const;

export type Action = keyof typeof ACTIONS;

export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];
