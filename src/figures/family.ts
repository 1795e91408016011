import type { z } from 'zod';
import type { MarkRecord } from '../orchestrator/cell-result.js';
import type { RequestsEvent, TimingEvent } from '../protocol/events.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Sample } from '../samplers/background.js';
import type { ProcessCost } from '../samplers/cpu-time.js';
import type { Metric } from '../samplers/metrics.js';
import type { CellRecord, OkRecord } from '../store/cell-record.js';
import type { CsvColumn } from '../store/csv.js';
import type { Grid } from '../tables/grid.js';
import type { ChartModule } from './chart.js';
import type { CellGroup, RunView } from './run-view.js';

/** What a finished run of a cell hands the figure families. */
export interface FinishedRun {
  marks: readonly MarkRecord[];
  samples: readonly Sample[];
  timings: readonly TimingEvent[];
  /** Load tests of a server (requests steps): what was sent and answered. */
  requests: readonly RequestsEvent[];
  plan: CellPlan | undefined;
  metric: Metric;
  runtime: string;
  device: string;
  cost?: ProcessCost;
}

/** A family's table, for the terminal, summary.md and index.html alike. */
export interface FamilyTable {
  /** Anchor and heading, e.g. "training" / "Training". */
  id: string;
  title: string;
  /** What the table shows, in a sentence (summary.md and index.html). */
  note: string;
  /** The line the terminal prints above it. */
  terminal: string;
  grid: Grid;
  /** Lines under the table (e.g. warnings about noisy cells). */
  after?: string[];
  /**
   * The two views of a run's figures: one row per run (`reclaim run --per-repeat`) or one per cell over
   * its repeats (the default). A table with neither is always shown.
   */
  rows?: 'per-run' | 'per-cell';
}

/** A figure one run of a cell has (retained_mib, release_ms...): what statistics over repeats and expectations use. */
export interface FigureDef {
  get(r: OkRecord): number | undefined;
  label: string;
  unit: 'MiB' | 'ms' | 's' | '';
  /** Which way is better: memory and time lower, the release ratio higher. */
  better: 'lower' | 'higher';
  /** Digits it is written with. */
  digits: number;
  /** It is measured at settled marks: a scenario without any cannot have it (an expectation on it is refused at validate). */
  needsSettled?: boolean;
}

/**
 * A figure family: the figures it computes from a run that ended ok (kept in cell.json under
 * `figures.<id>`), the columns it adds to summary.csv (one row per run) and variants.csv (one row per
 * cell), its own CSV files, its table and its charts. One module each (src/figures/<id>/), listed in
 * families.ts.
 */
export interface FigureFamily<F = unknown> {
  id: string;
  compute?(run: FinishedRun): F | undefined;
  /** Checks stored figures: results directories are shared, so cell.json is untrusted. */
  schema?: z.ZodType<F>;
  /** Its per-run figures, by name. */
  figures?: Readonly<Record<string, FigureDef>>;
  summaryColumns?: readonly CsvColumn<CellRecord>[];
  /** The columns appear only in runs where some record has this family's figures (training's do). */
  columnsOnlyWithFigures?: boolean;
  variantColumns?(view: RunView): CsvColumn<CellGroup>[];
  csvFiles?(view: RunView): Record<string, string>;
  table?(view: RunView): FamilyTable | undefined;
  charts?: readonly ChartModule[];
}

/** A record's figures of one family (only runs that ended ok have any). */
export function figuresOf<F>(family: FigureFamily<F>, r: CellRecord): F | undefined {
  return r.status === 'ok' ? (r.figures[family.id] as F | undefined) : undefined;
}
