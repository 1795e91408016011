import type { CellRecord } from '../../store/cell-record.js';
import type { CsvColumn } from '../../store/csv.js';
import type { FigureFamily } from '../family.js';
import { articleChartModule } from './article-chart.js';
import { SUMMARY, SummaryFiguresSchema, summarizeCell, summaryOf, type SummaryFigures } from './figures.js';
import { residualChartModule } from './residual-chart.js';
import { summaryGrid } from './table.js';
import { timeseriesChartModule } from './timeseries-chart.js';
import { vramChartModule } from './vram-chart.js';

const figure = (name: keyof SummaryFigures, digits: number): CsvColumn<CellRecord> => ({ name, digits, get: (r) => summaryOf(r)?.[name] });

/**
 * The summary figures of each run (DESIGN.md): baseline, peak, residual, retained, release ratio and
 * drift of the primary metric; the summary table; the article's chart, the residual per variant, the
 * time series and the GPU chart.
 */
export const summaryFamily: FigureFamily<SummaryFigures> = {
  id: SUMMARY,
  compute: (run) => summarizeCell(run.marks, run.samples, run.metric),
  schema: SummaryFiguresSchema,
  summaryColumns: [
    figure('baseline_mib', 2),
    figure('peak_mib', 2),
    figure('residual_mib', 2),
    figure('retained_mib', 2),
    figure('release_ratio', 4),
    figure('drift_mib_per_cycle', 3),
    { name: 'wall_s', digits: 3, get: (r) => r.wall_s },
  ],
  table: (records) => ({
    id: 'summary',
    title: 'Summary',
    note: 'All figures in MiB of the primary metric. Residual: median at the settled marks; retained: residual - baseline; release: (peak - residual) / (peak - baseline).',
    terminal: 'All figures in MiB.',
    grid: summaryGrid(records),
  }),
  charts: [articleChartModule, residualChartModule, timeseriesChartModule, vramChartModule],
};
