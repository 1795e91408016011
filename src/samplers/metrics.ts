import { RUNTIMES } from '../runtimes/registry.js';
import type { MetricInfo } from '../runtimes/runtime.js';

/**
 * The metrics the harness measures from outside the runner (/proc, cgroup, GPU), in MiB. Their order
 * is the first columns of marks.csv and samples.csv; the runtimes' in-process metrics follow.
 */
export const OUTSIDE_METRICS: Readonly<Record<string, MetricInfo>> = {
  rss: { label: 'rss', description: 'resident set size, statm resident (process tree)', exactPeak: (r) => r.hwm },
  // No exact peak: the kernel keeps one of all resident pages only (VmHWM), and file pages mapped and
  // unmapped between two marks (from_pretrained reading safetensors) would count in it.
  private: { label: 'private', description: "statm resident - shared: psutil's rss - shared, the article's CPU metric" },
  anon: { label: 'anon', description: 'resident anonymous memory: statm resident - shared, which is what RssAnon of /proc/PID/status counts, read at every tick' },
  file: { label: 'file', description: 'RssFile from /proc/PID/status (file-backed pages, e.g. mmapped safetensors)' },
  shmem: { label: 'shmem', description: 'RssShmem from /proc/PID/status' },
  pss: { label: 'pss', description: 'Pss from /proc/PID/smaps_rollup (at marks only: it walks every mapping)' },
  hwm: {
    label: 'hwm',
    description: 'VmHWM from /proc/PID/status: the exact resident peak since the previous mark (reclaim resets it at each mark through /proc/PID/clear_refs; at the first mark, since the start); for several processes the sum of their peaks, an upper bound',
    exactPeak: (r) => r.hwm,
  },
  cgroup: {
    label: 'cgroup',
    description: 'memory.current (or memory.usage_in_bytes) when the runner is in a memory-limited cgroup',
    exactPeak: (r) => r.cgroup_peak,
  },
  cgroup_peak: { label: 'cgroup peak', description: "memory.peak of the runner's cgroup v2, at marks: its usage peak since the previous mark where the kernel lets reclaim reset it (6.12+), else since the cell began" },
  vram_process: { label: 'nvidia-smi (process)', description: "GPU memory of the runner's pids (NVML / nvidia-smi --query-compute-apps)", gpu: 'held' },
  vram_device: { label: 'nvidia-smi (device)', description: 'GPU memory used on the whole device' },
};

/** Every metric: measured from outside, then what each runtime's runner reports from inside (registry order). */
export const METRICS: Readonly<Record<string, MetricInfo>> = Object.assign({}, OUTSIDE_METRICS, ...RUNTIMES.map((r) => r.metrics));

/** A metric's name; see METRICS. */
export type Metric = string;

export const METRIC_NAMES: readonly Metric[] = Object.keys(METRICS);

export const IN_PROCESS_METRIC_NAMES: readonly Metric[] = METRIC_NAMES.filter((m) => !Object.hasOwn(OUTSIDE_METRICS, m));

export function isMetric(name: string): boolean {
  return Object.hasOwn(METRICS, name);
}

/** The metrics drawn against nvidia-smi's per-process figure: GPU memory a process holds. */
export const GPU_HELD_METRICS: readonly Metric[] = METRIC_NAMES.filter((m) => METRICS[m]!.gpu === 'held');

/** A reading: MiB per metric, absent where not measured. */
export type Reading = Partial<Record<Metric, number>>;

export const MIB = 1024 * 1024;
