import { cellColumns, cellName } from '../cell-columns.js';
import { describeWarning } from '../../stats/noise.js';
import { fixed, mib, percent } from '../../tables/format.js';
import type { Grid } from '../../tables/grid.js';
import type { CellGroup, RunView } from '../run-view.js';
import { RUNS_FOR_COMPARISON } from '../../stats/difference.js';
import { estimateOf, HEADLINE, valuesOf, versusReference, warningsOf, type VersusReference } from './aggregate.js';

const interval = (lo: number | undefined, hi: number | undefined) => (lo === undefined || hi === undefined ? '' : ` [${mib(lo)}, ${mib(hi)}]`);

/** One row per cell: the median of each figure over its runs, the headline's interval, and the cell against the reference. */
export function statisticsGrid(view: RunView): Grid {
  const groups = view.groups;
  const cell = cellColumns(groups);
  // Comparison columns only where some comparison can decide: rows of p = 1.000 and d = +-1 from one
  // run a cell say nothing (statisticsNotes says once how many runs a verdict needs).
  const references = decidable(view) ? [...new Set(groups.map((g) => view.judgement(g.scenario)?.reference).filter(Boolean))] : [];
  const header = [
    ...cell.header,
    'n',
    'retained [CI]',
    'residual',
    'peak',
    'release',
    'drift/cycle',
    ...(references.length ? [`vs ${references.length === 1 ? references[0] : 'reference'}`, 'p', "Cliff's d", 'verdict'] : []),
  ];
  const rows = groups.map((g) => {
    const e = estimateOf(g, HEADLINE);
    const vs = versusReference(view, g);
    const c = vs?.comparison;
    return [
      ...cell.cells(g),
      runsShown(g),
      e.median === undefined ? '-' : `${mib(e.median)}${interval(e.lo, e.hi)}${e.level !== undefined && e.level < 0.95 ? ` ${Math.floor(e.level * 100)}%` : ''}`,
      mib(estimateOf(g, 'residual_mib').median),
      mib(estimateOf(g, 'peak_mib').median),
      percent(estimateOf(g, 'release_ratio').median),
      fixed(estimateOf(g, 'drift_mib_per_cycle').median, 2),
      ...(references.length
        ? vs?.word === 'reference'
          ? ['(reference)', '', '', '']
          : c
            ? [`${c.shift >= 0 ? '+' : ''}${mib(c.shift)}${interval(c.shiftLo, c.shiftHi)}`, c.p < 0.001 ? '<0.001' : c.p.toFixed(3), fixed(c.cliffsDelta, 2), vs!.word]
            : ['-', '', '', vs?.word ?? '']
        : []),
    ];
  });
  return { header, rows, rowClass: groups.map((g) => (g.ok.length < g.records.length ? 'status-failed' : undefined)) };
}

/** The noise warnings, a line per cell (one line for the cells a warning says the same of), and why a comparison could not decide. */
export function statisticsNotes(view: RunView): string[] {
  const byText = new Map<string, string[]>();
  for (const g of view.groups) {
    for (const w of warningsOf(g)) {
      const text = describeWarning(w);
      byText.set(text, [...(byText.get(text) ?? []), `${g.scenario} ${cellName(g)}`]);
    }
  }
  const lines = [...byText].map(([text, names]) =>
    names.length === 1 ? `${names[0]}: ${text}` : `${names.length === view.groups.length ? `every cell (${names.length})` : `${names.length} cells (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`}: ${text}`,
  );
  const compared = view.groups.map((g) => versusReference(view, g)).filter((v): v is VersusReference => v !== undefined && v.word !== 'reference');
  const undecided = compared.find((v) => v.word === 'undecided' && v.why);
  if (undecided && !decidable(view)) {
    lines.push(`no comparison with ${undecided.reference}: ${undecided.why}; a verdict needs at least ${RUNS_FOR_COMPARISON} runs of each cell, and a bound on a median 5 (--repeat 5)`);
  } else if (undecided) lines.push(`comparisons with ${undecided.reference}: ${undecided.why}; --repeat 5 or more`);
  return lines;
}

/** Whether any cell's comparison with its reference can decide (its sizes allow p below 5%). */
function decidable(view: RunView): boolean {
  return view.groups.some((g) => {
    const vs = versusReference(view, g);
    return vs?.comparison !== undefined && vs.word !== 'undecided';
  });
}

/** The runs a row's figures are from: `5`, or `3/5` when some failed or gave no finite figure. */
function runsShown(g: CellGroup): string {
  const n = valuesOf(g, HEADLINE).length;
  return n === g.records.length ? String(n) : `${n}/${g.records.length}`;
}
