import { probit } from 'simple-statistics';
import { pairwiseDifferences } from './pairwise.js';
import { EXACT_WORK, exactRankSum, exactWork, normalRankSum, twoSided, type RankSumDistribution } from './rank-sum.js';

/** Two independent samples compared without assuming a distribution: Mann-Whitney U, Cliff's delta, Hodges-Lehmann. */
export interface RankComparison {
  n1: number;
  n2: number;
  /** Mann-Whitney U of the first sample: pairs where it is greater, ties counting one half. */
  u: number;
  /**
   * Two-sided p-value of the rank-sum test on the pooled mid-ranks (ties allowed): exact where the
   * dynamic programme's work is at most EXACT_WORK (`exact`), the normal approximation beyond.
   */
  p: number;
  exact: boolean;
  /** The smallest two-sided p-value these samples' sizes and ties can give: at or above 0.05, no test can say anything. */
  minP: number;
  /** (pairs a > b - pairs a < b) / (n1 n2), from -1 to 1. */
  cliffsDelta: number;
  /** Hodges-Lehmann estimate of the shift a - b: the median of the pairwise differences. */
  shift: number;
  /** Its confidence interval from the distribution of U, at `level` (>= 95%), when the sizes allow one. */
  shiftLo?: number;
  shiftHi?: number;
  level?: number;
}

const ALPHA = 0.05;

/** Mid-ranks (1-based) of the pooled values, doubled so that they are integers, ties sharing the average rank. */
export function doubledMidRanks(pooled: readonly number[]): number[] {
  const order = pooled.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(pooled.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]!.v === order[s]!.v) e++;
    for (let t = s; t <= e; t++) ranks[order[t]!.i] = s + e + 2;
    s = e + 1;
  }
  return ranks;
}

const untied = new Map<string, RankSumDistribution>();

/** The exact distribution of the rank sum of m of N runs without ties (memoized): U's, shifted. */
function untiedDistribution(m: number, n: number): RankSumDistribution {
  const key = `${m}/${n}`;
  let d = untied.get(key);
  if (!d) untied.set(key, (d = exactRankSum(Array.from({ length: n }, (_, i) => 2 * (i + 1)), m)));
  return d;
}

/** The largest k with P(U <= k - 1) <= alpha / 2, for the Moses interval [D(k), D(n1 n2 + 1 - k)]; 0 when none. */
function shiftRank(n1: number, n2: number): { k: number; level: number } {
  const m = Math.min(n1, n2);
  const n = n1 + n2;
  const ranks = Array.from({ length: n }, (_, i) => 2 * (i + 1));
  if (exactWork(ranks, m) <= EXACT_WORK) {
    // Doubled sums of distinct ranks step by 2; U = W - m(m+1)/2 counts from the smallest sum.
    const d = untiedDistribution(m, n);
    let below = 0;
    let k = 0;
    while (2 * k < d.prob.length && below + d.prob[2 * k]! <= ALPHA / 2 + 1e-12) below += d.prob[2 * k++]!;
    return { k, level: 1 - 2 * below };
  }
  const sd = Math.sqrt((n1 * n2 * (n + 1)) / 12);
  const k = Math.floor((n1 * n2) / 2 - probit(1 - ALPHA / 2) * sd);
  return { k: Math.max(0, k), level: 1 - ALPHA };
}

/**
 * Compares `a` with `b` (a's runs against b's). The p-value tests the pooled mid-ranks (ties allowed);
 * the interval of the shift assumes continuous values, as memory figures nearly are.
 */
export function compareSamples(a: readonly number[], b: readonly number[]): RankComparison | undefined {
  const n1 = a.length;
  const n2 = b.length;
  if (!n1 || !n2) return undefined;
  const diffs = pairwiseDifferences(a, b);
  const pairs = n1 * n2;
  const ranks = doubledMidRanks([...a, ...b]);
  // The smaller sample's rank sum: the same test, less work.
  const first = n1 <= n2;
  const m = first ? n1 : n2;
  const mine = first ? ranks.slice(0, n1) : ranks.slice(n1);
  const observed = mine.reduce((s, r) => s + r, 0);
  const exact = exactWork(ranks, m) <= EXACT_WORK;
  const { p, minP } = exact ? twoSided(exactRankSum(ranks, m), m * (n1 + n2 + 1), observed) : normalRankSum(ranks, m, observed);
  const { k, level } = shiftRank(n1, n2);
  const out: RankComparison = {
    n1,
    n2,
    u: diffs.greater + (pairs - diffs.greater - diffs.less) / 2,
    p,
    exact,
    minP,
    cliffsDelta: (diffs.greater - diffs.less) / pairs,
    shift: pairs % 2 ? diffs.kth((pairs + 1) / 2) : (diffs.kth(pairs / 2) + diffs.kth(pairs / 2 + 1)) / 2,
  };
  if (k >= 1) {
    out.shiftLo = diffs.kth(k);
    out.shiftHi = diffs.kth(pairs + 1 - k);
    out.level = level;
  }
  return out;
}

