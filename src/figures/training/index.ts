import type { FigureFamily } from '../family.js';
import { columnsCsv } from '../../store/csv.js';
import { TRAINING, TrainingFiguresSchema, trainingFigures, trainingOf, type TrainingFigures } from './figures.js';
import { TRAINING_CSV_COLUMNS, trainingRows } from './rows.js';
import { trainingGrid } from './table.js';
import { trainingChartModule } from './training-chart.js';

/**
 * Training runs (a `train` step): the peak while training, the step times and losses; two summary.csv
 * columns, training.csv (with checkpointing's saving and cost), the training table and chart.
 */
export const trainingFamily: FigureFamily<TrainingFigures> = {
  id: TRAINING,
  compute: (run) => trainingFigures(run.plan, run.marks, run.samples, run.timings, run.metric),
  schema: TrainingFiguresSchema,
  summaryColumns: [
    { name: 'train_peak_mib', digits: 2, get: (r) => trainingOf(r)?.train_peak_mib },
    { name: 'step_s_median', digits: 4, get: (r) => trainingOf(r)?.step_s_median },
  ],
  columnsOnlyWithFigures: true,
  figures: {
    train_peak_mib: { get: (r) => trainingOf(r)?.train_peak_mib, label: 'train peak', unit: 'MiB', better: 'lower', digits: 2 },
    step_s_median: { get: (r) => trainingOf(r)?.step_s_median, label: 'step', unit: 's', better: 'lower', digits: 4 },
  },
  csvFiles(view): Record<string, string> {
    const rows = trainingRows(view.records);
    return rows.length ? { 'training.csv': columnsCsv(TRAINING_CSV_COLUMNS, rows) } : {};
  },
  table(view) {
    const grid = trainingGrid(view.records);
    return grid && {
      id: 'training',
      title: 'Training',
      note: 'Peak over the training steps, median step time; saved and slower: checkpointing on against the off cell that differs in nothing else.',
      terminal: 'Training (peak over the steps; saved and slower: checkpointing on against off):',
      grid,
    };
  },
  charts: [trainingChartModule],
};
