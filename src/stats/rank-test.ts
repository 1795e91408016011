import { combinations, median, permutationTest, probit, wilcoxonRankSum } from 'simple-statistics';
import { seededRandom } from './random.js';

/** Two independent samples compared without assuming a distribution: Mann-Whitney U, Cliff's delta, Hodges-Lehmann. */
export interface RankComparison {
  n1: number;
  n2: number;
  /** Mann-Whitney U of the first sample: pairs where it is greater, ties counting one half. */
  u: number;
  /** Two-sided p-value of U: exact (every split of the pooled runs) where that is at most EXACT_SPLITS splits. */
  p: number;
  exact: boolean;
  /** The smallest two-sided p-value samples of these sizes can give: above 0.05, no test can say anything. */
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

const EXACT_SPLITS = 50_000;
const MONTE_CARLO = 20_000;
const ALPHA = 0.05;

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Mid-ranks (1-based) of the pooled values, ties sharing the average rank. */
function midRanks(pooled: readonly number[]): number[] {
  const order = pooled.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(pooled.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]!.v === order[s]!.v) e++;
    for (let t = s; t <= e; t++) ranks[order[t]!.i] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return ranks;
}

const nullDistributions = new Map<string, number[]>();

/** Counts of U (ranks 1..N, no ties) over every split of n1 + n2 runs: the exact null distribution. */
function uDistribution(n1: number, n2: number): number[] {
  const key = `${n1}/${n2}`;
  const memo = nullDistributions.get(key);
  if (memo) return memo;
  const counts = new Array<number>(n1 * n2 + 1).fill(0);
  const ranks = Array.from({ length: n1 + n2 }, (_, i) => i + 1);
  for (const subset of combinations(ranks, n1)) counts[subset.reduce((a, b) => a + b, 0) - (n1 * (n1 + 1)) / 2]! += 1;
  nullDistributions.set(key, counts);
  return counts;
}

/** The largest k with P(U <= k - 1) <= alpha / 2, for the Moses interval [D(k), D(n1 n2 + 1 - k)]; 0 when none. */
function shiftRank(n1: number, n2: number, exact: boolean): { k: number; level: number } {
  if (exact) {
    const counts = uDistribution(n1, n2);
    const total = counts.reduce((a, b) => a + b, 0);
    let below = 0;
    let k = 0;
    while (k < counts.length && (below + counts[k]!) / total <= ALPHA / 2) below += counts[k++]!;
    return { k, level: 1 - (2 * below) / total };
  }
  const sd = Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  const k = Math.floor((n1 * n2) / 2 - probit(1 - ALPHA / 2) * sd);
  return { k: Math.max(0, k), level: 1 - ALPHA };
}

/**
 * Compares `a` with `b` (a's runs against b's). The p-value tests the pooled mid-ranks (ties allowed);
 * the interval of the shift assumes continuous values, as memory figures nearly are.
 */
export function compareSamples(a: readonly number[], b: readonly number[], seed = 1): RankComparison | undefined {
  const n1 = a.length;
  const n2 = b.length;
  if (!n1 || !n2) return undefined;
  const u = wilcoxonRankSum([...a], [...b]) - (n1 * (n1 + 1)) / 2;
  let greater = 0;
  let less = 0;
  const diffs: number[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x > y) greater++;
      else if (x < y) less++;
      diffs.push(x - y);
    }
  }
  diffs.sort((p, q) => p - q);
  const splits = choose(n1 + n2, n1);
  const exact = splits <= EXACT_SPLITS;
  const ranks = midRanks([...a, ...b]);
  let p: number;
  if (exact) {
    // Every assignment of the pooled ranks to two groups of these sizes, equally likely under no difference.
    const centre = (n1 * (n1 + n2 + 1)) / 2;
    const observed = Math.abs(ranks.slice(0, n1).reduce((s, r) => s + r, 0) - centre);
    let extreme = 0;
    for (const subset of combinations(ranks.map((_, i) => i), n1)) {
      const w = subset.reduce((s, i) => s + ranks[i]!, 0);
      if (Math.abs(w - centre) >= observed - 1e-9) extreme++;
    }
    p = extreme / splits;
  } else {
    p = permutationTest(ranks.slice(0, n1), ranks.slice(n1), 'two_side', MONTE_CARLO, seededRandom(seed));
  }
  const { k, level } = shiftRank(n1, n2, exact);
  const out: RankComparison = {
    n1,
    n2,
    u,
    p: Math.min(1, p),
    exact,
    minP: exact ? Math.min(1, 2 / splits) : 0,
    cliffsDelta: (greater - less) / (n1 * n2),
    shift: median(diffs),
  };
  if (k >= 1) {
    out.shiftLo = diffs[k - 1];
    out.shiftHi = diffs[n1 * n2 - k];
    out.level = level;
  }
  return out;
}
