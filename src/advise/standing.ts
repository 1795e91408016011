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
    return {
      variant: g.variant,
      runs: g.records.length,
      failed: g.records.filter((r) => r.status !== 'ok' && r.status !== 'skipped').length,
      retained,
      estimate: estimateMedian(retained),
      reloadMs: medianOf(values(g, 'reload_ms')),
      vsReference: g.variant === REFERENCE ? 'no clear difference' : decideDifference(compareSamples(retained, refRetained), true).word,
    };
  });
  return out.sort((a, b) => (a.estimate.median ?? Infinity) - (b.estimate.median ?? Infinity));
}

/**
 * Those clearly worse than the leader after a round, to drop: every run of theirs kept more than the
 * leader's worst run, by 5 MiB and 10% of it. A pruning rule, not a verdict (3 runs cannot give one);
 * del-gc stays, as the reference of every verdict.
 */
export function clearlyWorse(all: readonly Standing[]): string[] {
  const leader = all.find((s) => s.retained.length > 0);
  if (!leader) return [];
  const worst = Math.max(...leader.retained);
  const bar = worst + Math.max(5, 0.1 * Math.abs(worst));
  return all.filter((s) => s !== leader && s.variant !== REFERENCE && s.retained.length > 0 && Math.min(...s.retained) > bar).map((s) => s.variant);
}

/** Whether the leader's standing against the runner-up is still open (undecided), so that more runs could settle it. */
export function leaderUndecided(all: readonly Standing[]): boolean {
  const [a, b] = all.filter((s) => s.retained.length > 0);
  if (!a || !b) return false;
  return decideDifference(compareSamples(a.retained, b.retained), true).word === 'undecided';
}
