import type { z } from 'zod';
import type { FinishedRun } from '../orchestrator/cell-result.js';
import type { CellRecord } from '../store/cell-record.js';
import type { FigureDef } from './figure-def.js';
import type { CsvColumn } from '../store/csv.js';
import type { Grid } from '../tables/grid.js';
import type { ChartModule } from './chart.js';
import type { CellGroup, RunView } from './run-view.js';

export type { FinishedRun };

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

export type { FigureDef };

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
