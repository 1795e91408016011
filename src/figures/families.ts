import type { Figures } from '../store/cell-record.js';
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
