/**
 * Every metric recorded at marks and samples, in MiB. The order is the column order of marks.csv and
 * samples.csv. Measured from outside the runner (/proc, cgroup, GPU) unless marked as in-process.
 */
export const METRICS = {
  rss: 'resident set size, statm resident (process tree)',
  private: "statm resident - shared: psutil's rss - shared, the article's CPU metric",
  anon: 'RssAnon from /proc/PID/status',
  file: 'RssFile from /proc/PID/status (file-backed pages, e.g. mmapped safetensors)',
  shmem: 'RssShmem from /proc/PID/status',
  pss: 'Pss from /proc/PID/smaps_rollup (at marks only: it walks every mapping)',
  hwm: 'VmHWM, peak resident size from /proc/PID/status',
  cgroup: 'memory.current (or memory.usage_in_bytes) when the runner is in a memory-limited cgroup',
  vram_process: "GPU memory of the runner's pids (NVML / nvidia-smi --query-compute-apps)",
  vram_device: 'GPU memory used on the whole device',
  torch_allocated: 'torch.cuda.memory_allocated() (in-process)',
  torch_reserved: 'torch.cuda.memory_reserved() (in-process)',
  torch_max_allocated: 'torch.cuda.max_memory_allocated() (in-process)',
  node_heap: 'process.memoryUsage().heapUsed (in-process)',
  node_external: 'process.memoryUsage().external (in-process)',
  malloc_heap: "glibc mallinfo2().arena: heap bytes glibc holds from the kernel (in-process, native runner)",
  malloc_free: 'glibc mallinfo2().fordblks: free bytes inside that heap, resident until trimmed (in-process, native runner)',
  malloc_mmap: 'glibc mallinfo2().hblkhd: bytes in chunks glibc mmapped (in-process, native runner)',
  cuda_used: 'total - free of cudaMemGetInfo, the device as the process sees it (in-process, CUDA runner)',
} as const;

export type Metric = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

/** A reading: MiB per metric, absent where not measured. */
export type Reading = Partial<Record<Metric, number>>;

export const MIB = 1024 * 1024;
