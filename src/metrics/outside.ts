import type { MetricInfo } from './metric.js';

/**
 * The metrics the harness measures from outside the runner (/proc, cgroup, GPU), in MiB. Their order
 * is the first columns of marks.csv and samples.csv; the runtimes' in-process metrics follow.
 */
export const OUTSIDE_METRICS: Readonly<Record<string, MetricInfo>> = {
  rss: { label: 'rss', description: 'resident set size, statm resident (process tree)', source: 'statm', of: (t) => t.resident, exactPeak: (r) => r.hwm },
  // No exact peak: the kernel keeps one of all resident pages only (VmHWM), and file pages mapped and
  // unmapped between two marks (from_pretrained reading safetensors) would count in it.
  private: { label: 'private', description: "statm resident - shared: psutil's rss - shared, the article's CPU metric", source: 'statm', of: (t) => t.resident - t.shared },
  anon: {
    label: 'anon',
    description: 'resident anonymous memory: statm resident - shared, which is what RssAnon of /proc/PID/status counts, read at every tick',
    source: 'statm',
    of: (t) => t.resident - t.shared,
  },
  file: { label: 'file', description: 'RssFile from /proc/PID/status (file-backed pages, e.g. mmapped safetensors)', source: 'status', of: (t) => t.rssFile },
  shmem: { label: 'shmem', description: 'RssShmem from /proc/PID/status', source: 'status', of: (t) => t.rssShmem },
  pss: { label: 'pss', description: 'Pss from /proc/PID/smaps_rollup (at marks only: it walks every mapping)', source: 'smaps_rollup', marksOnly: true, of: (t) => t.pss },
  hwm: {
    label: 'hwm',
    description: 'VmHWM from /proc/PID/status: the exact resident peak since the previous mark (reclaim resets it at each mark through /proc/PID/clear_refs; at the first mark, since the start); for several processes the sum of their peaks, an upper bound',
    source: 'status',
    of: (t) => t.vmHwm,
    exactPeak: (r) => r.hwm,
  },
  cgroup: {
    label: 'cgroup',
    description: 'memory.current (or memory.usage_in_bytes) when the runner is in a memory-limited cgroup',
    source: 'cgroup',
    exactPeak: (r) => r.cgroup_peak,
  },
  cgroup_peak: {
    label: 'cgroup peak',
    description: "memory.peak of the runner's cgroup v2, at marks: its usage peak since the previous mark where the kernel lets reclaim reset it (6.12+), else since the cell began",
    source: 'cgroup',
    marksOnly: true,
  },
  vram_process: { label: 'nvidia-smi (process)', description: "GPU memory of the runner's pids (NVML / nvidia-smi --query-compute-apps)", source: 'gpu', gpu: 'held' },
  vram_device: { label: 'nvidia-smi (device)', description: 'GPU memory used on the whole device', source: 'gpu' },
};

/** Every resident page of the tree: what the sanity check compares a primary metric with. */
export const RESIDENT = 'rss';
/** Resident pages backed by files (weights mapped from their files show here). */
export const FILE_BACKED = 'file';

/** Whether a metric is host memory read from /proc (statm, status, smaps_rollup). */
export function isProcMetric(name: string): boolean {
  return Object.hasOwn(OUTSIDE_METRICS, name) && OUTSIDE_METRICS[name]!.of !== undefined;
}

/** memory.peak at a mark (read and reset there, through one descriptor). */
export const CGROUP_PEAK = 'cgroup_peak';

/** What GPU readers report as held by the measured processes (cleared when their pids cannot be matched). */
export const GPU_PROCESS_METRICS: readonly string[] = Object.keys(OUTSIDE_METRICS).filter((m) => OUTSIDE_METRICS[m]!.source === 'gpu' && OUTSIDE_METRICS[m]!.gpu === 'held');

/** The /proc metrics a source gives (statm's every tick; status's when asked), derived from the declarations. */
export function procMetrics(sources: ReadonlySet<string>): [string, MetricInfo][] {
  return Object.entries(OUTSIDE_METRICS).filter(([, m]) => m.of !== undefined && sources.has(m.source!));
}
