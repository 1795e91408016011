import { cellName } from '../cell-columns.js';
import { columnsCsv } from '../../store/csv.js';
import { judge, verdictLines, type Judged } from '../../verdicts/judge.js';
import type { FigureFamily } from '../family.js';

const nameOf = (c: Judged['cells'][number]) => cellName(c.group);

interface Row {
  j: Judged;
  c: Judged['cells'][number] | undefined;
  first: boolean;
}

/** One line per expectation and selected cell. */
function rows(judged: readonly Judged[]): Row[] {
  return judged.flatMap((j): Row[] => (j.cells.length ? j.cells.map((c, i) => ({ j, c, first: i === 0 })) : [{ j, c: undefined, first: true }]));
}

/**
 * The verdicts on a scenario's expectations (`expect:`): PASS, FAIL or UNDECIDED, with the figure and
 * its interval, per selected cell; verdicts.csv. The statistics behind them are in verdicts/judge.ts.
 */
export const verdictsFamily: FigureFamily = {
  id: 'verdicts',
  csvFiles(view): Record<string, string> {
    const judged = judge(view);
    if (!judged.length) return {};
    return {
      'verdicts.csv': columnsCsv<Row>(
        [
          { name: 'scenario', get: (r) => r.j.scenario },
          { name: 'expectation', get: (r) => r.j.text },
          { name: 'verdict', get: (r) => r.j.verdict },
          { name: 'cell', get: (r) => (r.c ? nameOf(r.c) : undefined) },
          { name: 'cell_verdict', get: (r) => r.c?.verdict },
          { name: 'figure', get: (r) => r.c?.figure },
          { name: 'why', get: (r) => r.c?.why ?? 'no cell of the run matches it' },
          { name: 'because', get: (r) => r.j.expectation.because },
        ],
        rows(judged),
      ),
    };
  },
  table(view) {
    const judged = judge(view);
    if (!judged.length) return undefined;
    const scenarios = new Set(judged.map((j) => j.scenario)).size > 1;
    return {
      id: 'verdicts',
      title: 'Verdicts',
      note: 'Each expectation of the scenario, per cell it selects: PASS or FAIL when a one-sided 95% confidence bound (or the interval of a comparison) settles it, UNDECIDED when the runs do not.',
      terminal: 'Verdicts on the expectations:',
      grid: {
        header: [...(scenarios ? ['scenario'] : []), 'expectation', 'verdict', 'cell', 'measured', 'why'],
        rows: rows(judged).map(({ j, c, first }) => [
          ...(scenarios ? [first ? j.scenario : ''] : []),
          first ? j.text : '',
          c ? (j.cells.length > 1 ? `${first ? `${j.verdict}: ` : ''}${c.verdict}` : c.verdict) : j.verdict,
          c ? nameOf(c) : '-',
          c?.figure ?? '-',
          c?.why ?? 'no cell of the run matches it',
        ]),
        rowClass: rows(judged).map(({ c, j }) => `verdict-${(c?.verdict ?? j.verdict).toLowerCase()}`),
      },
      after: verdictLines(judged),
    };
  },
};
