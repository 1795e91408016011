import type { CellStatus } from '../orchestrator/cell-result.js';
import type { CellFigures } from '../stats/summarize-cell.js';
import { round } from './csv.js';

/** The fixed columns of summary.csv (DESIGN.md); matrix axes and details follow them. */
export const SUMMARY_COLUMNS = [
  'scenario',
  'runtime',
  'device',
  'variant',
  'repeat',
  'status',
  'metric',
  'baseline_mib',
  'peak_mib',
  'residual_mib',
  'retained_mib',
  'release_ratio',
  'drift_mib_per_cycle',
  'wall_s',
] as const;

export const DETAIL_COLUMNS = ['cell', 'sources', 'marks', 'reason'] as const;

/** Columns of training cells, present when a run has any. */
export const TRAINING_COLUMNS = ['train_peak_mib', 'step_s_median'] as const;

export type SummaryRow = Record<string, string | number | undefined> & {
  scenario: string;
  runtime: string;
  device: string;
  variant: string;
  repeat: number;
  status: CellStatus;
  metric: string;
  cell: string;
};

export function figuresColumns(f: CellFigures): Partial<SummaryRow> {
  return {
    baseline_mib: round(f.baseline_mib, 2),
    peak_mib: round(f.peak_mib, 2),
    residual_mib: round(f.residual_mib, 2),
    retained_mib: round(f.retained_mib, 2),
    release_ratio: round(f.release_ratio, 4),
    drift_mib_per_cycle: round(f.drift_mib_per_cycle, 3),
  };
}

/** Column name of a matrix axis; prefixed where it would clash with a fixed column. */
export function axisColumn(axis: string): string {
  const taken = [...SUMMARY_COLUMNS, ...DETAIL_COLUMNS, ...TRAINING_COLUMNS] as readonly string[];
  return taken.includes(axis) ? `axis_${axis}` : axis;
}

/** All columns of a summary: fixed, then the matrix axes (strategy is `variant`), then details. */
export function summaryColumns(axes: readonly string[], training = false): string[] {
  const axisCols = [...new Set(axes.filter((a) => a !== 'strategy').map(axisColumn))];
  return [...SUMMARY_COLUMNS, ...(training ? TRAINING_COLUMNS : []), ...axisCols, ...DETAIL_COLUMNS];
}
