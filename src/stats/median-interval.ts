import { binomialDistribution, median } from 'simple-statistics';

/** What the runs of a cell say about the median of a figure, with exact distribution-free intervals. */
export interface MedianEstimate {
  n: number;
  median?: number;
  /**
   * The two-sided interval [x(k), x(n+1-k)] of order statistics and its exact confidence: the narrowest
   * with at least 95% when n >= 6; [min, max] with less (75% at n = 3, 94% at n = 5) below that; absent
   * with fewer than 3 runs.
   */
  lo?: number;
  hi?: number;
  level?: number;
  /** One-sided bounds: the median is at most `upper` (at least `lower`) with at least 95% confidence (n >= 5). */
  upper?: number;
  lower?: number;
}

export const CONFIDENCE = 0.95;
/** Runs below which no interval is given at all. */
export const MIN_RUNS_FOR_INTERVAL = 3;

const cdfs = new Map<number, Float64Array>();

/** P(Bin(n, 1/2) <= k), from simple-statistics' binomial table, summed once per n (a fleet's cells share their n). */
function binomialCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let cdf = cdfs.get(n);
  if (!cdf) {
    const pmf = binomialDistribution(n, 0.5) ?? [];
    cdf = new Float64Array(n + 1);
    let sum = 0;
    for (let i = 0; i <= n; i++) cdf[i] = Math.min(1, (sum += pmf[i] ?? 0));
    if (cdfs.size > 64) cdfs.clear();
    cdfs.set(n, cdf);
  }
  return cdf[k]!;
}

/**
 * The median of `values` and exact order-statistic confidence intervals for it (they assume only
 * independent runs of the same distribution: no normality, and no resampling, so they are the same on
 * every machine).
 */
export function estimateMedian(values: readonly number[]): MedianEstimate {
  const x = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = x.length;
  if (n === 0) return { n };
  const out: MedianEstimate = { n, median: median(x) };
  if (n < MIN_RUNS_FOR_INTERVAL) return out;
  // Two-sided: [x(k), x(n+1-k)] covers the median with probability 1 - 2 P(Bin <= k - 1).
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && 1 - 2 * binomialCdf(n, k) >= CONFIDENCE) k++;
  out.lo = x[k - 1];
  out.hi = x[n - k];
  out.level = 1 - 2 * binomialCdf(n, k - 1);
  // One-sided: the median is <= x(j) with probability P(Bin <= j - 1).
  for (let j = 1; j <= n; j++) {
    if (binomialCdf(n, j - 1) >= CONFIDENCE) {
      out.upper = x[j - 1];
      out.lower = x[n - j];
      break;
    }
  }
  return out;
}
