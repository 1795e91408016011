import type { MarkRecord } from '../protocol/measurement.js';
import type { Metric } from '../metrics/metric.js';
import { FILE_BACKED, isProcMetric, RESIDENT } from '../metrics/outside.js';

/** Below this growth nothing is worth a warning. */
const FLOOR_MIB = 20;

/**
 * Whether the primary metric saw what the loads brought in. Weights loaded from safetensors can stay
 * file-backed (mmapped): `rss` rises by the model's size while `private` (rss - shared) barely moves.
 * Returns a note saying so, and which metric sees it, when the metric saw less than half of rss's growth.
 */
export function metricSanity(marks: readonly MarkRecord[], metric: Metric): string | undefined {
  // Host memory read from /proc only: GPU, cgroup and in-process figures are not rss's to judge.
  if (metric === RESIDENT || marks.length < 2 || !isProcMetric(metric)) return undefined;
  const first = marks[0]!.reading;
  const growth = (m: Metric) => {
    const base = first[m];
    if (base === undefined) return undefined;
    let top = base;
    for (const mark of marks) top = Math.max(top, mark.reading[m] ?? top);
    return top - base;
  };
  const rss = growth(RESIDENT);
  const seen = growth(metric);
  if (rss === undefined || seen === undefined || rss < FLOOR_MIB || seen >= 0.5 * rss) return undefined;
  const file = growth(FILE_BACKED);
  const where = file !== undefined && file >= 0.5 * (rss - seen) ? ` (${file.toFixed(0)} MiB of it file-backed pages: weights mapped from their files, as from_pretrained does with safetensors)` : '';
  return `the primary metric ${metric} saw ${seen.toFixed(1)} of the ${rss.toFixed(1)} MiB the process grew by in rss${where}: it does not count what the loads brought in; --metric ${RESIDENT} counts every resident page`;
}
