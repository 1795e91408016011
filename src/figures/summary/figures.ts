import { z } from 'zod';
import type { MarkRecord } from '../../protocol/measurement.js';
import type { Sample } from '../../protocol/measurement.js';
import { METRICS, type Metric } from '../../metrics/catalogue.js';
import { median, slope } from '../../stats/math.js';
import type { CellRecord } from '../../store/cell-record.js';

/** The numbers summary.csv reports for one run of a cell (MiB; see docs/design.md for the definitions). */
export const SummaryFiguresSchema = z.object({
  baseline_mib: z.number().optional(),
  peak_mib: z.number().optional(),
  residual_mib: z.number().optional(),
  retained_mib: z.number().optional(),
  release_ratio: z.number().optional(),
  drift_mib_per_cycle: z.number().optional(),
  /** Where peak_mib comes from: the kernel's exact peak between marks, or the marks and background samples. */
  peak_source: z.enum(['exact', 'sampled']).optional(),
  /** The peak the marks and the background samples saw (what peak_mib is without an exact figure). */
  peak_sampled_mib: z.number().optional(),
});
export type SummaryFigures = z.infer<typeof SummaryFiguresSchema>;

export function summarizeCell(marks: readonly MarkRecord[], samples: readonly Sample[], metric: Metric): SummaryFigures {
  const at = (m: MarkRecord) => m.reading[metric];
  const values = marks.map(at).filter((v): v is number => v !== undefined);
  const sampled = samples.map((s) => s.reading[metric]).filter((v): v is number => v !== undefined);
  const out: SummaryFigures = {};
  const baseline = marks[0] ? at(marks[0]) : undefined;
  if (baseline !== undefined) out.baseline_mib = baseline;
  // Math.max(...all) would overflow the stack on long sample series.
  let peak = -Infinity;
  for (const v of values) if (v > peak) peak = v;
  for (const v of sampled) if (v > peak) peak = v;
  if (values.length + sampled.length) {
    out.peak_mib = peak;
    out.peak_sampled_mib = peak;
    out.peak_source = 'sampled';
  }
  // The kernel's exact peak between marks (VmHWM reset at each mark), which sampling can miss.
  const exactOf = Object.hasOwn(METRICS, metric) ? METRICS[metric]!.exactPeak : undefined;
  if (exactOf) {
    let exact = -Infinity;
    for (const m of marks) {
      const v = exactOf(m.reading);
      if (v !== undefined && Number.isFinite(v) && v > exact) exact = v;
    }
    if (exact > -Infinity && (out.peak_mib === undefined || exact >= out.peak_mib)) {
      out.peak_mib = exact;
      out.peak_source = 'exact';
    }
  }

  const settled = marks.filter((m) => m.settled && at(m) !== undefined);
  const residual = median(settled.map((m) => at(m)!));
  if (residual !== undefined) out.residual_mib = residual;
  if (residual !== undefined && baseline !== undefined) out.retained_mib = residual - baseline;
  if (residual !== undefined && baseline !== undefined && out.peak_mib !== undefined && out.peak_mib > baseline) {
    out.release_ratio = (out.peak_mib - residual) / (out.peak_mib - baseline);
  }
  // Against the cycle where marks have one, else the settled mark's ordinal (one per cycle).
  const xs = settled.map((m, i) => m.cycle ?? i);
  const drift = slope(xs, settled.map((m) => at(m)!));
  if (drift !== undefined) out.drift_mib_per_cycle = drift;
  return out;
}

/** The family's key in a record's figures. */
export const SUMMARY = 'summary';

/** A record's summary figures (runs that ended ok only). */
export function summaryOf(r: CellRecord): SummaryFigures | undefined {
  return r.status === 'ok' ? (r.figures[SUMMARY] as SummaryFigures | undefined) : undefined;
}
