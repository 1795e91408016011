import type { OkRecord } from '../store/cell-record.js';
import type { CellGroup } from './run-view.js';
import { HEADLINE, valuesOf } from './statistics/aggregate.js';
import { figureIn } from './figure-def.js';

/**
 * Which runs a chart draws when there are many (a merged fleet run holds thousands): past these
 * counts a chart draws medians with bands, or one chosen run per cell, and its subtitle says which.
 */
export const DRAWN = {
  /** Small charts of one run each (time series, GPU memory). */
  panels: 12,
  /** Cells given a small chart of their typical run, at most. */
  panelCells: 24,
  /** Lines of one run each (the article's chart). */
  lines: 40,
  /** Runs read to draw medians with bands, in all. */
  runsRead: 400,
  /** Dots of one run each per variant (the residual chart). */
  dots: 50,
} as const;

/** Up to `k` of `runs`, evenly spread over them (the first and the last included). */
export function spread<T>(runs: readonly T[], k: number): T[] {
  if (runs.length <= k) return [...runs];
  if (k <= 1) return runs.slice(0, Math.max(0, k));
  return Array.from({ length: k }, (_, i) => runs[Math.round((i * (runs.length - 1)) / (k - 1))]!);
}

/** The run of a cell whose headline figure (retained) is nearest the cell's median: the one to show for it. */
export function typicalRun(g: CellGroup): OkRecord | undefined {
  const def = figureIn(g.figures, HEADLINE);
  const values = valuesOf(g, HEADLINE).sort((a, b) => a - b);
  if (!def || !values.length) return g.ok[0];
  const mid = values[Math.floor((values.length - 1) / 2)]!;
  return g.ok.find((r) => def.get(r) === mid) ?? g.ok[0];
}

/** The runs to give a small chart each: all of them when few, else the typical run of each cell (of the first DRAWN.panelCells). */
export function panelRuns(ok: readonly OkRecord[], groups: readonly CellGroup[]): { runs: OkRecord[]; note?: string } {
  if (ok.length <= DRAWN.panels) return { runs: [...ok] };
  const withRuns = groups.filter((g) => g.ok.length);
  const shown = withRuns.slice(0, DRAWN.panelCells);
  const runs = shown.map(typicalRun).filter((r): r is OkRecord => r !== undefined);
  const cells = shown.length < withRuns.length ? `${shown.length} of ${withRuns.length} cells` : 'each cell';
  return { runs, note: `${ok.length} runs: one per cell for ${cells}, the run whose retained memory is the cell's median` };
}
