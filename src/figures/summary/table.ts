import { axisValue, type CellRecord } from '../../store/cell-record.js';
import { fixed, mib, percent } from '../../tables/format.js';
import type { Grid } from '../../tables/grid.js';
import { summaryOf } from './figures.js';
import { settingAxes } from '../../scenario/axes.js';
import { SOURCE_AXIS } from '../../scenario/axes.js';

/** An axis value as tables show it: "(unset)" for empty, and what `source: auto` became ("auto->pretrained"). */
export function axisShown(r: CellRecord, axis: string): string {
  const v = axisValue(r, axis);
  if (v === undefined) return '';
  if (v === '') return '(unset)';
  const resolved = r.sources ? [...new Set(Object.values(r.sources))].join('+') : '';
  return String(v) + (axis === SOURCE_AXIS && v === 'auto' && resolved ? `->${resolved}` : '');
}

/** The summary as display rows, one per cell and repeat: shared by the terminal, summary.md and index.html. */
export function summaryGrid(records: readonly CellRecord[]): Grid {
  const axes = [...new Set(records.flatMap((r) => settingAxes(Object.keys(r.axes))))];
  const scenarios = new Set(records.map((r) => r.scenario)).size > 1;
  const repeats = records.some((r) => r.repeat > 1);
  const header = [...(scenarios ? ['scenario'] : []), 'variant', ...axes, ...(repeats ? ['rep'] : []), 'status', 'metric', 'baseline', 'peak', 'residual', 'retained', 'release', 'drift/cycle', 'wall s'];
  const rows = records.map((r) => {
    const f = summaryOf(r) ?? {};
    return [
      ...(scenarios ? [r.scenario] : []),
      r.variant,
      ...axes.map((a) => axisShown(r, a)),
      ...(repeats ? [String(r.repeat)] : []),
      r.status,
      r.metric,
      mib(f.baseline_mib),
      mib(f.peak_mib),
      mib(f.residual_mib),
      mib(f.retained_mib),
      percent(f.release_ratio),
      fixed(f.drift_mib_per_cycle, 2),
      fixed(r.wall_s, 1),
    ];
  });
  return { header, rows, rowClass: records.map((r) => `status-${r.status}`) };
}
