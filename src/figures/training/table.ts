import type { CellRecord } from '../../store/cell-record.js';
import { fixed, mib } from '../../tables/format.js';
import type { Grid } from '../../tables/grid.js';
import { trainingRows } from './rows.js';

/** Training runs as display rows: peak while training, step time, and checkpointing's saving and cost. */
export function trainingGrid(records: readonly CellRecord[]): Grid | undefined {
  const rows = trainingRows(records);
  if (!rows.length) return undefined;
  const scenarios = new Set(rows.map((t) => t.record.scenario)).size > 1;
  const repeats = rows.some((t) => t.record.repeat > 1);
  const pct = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(1)}%`);
  return {
    header: [...(scenarios ? ['scenario'] : []), 'variant', 'device', ...(repeats ? ['rep'] : []), 'checkpointing', 'batch', 'seq', 'steps', 'train peak', 'step s', 'saved', 'saved %', 'slower %', 'final loss'],
    rows: rows.map((t) => [
      ...(scenarios ? [t.record.scenario] : []),
      t.record.variant,
      t.record.device,
      ...(repeats ? [String(t.record.repeat)] : []),
      t.figures.checkpointing ? 'on' : 'off',
      String(t.figures.batch),
      String(t.figures.seq),
      String(t.figures.steps.length),
      mib(t.figures.train_peak_mib),
      fixed(t.figures.step_s_median, 3),
      mib(t.saving_mib),
      pct(t.saving_pct),
      pct(t.slowdown_pct),
      fixed(t.figures.loss_final, 6),
    ]),
  };
}
