import type { CellRecord } from '../../store/cell-record.js';
import type { CsvColumn } from '../../store/csv.js';
import { trainingOf, type TrainingFigures } from './figures.js';

/** One training run, with checkpointing's saving and cost against its "off" twin when it is "on". */
export interface TrainingRow {
  record: CellRecord;
  figures: TrainingFigures;
  saving_mib?: number;
  saving_pct?: number;
  slowdown_pct?: number;
}

/**
 * One row per training run (cell and repeat) that ended ok; a checkpointing-on row also gets the memory
 * it saved and the time it cost against the off row that differs from it in nothing else.
 */
export function trainingRows(records: readonly CellRecord[]): TrainingRow[] {
  const trained = records.flatMap((record) => {
    const figures = trainingOf(record);
    return figures ? [{ record, figures }] : [];
  });
  const key = ({ record: r, figures: t }: { record: CellRecord; figures: TrainingFigures }) =>
    JSON.stringify([r.scenario, r.variant, r.repeat, r.device, t.batch, t.seq, Object.entries(r.axes).filter(([k]) => k !== 'checkpointing').sort()]);
  const off = new Map(trained.filter((t) => !t.figures.checkpointing).map((t) => [key(t), t.figures]));
  return trained.map((t) => {
    const base = t.figures.checkpointing ? off.get(key(t)) : undefined;
    const saving = base?.train_peak_mib !== undefined && t.figures.train_peak_mib !== undefined ? base.train_peak_mib - t.figures.train_peak_mib : undefined;
    return {
      ...t,
      ...(saving !== undefined ? { saving_mib: saving } : {}),
      ...(saving !== undefined && base?.train_peak_mib ? { saving_pct: (100 * saving) / base.train_peak_mib } : {}),
      ...(base?.step_s_median && t.figures.step_s_median !== undefined ? { slowdown_pct: 100 * (t.figures.step_s_median / base.step_s_median - 1) } : {}),
    };
  });
}

/** training.csv */
export const TRAINING_CSV_COLUMNS: readonly CsvColumn<TrainingRow>[] = [
  { name: 'scenario', get: (t) => t.record.scenario },
  { name: 'variant', get: (t) => t.record.variant },
  { name: 'repeat', get: (t) => t.record.repeat },
  { name: 'device', get: (t) => t.record.device },
  { name: 'checkpointing', get: (t) => (t.figures.checkpointing ? 'on' : 'off') },
  { name: 'batch', get: (t) => t.figures.batch },
  { name: 'seq', get: (t) => t.figures.seq },
  { name: 'steps', get: (t) => t.figures.steps.length },
  { name: 'train_peak_mib', digits: 2, get: (t) => t.figures.train_peak_mib },
  { name: 'step_s_median', digits: 4, get: (t) => t.figures.step_s_median },
  { name: 'loss_final', get: (t) => t.figures.loss_final },
  { name: 'saving_mib', digits: 2, get: (t) => t.saving_mib },
  { name: 'saving_pct', digits: 1, get: (t) => t.saving_pct },
  { name: 'slowdown_pct', digits: 1, get: (t) => t.slowdown_pct },
  { name: 'cell', get: (t) => t.record.cell },
];
