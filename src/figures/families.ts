import type { Figures } from '../store/cell-record.js';
import type { FigureFamily, FinishedRun } from './family.js';
import { summaryFamily } from './summary/index.js';
import { trainingFamily } from './training/index.js';

/** Every figure family, one line each; their tables, columns and charts come in this order. */
export const FAMILIES: readonly FigureFamily[] = [summaryFamily as FigureFamily, trainingFamily as FigureFamily];

/** The figures of a run that ended ok, by family (a family with nothing to say is left out). */
export function computeFigures(run: FinishedRun): Figures {
  const out: Figures = {};
  for (const f of FAMILIES) {
    const v = f.compute?.(run);
    if (v !== undefined) out[f.id] = v;
  }
  return out;
}
