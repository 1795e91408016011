import { FIGURES } from '../analysis/figures.js';
import type { CellGroup, RunView } from '../figures/run-view.js';
import { decideDifference, type Difference } from '../stats/difference.js';
import { estimateMedian, type MedianEstimate } from '../stats/median-interval.js';
import { compareSamples } from '../stats/rank-test.js';

/** Where a candidate stands after a round: its retained memory and reload time over its runs, and its verdict against del-gc. */
export interface Standing {
  variant: string;
  runs: number;
  failed: number;
  retained: number[];
  estimate: MedianEstimate;
  reloadMs: number | undefined;
  vsReference: Difference;
}

const REFERENCE = 'del-gc';
const values = (g: CellGroup, figure: string) => g.ok.map((r) => FIGURES[figure]!.get(r)).filter((v): v is number => v !== undefined && Number.isFinite(v));
const medianOf = (xs: number[]) => (xs.length ? estimateMedian(xs).median : undefined);

/** Every candidate's standing, best (lowest median retained) first; those with no ok run last. */
export function standings(view: RunView): Standing[] {
  const ref = view.groups.find((g) => g.variant === REFERENCE);
  const refRetained = ref ? values(ref, 'retained_mib') : [];
  const out = view.groups.map((g): Standing => {
    const retained = values(g, 'retained_mib');
    const reloads = values(g, 'reload_ms');
    return {
      variant: g.variant,
      runs: g.records.length,
      failed: g.records.filter((r) => r.status !== 'ok' && r.status !== 'skipped').length,
      retained,
      estimate: estimateMedian(retained),
      reloadMs: medianOf(reloads),
      vsReference: g.variant === REFERENCE ? 'no clear difference' : decideDifference(compareSamples(retained, refRetained), true).word,
    };
  });
  return out.sort((a, b) => (a.estimate.median ?? Infinity) - (b.estimate.median ?? Infinity));
}

/**
 * How much more than the least retained still counts as as good in practice: 16 MiB, or a tenth of
 * what del-gc keeps when that is more. A few MiB do not decide between strategies whose costs differ
 * by seconds (a process per model against a trim).
 */
export function tolerance(all: readonly Standing[]): number {
  const ref = all.find((s) => s.variant === REFERENCE)?.estimate.median ?? 0;
  return Math.max(16, 0.1 * ref);
}

/**
 * Those clearly worse than the leader after a round, to drop: every run of theirs kept more than the
 * leader's worst run by more than the tolerance. A pruning rule, not a verdict (3 runs cannot give
 * one); del-gc stays, as the reference of every verdict.
 */
export function clearlyWorse(all: readonly Standing[]): string[] {
  const leader = all.find((s) => s.retained.length > 0);
  if (!leader) return [];
  const worst = Math.max(...leader.retained);
  const bar = worst + tolerance(all);
  return all.filter((s) => s !== leader && s.variant !== REFERENCE && s.retained.length > 0 && Math.min(...s.retained) > bar).map((s) => s.variant);
}

/** Whether the leader's standing against the runner-up is still open (undecided), so that more runs could settle it. */
export function leaderUndecided(all: readonly Standing[]): boolean {
  const [a, b] = all.filter((s) => s.retained.length > 0);
  if (!a || !b) return false;
  return decideDifference(compareSamples(a.retained, b.retained), true).word === 'undecided';
}

/**
 * The pick: of the strategies better than del-gc with 95% confidence, those within the tolerance of
 * the least retained (as good in practice); of those, the ones that reload within twice the quickest's
 * time and 100 ms (reload medians of a few runs on a shared machine differ that much for the same
 * setting: what this rules out is a cost of another order, such as a new process per load); of those,
 * the least intrusive (no preloaded library, no extra process: `intrusion`), then the least retained.
 */
export function pick(all: readonly Standing[], intrusion: (variant: string) => number): { pick: Standing; band: Standing[]; near: Standing[]; least: Standing; quickest: Standing } | undefined {
  const better = all.filter((s) => s.vsReference === 'better' && s.estimate.median !== undefined);
  if (!better.length) return undefined;
  const least = better.reduce((a, b) => (b.estimate.median! < a.estimate.median! ? b : a));
  const band = better.filter((s) => s.estimate.median! <= least.estimate.median! + tolerance(all));
  const quickest = band.reduce((a, b) => ((b.reloadMs ?? Infinity) < (a.reloadMs ?? Infinity) ? b : a));
  const near = band.filter((s) => s === quickest || (s.reloadMs !== undefined && quickest.reloadMs !== undefined && s.reloadMs <= 2 * quickest.reloadMs + 100));
  const chosen = [...near].sort((a, b) => intrusion(a.variant) - intrusion(b.variant) || a.estimate.median! - b.estimate.median!)[0]!;
  return { pick: chosen, band, near, least, quickest };
}
