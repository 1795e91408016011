import { FIGURES } from '../analysis/figures.js';
import { figureIn } from '../figures/figure-def.js';
import type { CellGroup, RunView } from '../figures/run-view.js';
import { estimateOf, valuesOf, wordFor, type Word } from '../figures/statistics/aggregate.js';
import { axisText } from '../store/cell-record.js';
import type { MedianEstimate } from '../stats/median-interval.js';
import { compareSamples, type RankComparison } from '../stats/rank-test.js';
import { settingAxes } from '../scenario/axes.js';

/** How much worse a figure may get before it counts as a regression: MiB (or the figure's unit), or a share of the base median. */
export type Threshold = { absolute: number } | { relative: number };

/** One figure of one cell, in both runs. */
export interface FigureChange {
  scenario: string;
  variant: string;
  /** The other axes, as text ("keep=65536"). */
  setting: string;
  figure: string;
  base: MedianEstimate;
  next: MedianEstimate;
  /** NEW against BASE: the shift of NEW's runs (Hodges-Lehmann), its interval, the test. */
  comparison?: RankComparison;
  word: Word;
  why?: string;
  regression: boolean;
}

/**
 * Cells are the same cell in two runs when scenario, variant and every other axis value agree (but the
 * axis a pairing compares one value of against another).
 */
export function cellKey(g: CellGroup, ignore?: string): string {
  const axes = settingAxes(Object.keys(g.axes)).filter((a) => a !== ignore).sort();
  return JSON.stringify([g.scenario, g.variant, axes.map((a) => [a, axisText(g, a)])]);
}

/** One value of an axis in BASE against another in NEW (the two may be the same run): libc=host:glibc-2.41. */
export interface AxisPairing {
  axis: string;
  base: string;
  next: string;
}

/** The cells of a run a pairing takes from it: those with the axis at that value (all cells without a pairing). */
export const pairedCells = (groups: readonly CellGroup[], pairing: AxisPairing | undefined, value: 'base' | 'next') =>
  pairing ? groups.filter((g) => axisText(g, pairing.axis) === pairing[value]) : [...groups];

function settingOf(g: CellGroup, ignore?: string): string {
  return settingAxes(Object.keys(g.axes)).filter((a) => a !== ignore).map((a) => `${a}=${axisText(g, a)}`).join(' ');
}

function beyond(change: number, base: number | undefined, t: Threshold): boolean {
  if ('absolute' in t) return Math.abs(change) > t.absolute;
  return base !== undefined && base !== 0 ? Math.abs(change) > t.relative * Math.abs(base) : Math.abs(change) > 0;
}

/**
 * Every figure of every cell the two runs share: NEW's runs against BASE's. A regression is a change
 * to the worse side that is significant (Mann-Whitney, 5%) and beyond the threshold; with too few runs
 * nothing is significant, and the word says undecided.
 */
export function compareRuns(base: RunView, next: RunView, figures: readonly string[], threshold: Threshold, pairing?: AxisPairing): { changes: FigureChange[]; onlyBase: CellGroup[]; onlyNew: CellGroup[] } {
  const key = (g: CellGroup) => cellKey(g, pairing?.axis);
  const baseBy = new Map(pairedCells(base.groups, pairing, 'base').map((g) => [key(g), g]));
  const nextBy = new Map(pairedCells(next.groups, pairing, 'next').map((g) => [key(g), g]));
  const changes: FigureChange[] = [];
  for (const [key, b] of baseBy) {
    const n = nextBy.get(key);
    if (!n) continue;
    for (const figure of figures) {
      const bv = valuesOf(b, figure);
      const nv = valuesOf(n, figure);
      if (!bv.length && !nv.length) continue;
      const comparison = compareSamples(nv, bv);
      const { word, why } = wordFor(comparison, figureIn(b.figures, figure));
      const be = estimateOf(b, figure);
      const worse = word === 'worse';
      changes.push({
        scenario: b.scenario,
        variant: b.variant,
        setting: settingOf(b, pairing?.axis),
        figure,
        base: be,
        next: estimateOf(n, figure),
        ...(comparison ? { comparison } : {}),
        word,
        ...(why ? { why } : {}),
        regression: worse && comparison !== undefined && beyond(comparison.shift, be.median, threshold),
      });
    }
  }
  return {
    changes,
    onlyBase: [...baseBy].filter(([k]) => !nextBy.has(k)).map(([, g]) => g),
    onlyNew: [...nextBy].filter(([k]) => !baseBy.has(k)).map(([, g]) => g),
  };
}

export function unitOf(figure: string): string {
  return figureIn(FIGURES, figure)?.unit ?? '';
}
