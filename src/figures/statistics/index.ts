import { describeWarning } from '../../stats/noise.js';
import type { CsvColumn } from '../../store/csv.js';
import type { FigureFamily } from '../family.js';
import type { CellGroup, RunView } from '../run-view.js';
import { estimateOf, HEADLINE, valuesOf, versusReference, warningsOf } from './aggregate.js';
import { statisticsGrid, statisticsNotes } from './table.js';

/** variants.csv: for each figure some run has, its median and interval; the headline against the reference; warnings. */
function variantColumns(view: RunView): CsvColumn<CellGroup>[] {
  const figures = Object.keys(view.figures).filter((f) => view.groups.some((g) => valuesOf(g, f).length));
  const cmp = (g: CellGroup) => versusReference(view, g);
  return [
    { name: 'ci_level', digits: 4, get: (g) => estimateOf(g, HEADLINE).level },
    ...figures.flatMap((f): CsvColumn<CellGroup>[] => {
      const digits = view.figures[f]!.digits;
      return [
        { name: f, digits, get: (g) => estimateOf(g, f).median },
        { name: `${f}_lo`, digits, get: (g) => estimateOf(g, f).lo },
        { name: `${f}_hi`, digits, get: (g) => estimateOf(g, f).hi },
      ];
    }),
    { name: 'reference', get: (g) => cmp(g)?.reference },
    { name: `${HEADLINE}_vs_reference`, digits: 2, get: (g) => cmp(g)?.comparison?.shift },
    { name: `${HEADLINE}_vs_reference_lo`, digits: 2, get: (g) => cmp(g)?.comparison?.shiftLo },
    { name: `${HEADLINE}_vs_reference_hi`, digits: 2, get: (g) => cmp(g)?.comparison?.shiftHi },
    { name: 'p_value', digits: 4, get: (g) => cmp(g)?.comparison?.p },
    { name: 'cliffs_delta', digits: 3, get: (g) => cmp(g)?.comparison?.cliffsDelta },
    { name: 'comparison', get: (g) => cmp(g)?.word },
    { name: 'warnings', get: (g) => warningsOf(g).map(describeWarning).join('; ') || undefined },
  ];
}

/**
 * Statistics over repeats: for every cell, the median of each figure over its runs with an exact
 * order-statistic confidence interval, noise warnings, and the cell against the scenario's reference
 * variant (Mann-Whitney U, Cliff's delta, the Hodges-Lehmann shift with its interval).
 */
export const statisticsFamily: FigureFamily = {
  id: 'statistics',
  variantColumns,
  table: (view) => ({
    id: 'summary',
    title: 'Summary',
    note:
      'One row per cell, over its runs (n). MiB of the primary metric; medians, with an exact 95% confidence interval of the retained median ' +
      '(order statistics; fewer than 6 runs give their range, at less than 95%, and fewer than 3 none). The shift against the reference is ' +
      "the Hodges-Lehmann estimate with its interval; p from a Mann-Whitney U test; Cliff's d from -1 (always lower) to 1.",
    terminal: 'Summary, one row per cell over its runs (MiB; retained: median [95% interval], or [range] and its lower confidence with fewer than 6 runs):',
    grid: statisticsGrid(view),
    after: statisticsNotes(view),
    rows: 'per-cell',
  }),
};
