import { errorFunction } from 'simple-statistics';

/**
 * The null distribution of a rank sum: which sums of `m` of the pooled ranks are how likely when every
 * choice of `m` runs is equally likely (no difference between the samples). Ranks are mid-ranks, so
 * ties are allowed; they are doubled to integers, and `prob[s - min]` is the probability of doubled
 * sum `s`.
 */
export interface RankSumDistribution {
  min: number;
  prob: Float64Array;
}

/**
 * Above this much work (pooled runs x the smaller sample x the range of doubled sums), the exact
 * distribution gives way to the normal approximation. It keeps the exact path under about 0.1 s: it
 * covers min(n1, n2) x (n1 + n2) up to about 5,000 (50 runs against 50, 3 against 1,600).
 */
export const EXACT_WORK = 5e7;

/** Work the dynamic programme of `exactRankSum` does for these doubled ranks and sample size. */
export function exactWork(doubledRanks: readonly number[], m: number): number {
  return doubledRanks.length * m * (topSum(doubledRanks, m) + 1);
}

function topSum(doubledRanks: readonly number[], m: number): number {
  return [...doubledRanks].sort((a, b) => b - a).slice(0, m).reduce((s, r) => s + r, 0);
}

/**
 * The exact distribution, by dynamic programming over the pooled ranks (polynomial where enumerating
 * the splits is exponential): ways[j][s] counts the choices of j of the ranks seen so far whose doubled
 * ranks sum to s. Counts are kept as doubles divided by C(N, m) at the end: C(100, 50) is 1e29, well
 * inside their range, and only ratios matter.
 */
export function exactRankSum(doubledRanks: readonly number[], m: number): RankSumDistribution {
  const n = doubledRanks.length;
  const max = topSum(doubledRanks, m);
  const width = max + 1;
  const ways = new Float64Array((m + 1) * width);
  ways[0] = 1;
  for (let i = 0; i < n; i++) {
    const r = doubledRanks[i]!;
    for (let j = Math.min(i + 1, m); j >= 1; j--) {
      const to = j * width;
      const from = (j - 1) * width;
      for (let s = max - r; s >= 0; s--) {
        const w = ways[from + s]!;
        if (w) ways[to + s + r]! += w;
      }
    }
  }
  const row = ways.subarray(m * width, (m + 1) * width);
  let total = 0;
  let min = -1;
  for (let s = 0; s < width; s++) {
    if (row[s]) {
      total += row[s]!;
      if (min < 0) min = s;
    }
  }
  const prob = new Float64Array(width - min);
  for (let s = min; s < width; s++) prob[s - min] = row[s]! / total;
  return { min, prob };
}

/** P(|W - centre| >= |w - centre|) for the doubled sum w: the two-sided p-value, and the smallest one there is. */
export function twoSided(d: RankSumDistribution, doubledCentre: number, doubledObserved: number): { p: number; minP: number } {
  const far = Math.abs(doubledObserved - doubledCentre);
  let p = 0;
  let farthest = 0;
  for (let i = 0; i < d.prob.length; i++) if (d.prob[i]) farthest = Math.max(farthest, Math.abs(d.min + i - doubledCentre));
  let minP = 0;
  for (let i = 0; i < d.prob.length; i++) {
    const dist = Math.abs(d.min + i - doubledCentre);
    // Doubled sums are integers, and so are their distances to the doubled centre times 2: exact comparisons.
    if (dist >= far) p += d.prob[i]!;
    if (dist >= farthest) minP += d.prob[i]!;
  }
  return { p: Math.min(1, p), minP: Math.min(1, minP) };
}

/** The standard normal distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/**
 * The normal approximation of the rank-sum test, for sizes beyond EXACT_WORK: mean m(N+1)/2, variance
 * with the tie correction (n1 n2 / 12)(N + 1 - sum(t^3 - t) / (N (N - 1))), and a continuity correction
 * of half a step (a quarter with mid-ranks, whose sums move in halves). The smallest p is that of the
 * most extreme split.
 */
export function normalRankSum(doubledRanks: readonly number[], m: number, doubledObserved: number): { p: number; minP: number } {
  const n = doubledRanks.length;
  const n2 = n - m;
  const ties = new Map<number, number>();
  for (const r of doubledRanks) ties.set(r, (ties.get(r) ?? 0) + 1);
  let tieSum = 0;
  for (const t of ties.values()) tieSum += t ** 3 - t;
  const variance = ((m * n2) / 12) * (n + 1 - tieSum / (n * (n - 1)));
  if (!(variance > 0)) return { p: 1, minP: 1 };
  const sd = Math.sqrt(variance);
  const centre = (m * (n + 1)) / 2;
  const step = ties.size < n ? 0.25 : 0.5;
  const pOf = (w: number) => Math.min(1, 2 * (1 - normalCdf(Math.max(0, Math.abs(w - centre) - step) / sd)));
  const sorted = [...doubledRanks].sort((a, b) => a - b);
  const low = sorted.slice(0, m).reduce((s, r) => s + r, 0) / 2;
  const high = sorted.slice(n - m).reduce((s, r) => s + r, 0) / 2;
  return { p: pOf(doubledObserved / 2), minP: Math.min(pOf(low), pOf(high)) };
}
