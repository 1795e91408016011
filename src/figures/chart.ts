import type { TopLevelSpec } from 'vega-lite';
import type { CellRecord, OkRecord } from '../store/cell-record.js';
import type { MarkRow, SampleRow } from '../store/rows.js';
import type { CellGroup, RunView } from './run-view.js';

/** One chart of a report: a Vega-Lite spec, and the file name (without extension) its images get. */
export interface Chart {
  id: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
}

/**
 * Interactive specs (the HTML page) get hover points and legend toggling; static ones (SVG, PNG)
 * leave them out, which keeps the files small.
 */
export interface ChartOptions {
  interactive: boolean;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Facets of small charts: a label per combination of the matrix axes that vary (empty when none do). */
export const NO_FACET = '';

/** What a chart is drawn from: one scenario's runs, with their marks and samples. */
export interface ChartContext {
  scenario: string;
  /** The scenario's name made safe as the start of a file name (charts are <stem>-<suffix>.svg). */
  stem: string;
  /** Every run of the scenario (for the variant list) and the ones that ended ok (the only ones drawn). */
  records: readonly CellRecord[];
  ok: readonly OkRecord[];
  /** The primary metric of a run (each cell has its own: a cpu and a cuda cell of one scenario differ). */
  metricOf(r: CellRecord): string;
  /** The scenario's primary metrics, in matrix order, joined for titles ("private", or "private / vram_process"). */
  metric: string;
  /** Variants in matrix order: the colour domain. */
  variants: string[];
  /** The matrix axes (other than strategy) that vary: their title, and a record's label. */
  facets: { title: string; label: (r: CellRecord) => string };
  /** A run's label: variant, facet and repeat. */
  runLabel: (r: CellRecord) => string;
  marks: (r: CellRecord) => readonly MarkRow[];
  samples: (r: CellRecord) => readonly SampleRow[];
  /** The whole run, and this scenario's cells over their repeats. */
  view: RunView;
  groups: readonly CellGroup[];
}

/** A chart a figure family draws: `<scenario>-<suffix>.svg`, or nothing when the run has no data for it. */
export interface ChartModule {
  suffix: string;
  build(ctx: ChartContext, opts: ChartOptions): Chart | undefined;
}
