import type { Figures } from '../store/cell-record.js';
import type { FamilyTable } from './family.js';
import type { RunView } from './run-view.js';
import { attributionFamily } from './attribution/index.js';
import { costsFamily } from './costs/index.js';
import { latencyFamily } from './latency/index.js';
import { machinesFamily } from './machines/index.js';
import type { FigureFamily, FinishedRun } from './family.js';
import { statisticsFamily } from './statistics/index.js';
import { summaryFamily } from './summary/index.js';
import { trainingFamily } from './training/index.js';
import { verdictsFamily } from './verdicts/index.js';

/** Every figure family, one line each; their tables, columns and charts come in this order. */
export const FAMILIES: readonly FigureFamily[] = [
  statisticsFamily,
  summaryFamily as FigureFamily,
  costsFamily as FigureFamily,
  trainingFamily as FigureFamily,
  attributionFamily as FigureFamily,
  latencyFamily as FigureFamily,
  machinesFamily,
  verdictsFamily,
];

/** The figures of a run that ended ok, by family (a family with nothing to say is left out). */
export function computeFigures(run: FinishedRun): Figures {
  const out: Figures = {};
  for (const f of FAMILIES) {
    const v = f.compute?.(run);
    if (v !== undefined) out[f.id] = v;
  }
  return out;
}

export interface TableChoice {
  /** One row per run instead of one per cell (reclaim run --per-repeat); the report shows both. */
  perRepeat?: boolean;
  both?: boolean;
}

/** Every figure family's table for this run, in family order; of the per-run and per-cell views, the one chosen. */
export function familyTables(view: RunView, choice: TableChoice = {}): FamilyTable[] {
  const hidden = choice.both ? undefined : choice.perRepeat ? 'per-cell' : 'per-run';
  return FAMILIES.flatMap((f) => f.table?.(view) ?? []).filter((t) => t.rows === undefined || t.rows !== hidden);
}
