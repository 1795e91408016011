import type { CellRecord } from '../../store/cell-record.js';
import type { CsvColumn } from '../../store/csv.js';
import type { FigureDef, FigureFamily } from '../family.js';
import { articleChartModule } from './article-chart.js';
import { SUMMARY, SummaryFiguresSchema, summarizeCell, summaryOf, type SummaryFigures } from './figures.js';
import { residualChartModule } from './residual-chart.js';
import { summaryGrid } from './table.js';
import { timeseriesChartModule } from './timeseries-chart.js';
import { vramChartModule } from './vram-chart.js';

type Figure = Exclude<keyof SummaryFigures, 'peak_source'>;
const figure = (name: Figure, digits: number): CsvColumn<CellRecord> => ({ name, digits, get: (r) => summaryOf(r)?.[name] });
const mib = (name: Figure, label: string, needsSettled = false): FigureDef => ({ get: (r) => summaryOf(r)?.[name], label, unit: 'MiB', better: 'lower', digits: 2, ...(needsSettled ? { needsSettled } : {}) });

/**
 * The summary figures of each run (docs/design.md): baseline, peak, residual, retained, release ratio and
 * drift of the primary metric; the summary table; the article's chart, the residual per variant, the
 * time series and the GPU chart.
 */
export const summaryFamily: FigureFamily<SummaryFigures> = {
  id: SUMMARY,
  compute: (run) => summarizeCell(run.marks, run.samples, run.metric),
  schema: SummaryFiguresSchema,
  figures: {
    retained_mib: mib('retained_mib', 'retained', true),
    residual_mib: mib('residual_mib', 'residual', true),
    peak_mib: mib('peak_mib', 'peak'),
    baseline_mib: mib('baseline_mib', 'baseline'),
    release_ratio: { get: (r) => summaryOf(r)?.release_ratio, label: 'release', unit: '', better: 'higher', digits: 4, needsSettled: true },
    drift_mib_per_cycle: { get: (r) => summaryOf(r)?.drift_mib_per_cycle, label: 'drift/cycle', unit: 'MiB', better: 'lower', digits: 3, needsSettled: true },
    wall_s: { get: (r) => r.wall_s, label: 'wall', unit: 's', better: 'lower', digits: 3 },
  },
  summaryColumns: [
    figure('baseline_mib', 2),
    figure('peak_mib', 2),
    figure('residual_mib', 2),
    figure('retained_mib', 2),
    figure('release_ratio', 4),
    figure('drift_mib_per_cycle', 3),
    { name: 'wall_s', digits: 3, get: (r) => r.wall_s },
    { name: 'peak_source', get: (r) => summaryOf(r)?.peak_source },
  ],
  table: (view) => ({
    id: 'runs',
    title: 'Every run',
    note: 'One row per run of a cell. All figures in MiB of the primary metric. Residual: median at the settled marks; retained: residual - baseline; release: (peak - residual) / (peak - baseline).',
    terminal: 'Every run (MiB):',
    grid: summaryGrid(view.records),
    rows: 'per-run',
  }),
  charts: [articleChartModule, residualChartModule, timeseriesChartModule, vramChartModule],
};
