import { estimateMedian, type MedianEstimate } from '../../stats/median-interval.js';
import { noiseWarnings, type NoiseWarning } from '../../stats/noise.js';
import { decideDifference, type Difference } from '../../stats/difference.js';
import { compareSamples, type RankComparison } from '../../stats/rank-test.js';
import { figureIn, type FigureDef } from '../figure-def.js';
import type { CellGroup, RunView } from '../run-view.js';

/** The figure variants are compared on and noise is judged by. */
export const HEADLINE = 'retained_mib';

/** A figure's values over a cell's runs that ended ok. */
export function valuesOf(g: CellGroup, figure: string): number[] {
  const def = figureIn(g.figures, figure);
  if (!def) return [];
  return g.ok.map((r) => def.get(r)).filter((v): v is number => v !== undefined && Number.isFinite(v));
}

const estimates = new WeakMap<CellGroup, Map<string, MedianEstimate>>();

/** The median of a figure over a cell's runs, with its intervals (memoized per group). */
export function estimateOf(g: CellGroup, figure: string): MedianEstimate {
  let byFigure = estimates.get(g);
  if (!byFigure) estimates.set(g, (byFigure = new Map()));
  let e = byFigure.get(figure);
  if (!e) byFigure.set(figure, (e = estimateMedian(valuesOf(g, figure))));
  return e;
}

/** What a cell's noise warnings are, on the headline figure. */
export function warningsOf(g: CellGroup): NoiseWarning[] {
  const reasons = g.records.flatMap((r) => (r.status === 'ok' ? [] : [`${r.status}: ${r.reason}`]));
  return noiseWarnings({ values: valuesOf(g, HEADLINE), figure: HEADLINE, ok: g.ok.length, of: g.records.length, reasons });
}

export type Word = Difference | 'reference';

/** A cell against its scenario's reference variant (the same other axes): the shift of the headline figure. */
export interface VersusReference {
  reference: string;
  comparison?: RankComparison;
  word: Word;
  /** Why the word is what it is, when that is not obvious (too few runs). */
  why?: string;
}

/** The word for a comparison of a figure between two samples: decideDifference, with the figure's good direction. */
export function wordFor(c: RankComparison | undefined, def: FigureDef | undefined): { word: Difference; why?: string } {
  return decideDifference(c, (def?.better ?? 'lower') === 'lower');
}

const versus = new WeakMap<CellGroup, VersusReference | null>();

/** The cell against its scenario's reference (memoized per group: tables, CSV columns and notes all ask). */
export function versusReference(view: RunView, g: CellGroup): VersusReference | undefined {
  const known = versus.get(g);
  if (known !== undefined) return known ?? undefined;
  const computed = compareWithReference(view, g);
  versus.set(g, computed ?? null);
  return computed;
}

function compareWithReference(view: RunView, g: CellGroup): VersusReference | undefined {
  const reference = view.judgement(g.scenario)?.reference;
  if (!reference) return undefined;
  if (g.variant === reference) return { reference, word: 'reference' };
  const twin = view.twin(g, reference);
  if (!twin) return undefined;
  const comparison = compareSamples(valuesOf(g, HEADLINE), valuesOf(twin, HEADLINE));
  return { reference, ...(comparison ? { comparison } : {}), ...wordFor(comparison, figureIn(g.figures, HEADLINE)) };
}
