import type { CellRecord } from '../store/cell-record.js';
import { trainingRows } from '../store/training-table.js';
import { mib } from './format.js';

/** Training cells as display rows: peak while training, step time, and checkpointing's saving and cost. */
export function trainingGrid(records: readonly CellRecord[]): { header: string[]; rows: string[][] } | undefined {
  const rows = trainingRows(records);
  if (!rows.length) return undefined;
  const scenarios = new Set(rows.map((r) => r.scenario)).size > 1;
  const repeats = rows.some((r) => Number(r.repeat) > 1);
  const pct = (v: unknown) => (v === undefined ? '-' : `${Number(v).toFixed(1)}%`);
  return {
    header: [...(scenarios ? ['scenario'] : []), 'variant', 'device', ...(repeats ? ['rep'] : []), 'checkpointing', 'batch', 'seq', 'steps', 'train peak', 'step s', 'saved', 'saved %', 'slower %', 'final loss'],
    rows: rows.map((r) => [
      ...(scenarios ? [String(r.scenario)] : []),
      String(r.variant),
      String(r.device),
      ...(repeats ? [String(r.repeat)] : []),
      String(r.checkpointing),
      String(r.batch),
      String(r.seq),
      String(r.steps),
      mib(r.train_peak_mib),
      r.step_s_median === undefined ? '-' : Number(r.step_s_median).toFixed(3),
      mib(r.saving_mib),
      pct(r.saving_pct),
      pct(r.slowdown_pct),
      r.loss_final === undefined ? '-' : Number(r.loss_final).toFixed(6),
    ]),
  };
}
