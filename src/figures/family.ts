import type { z } from 'zod';
import type { MarkRecord } from '../orchestrator/cell-result.js';
import type { TimingEvent } from '../protocol/events.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Sample } from '../samplers/background.js';
import type { Metric } from '../samplers/metrics.js';
import type { CellRecord } from '../store/cell-record.js';
import type { CsvColumn } from '../store/csv.js';
import type { Grid } from '../tables/grid.js';
import type { ChartModule } from './chart.js';

/** What a finished run of a cell hands the figure families. */
export interface FinishedRun {
  marks: readonly MarkRecord[];
  samples: readonly Sample[];
  timings: readonly TimingEvent[];
  plan: CellPlan | undefined;
  metric: Metric;
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
}

/**
 * A figure family: the figures it computes from a run that ended ok (kept in cell.json under
 * `figures.<id>`), the columns it adds to summary.csv, its own CSV files, its table and its charts.
 * One module each (src/figures/<id>/), listed in families.ts.
 */
export interface FigureFamily<F = unknown> {
  id: string;
  compute?(run: FinishedRun): F | undefined;
  /** Checks stored figures: results directories are shared, so cell.json is untrusted. */
  schema?: z.ZodType<F>;
  summaryColumns?: readonly CsvColumn<CellRecord>[];
  /** The columns appear only in runs where some record has this family's figures (training's do). */
  columnsOnlyWithFigures?: boolean;
  csvFiles?(records: readonly CellRecord[]): Record<string, string>;
  table?(records: readonly CellRecord[]): FamilyTable | undefined;
  charts?: readonly ChartModule[];
}

/** A record's figures of one family (only runs that ended ok have any). */
export function figuresOf<F>(family: FigureFamily<F>, r: CellRecord): F | undefined {
  return r.status === 'ok' ? (r.figures[family.id] as F | undefined) : undefined;
}
