import type { RankComparison } from './rank-test.js';

/** What two samples of a figure say, in the words every table, verdict and compare use. */
export type Difference = 'better' | 'worse' | 'no clear difference' | 'undecided';

export const SIGNIFICANCE = 0.05;

/**
 * The one rule (docs/reference: "Comparisons"): with sizes (and ties) whose smallest possible p is not
 * below 5%, `undecided`; with p at or above 5%, or a Hodges-Lehmann shift of exactly 0 (the runs
 * differ in rank but the typical difference is none), `no clear difference`; otherwise the direction
 * comes from the data, the sign of Cliff's delta (the side most pairs fall on, which the rank-sum test
 * just found significant), and is `better` when it points the figure's good way.
 */
export function decideDifference(c: RankComparison | undefined, lowerIsBetter: boolean): { word: Difference; why?: string } {
  if (!c) return { word: 'undecided', why: 'no runs to compare' };
  if (c.minP >= SIGNIFICANCE) {
    return { word: 'undecided', why: `${c.n1} and ${c.n2} runs cannot show a difference at 5% (the smallest p they can give is ${c.minP.toFixed(3)})` };
  }
  if (c.p >= SIGNIFICANCE) return { word: 'no clear difference', why: `p = ${c.p.toFixed(3)}` };
  if (c.shift === 0 || c.cliffsDelta === 0) return { word: 'no clear difference', why: 'the typical difference (Hodges-Lehmann shift) is 0' };
  return { word: c.cliffsDelta < 0 === lowerIsBetter ? 'better' : 'worse' };
}

/** Runs of each sample a comparison needs before it can decide anything at 5% (without ties): 4 against 4. */
export const RUNS_FOR_COMPARISON = 4;
