import type { MedianEstimate } from '../stats/median-interval.js';
import type { Grid } from '../tables/grid.js';
import { type FigureChange, unitOf } from './compare-runs.js';

const num = (v: number | undefined) => (v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

function estimate(e: MedianEstimate): string {
  if (e.median === undefined) return '-';
  return `${num(e.median)}${e.lo !== undefined ? ` [${num(e.lo)}, ${num(e.hi)}]` : ''} n=${e.n}`;
}

/** One row per cell and figure: both runs' medians with their intervals, the change with its interval, the test, the word. */
export function changesGrid(changes: readonly FigureChange[]): Grid {
  const scenarios = new Set(changes.map((c) => c.scenario)).size > 1;
  const settings = changes.some((c) => c.setting);
  return {
    header: [...(scenarios ? ['scenario'] : []), 'variant', ...(settings ? ['setting'] : []), 'figure', 'base', 'new', 'change [95% CI]', 'p', 'verdict'],
    rows: changes.map((c) => {
      const k = c.comparison;
      const unit = unitOf(c.figure);
      return [
        ...(scenarios ? [c.scenario] : []),
        c.variant,
        ...(settings ? [c.setting] : []),
        `${c.figure}${unit ? ` (${unit})` : ''}`,
        estimate(c.base),
        estimate(c.next),
        k ? `${k.shift >= 0 ? '+' : ''}${num(k.shift)}${k.shiftLo !== undefined ? ` [${num(k.shiftLo)}, ${num(k.shiftHi)}]` : ''}` : '-',
        k ? (k.p < 0.001 ? '<0.001' : k.p.toFixed(3)) : '',
        c.regression ? `REGRESSION (${c.word})` : c.word,
      ];
    }),
    rowClass: changes.map((c) => (c.regression ? 'status-failed' : undefined)),
  };
}
