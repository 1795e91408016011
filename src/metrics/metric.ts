/**
 * What a metric is, declared once: its label and meaning, where it is read (the source), when, and
 * how its value comes from what that source gives. The samplers read what the declarations ask for;
 * marks.csv, samples.csv, charts and `--metric` know metrics from here.
 */

/**
 * Where a metric's value comes from. statm: resident and shared pages, every tick. status:
 * /proc/PID/status (RssFile, RssShmem, VmHWM), at marks, and every tick when the cell's metric is
 * one. smaps_rollup: Pss, which walks every mapping: at marks, when asked. cgroup: the runner's
 * memory cgroup. gpu: the device's reader (nvidia-smi). inproc: the runner reports it with each mark.
 */
export type MetricSource = 'statm' | 'status' | 'smaps_rollup' | 'cgroup' | 'gpu' | 'inproc';

/** What the /proc files of a process tree give, summed over its processes, in bytes. */
export interface ProcTotals {
  resident: number;
  shared: number;
  rssFile: number;
  rssShmem: number;
  vmHwm: number;
  pss: number;
}

export interface MetricInfo {
  /** A few words for legends and subtitles, e.g. "torch reserved". */
  label: string;
  description: string;
  /** In MiB, all of them. */
  unit?: 'MiB';
  /** Where it is read (default inproc: what a runtime declares, its runner reports). */
  source?: MetricSource;
  /** Read at marks only, never in a background tick (it costs too much, or only a mark resets it). */
  marksOnly?: boolean;
  /** A /proc metric's value from the tree's totals, in bytes. */
  of?: (totals: ProcTotals) => number;
  /** GPU memory the process holds (drawn against nvidia-smi's figure), or a peak of it. */
  gpu?: 'held' | 'peak';
  /** From a mark's reading: this metric's exact peak since the previous mark, where the kernel keeps one. */
  exactPeak?: (reading: Readonly<Partial<Record<string, number>>>) => number | undefined;
}

/** A metric's name: see catalogue.ts. */
export type Metric = string;
