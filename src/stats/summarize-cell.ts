import type { MarkRecord } from '../orchestrator/cell-result.js';
import type { Sample } from '../samplers/background.js';
import type { Metric } from '../samplers/metrics.js';
import { median, slope } from './math.js';

/** The numbers summary.csv reports for one run of a cell (MiB; see DESIGN.md for the definitions). */
export interface CellFigures {
  baseline_mib?: number;
  peak_mib?: number;
  residual_mib?: number;
  retained_mib?: number;
  release_ratio?: number;
  drift_mib_per_cycle?: number;
}

export function summarizeCell(marks: readonly MarkRecord[], samples: readonly Sample[], metric: Metric): CellFigures {
  const at = (m: MarkRecord) => m.reading[metric];
  const values = marks.map(at).filter((v): v is number => v !== undefined);
  const sampled = samples.map((s) => s.reading[metric]).filter((v): v is number => v !== undefined);
  const out: CellFigures = {};
  const baseline = marks[0] ? at(marks[0]) : undefined;
  if (baseline !== undefined) out.baseline_mib = baseline;
  const all = [...values, ...sampled];
  // Math.max(...all) would overflow the stack on long sample series.
  if (all.length) out.peak_mib = all.reduce((a, b) => (b > a ? b : a), -Infinity);

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
