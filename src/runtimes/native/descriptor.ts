import type { PlanOp } from '../../protocol/plan.js';
import type { RuntimeDescriptor } from '../runtime.js';

const BASIC_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'keep'];

export const NATIVE: RuntimeDescriptor = {
  name: 'native',
  description: 'C on glibc (native/src), CUDA on the GPU (native/cuda): the same tensor sizes, no framework',
  devices: {
    // gc, del_params and to_cpu are no-ops in C (as del_params and to_cpu of a CPU model are in
    // Python), so the catalogue's "del + gc" strategies mean "free" here; on the GPU, gc and
    // empty_cache have nothing to collect.
    cpu: { actions: ['gc', 'del_params', 'to_cpu', 'malloc_trim'], noop: ['gc', 'del_params', 'to_cpu'], ops: BASIC_OPS, isolation: ['in-process'] },
    cuda: { actions: ['gc', 'empty_cache', 'device_reset'], noop: ['gc', 'empty_cache'], ops: [...BASIC_OPS, 'init'], isolation: ['in-process'] },
  },
  sources: [
    { name: 'auto', description: 'synthetic' },
    { name: 'synthetic', description: "the catalogue's tensor sizes, allocated as PyTorch's CPU allocator does (cudaMalloc on the GPU)" },
  ],
  actions: {
    gc: 'nothing to collect in C (a no-op)',
    del_params: 'nothing to drop in C (a no-op)',
    to_cpu: 'nothing to move in C (a no-op)',
    malloc_trim: 'malloc_trim(0)',
    empty_cache: 'nothing is cached by the CUDA runner (a no-op)',
    device_reset: 'cudaDeviceReset()',
  },
  metrics: {
    malloc_heap: { label: 'glibc heap', description: 'glibc mallinfo2().arena: heap bytes glibc holds from the kernel (in-process, native runner)' },
    malloc_free: { label: 'glibc free', description: 'glibc mallinfo2().fordblks: free bytes inside that heap, resident until trimmed (in-process, native runner)' },
    malloc_mmap: { label: 'glibc mmapped', description: 'glibc mallinfo2().hblkhd: bytes in chunks glibc mmapped (in-process, native runner)' },
    cuda_used: { label: 'cudaMemGetInfo used', description: 'total - free of cudaMemGetInfo, the device as the process sees it (in-process, CUDA runner)', gpu: 'held' },
  },
};
