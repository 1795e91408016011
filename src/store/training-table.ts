import type { CellRecord } from './cell-record.js';
import { round } from './csv.js';

export const TRAINING_TABLE_COLUMNS = [
  'scenario',
  'variant',
  'repeat',
  'device',
  'checkpointing',
  'batch',
  'seq',
  'steps',
  'train_peak_mib',
  'step_s_median',
  'loss_final',
  'saving_mib',
  'saving_pct',
  'slowdown_pct',
  'cell',
] as const;

type Row = Record<(typeof TRAINING_TABLE_COLUMNS)[number], string | number | undefined>;

/**
 * training.csv: one row per training cell and repeat; a checkpointing-on row also gets the memory it
 * saved and the time it cost against the off row that differs from it in nothing else.
 */
export function trainingRows(records: readonly CellRecord[]): Row[] {
  const trained = records.filter((r) => r.training && r.status === 'ok');
  const key = (r: CellRecord) =>
    JSON.stringify([r.scenario, r.variant, r.repeat, r.device, r.training!.batch, r.training!.seq, Object.entries(r.axes).filter(([k]) => k !== 'checkpointing').sort()]);
  const off = new Map(trained.filter((r) => !r.training!.checkpointing).map((r) => [key(r), r.training!]));
  return trained.map((r) => {
    const t = r.training!;
    const base = t.checkpointing ? off.get(key(r)) : undefined;
    const saving = base?.train_peak_mib !== undefined && t.train_peak_mib !== undefined ? base.train_peak_mib - t.train_peak_mib : undefined;
    return {
      scenario: r.scenario,
      variant: r.variant,
      repeat: r.repeat,
      device: r.device,
      checkpointing: t.checkpointing ? 'on' : 'off',
      batch: t.batch,
      seq: t.seq,
      steps: t.steps.length,
      train_peak_mib: round(t.train_peak_mib, 2),
      step_s_median: round(t.step_s_median, 4),
      loss_final: t.loss_final,
      saving_mib: round(saving, 2),
      saving_pct: saving !== undefined && base?.train_peak_mib ? round((100 * saving) / base.train_peak_mib, 1) : undefined,
      slowdown_pct: base?.step_s_median && t.step_s_median !== undefined ? round(100 * (t.step_s_median / base.step_s_median - 1), 1) : undefined,
      cell: r.cell,
    };
  });
}
