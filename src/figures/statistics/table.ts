import { cellColumns, cellName } from '../cell-columns.js';
import { describeWarning } from '../../stats/noise.js';
import { fixed, mib, percent } from '../../tables/format.js';
import type { Grid } from '../../tables/grid.js';
import type { RunView } from '../run-view.js';
import { estimateOf, HEADLINE, versusReference, warningsOf } from './aggregate.js';

const interval = (lo: number | undefined, hi: number | undefined) => (lo === undefined || hi === undefined ? '' : ` [${mib(lo)}, ${mib(hi)}]`);

/** One row per cell: the median of each figure over its runs, the headline's interval, and the cell against the reference. */
export function statisticsGrid(view: RunView): Grid {
  const groups = view.groups;
  const cell = cellColumns(groups);
  const references = [...new Set(groups.map((g) => view.judgement(g.scenario)?.reference).filter(Boolean))];
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
      g.ok.length === g.records.length ? String(g.ok.length) : `${g.ok.length}/${g.records.length}`,
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

/** The noise warnings, a line per cell, and why a comparison could not decide. */
export function statisticsNotes(view: RunView): string[] {
  const lines: string[] = [];
  for (const g of view.groups) {
    const name = `${g.scenario} ${cellName(g)}`;
    for (const w of warningsOf(g)) lines.push(`${name}: ${describeWarning(w)}`);
  }
  const undecided = view.groups.map((g) => versusReference(view, g)).find((v) => v?.word === 'undecided' && v.why);
  if (undecided) lines.push(`comparisons with ${undecided.reference}: ${undecided.why}; --repeat 5 or more`);
  return lines;
}
