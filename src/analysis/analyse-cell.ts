import { computeFigures } from '../figures/families.js';
import type { AnalyseCell } from '../orchestrator/cell-result.js';
import { metricSanity } from './metric-sanity.js';

/**
 * What a finished run that ended ok is, in figures: every family's, kept in its cell.json; and the
 * note a reader must see when its primary metric missed what the loads brought in. Commands hand this
 * to the cell runner (the orchestrator runs cells, it does not judge them).
 */
export const analyseCell: AnalyseCell = (run) => {
  const sanity = metricSanity(run.marks, run.metric);
  return { figures: computeFigures(run), notes: sanity ? [sanity] : [] };
};
