import { computeFigures } from '../figures/families.js';
import type { AnalyseCell } from '../orchestrator/cell-result.js';
import { heldBy } from './holder.js';
import { metricSanity } from './metric-sanity.js';

/**
 * What a finished run that ended ok is, in figures: every family's, kept in its cell.json; and the
 * notes a reader must see: its primary metric missed what the loads brought in; which process of a
 * tree held the models. Commands hand this
 * to the cell runner (the orchestrator runs cells, it does not judge them).
 */
export const analyseCell: AnalyseCell = (run) => {
  const notes = [metricSanity(run.marks, run.metric), heldBy(run.marks, run.metric)].filter((n): n is string => n !== undefined);
  return { figures: computeFigures(run), notes };
};
