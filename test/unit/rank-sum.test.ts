import { describe, expect, it } from 'vitest';
import { decideDifference } from '../../src/stats/difference.js';
import { exactRankSum, twoSided } from '../../src/stats/rank-sum.js';
import { compareSamples, doubledMidRanks } from '../../src/stats/rank-test.js';

/** Every split of the pooled doubled ranks into m and the rest, enumerated: counts of each doubled sum. */
function bruteForce(ranks: readonly number[], m: number): Map<number, number> {
  const counts = new Map<number, number>();
  const walk = (from: number, left: number, sum: number) => {
    if (left === 0) return void counts.set(sum, (counts.get(sum) ?? 0) + 1);
    for (let i = from; i <= ranks.length - left; i++) walk(i + 1, left - 1, sum + ranks[i]!);
  };
  walk(0, m, 0);
  return counts;
}

/** A deterministic sample with ties: values rounded to a coarse grid. */
function tiedSample(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.round((x / 2147483648) * 5);
  });
}

describe('the exact rank-sum distribution', () => {
  it('matches enumeration of every split for all sizes up to 12 against 12, with and without ties', () => {
    for (let n1 = 1; n1 <= 12; n1++) {
      for (let n2 = n1; n2 <= 12; n2++) {
        for (const values of [Array.from({ length: n1 + n2 }, (_, i) => i), tiedSample(n1 + n2, n1 * 31 + n2)]) {
          const ranks = doubledMidRanks(values);
          const d = exactRankSum(ranks, n1);
          const brute = bruteForce(ranks, n1);
          const total = [...brute.values()].reduce((a, b) => a + b, 0);
          for (let i = 0; i < d.prob.length; i++) expect(d.prob[i]).toBeCloseTo((brute.get(d.min + i) ?? 0) / total, 12);
          // And the p-value of the observed split (the first n1 values) counted by hand.
          const observed = ranks.slice(0, n1).reduce((s, r) => s + r, 0);
          const centre = n1 * (n1 + n2 + 1);
          let extreme = 0;
          for (const [sum, count] of brute) if (Math.abs(sum - centre) >= Math.abs(observed - centre)) extreme += count;
          expect(twoSided(d, centre, observed).p).toBeCloseTo(extreme / total, 12);
        }
      }
    }
  });

  it('gives the published critical values of U (two-sided 5%, equal sizes 5 to 20)', () => {
    // Largest U with P(U <= u) <= 2.5%: the tables of Mann & Whitney (1947) as printed in textbooks.
    const published: Record<number, number> = { 5: 2, 6: 5, 7: 8, 8: 13, 9: 17, 10: 23, 11: 30, 12: 37, 13: 45, 14: 55, 15: 64, 16: 75, 17: 87, 18: 99, 19: 113, 20: 127 };
    for (const [size, critical] of Object.entries(published)) {
      const n = Number(size);
      const d = exactRankSum(Array.from({ length: 2 * n }, (_, i) => 2 * (i + 1)), n);
      let cdf = 0;
      let u = -1;
      while (cdf + d.prob[2 * (u + 1)]! <= 0.025) cdf += d.prob[2 * ++u]!;
      expect(u, `n = ${n}`).toBe(critical);
    }
  });

  it('counts U for 3 against 3 as the textbook does: 1 1 2 3 3 3 3 2 1 1 of 20', () => {
    const d = exactRankSum([2, 4, 6, 8, 10, 12], 3);
    expect(Array.from(d.prob.filter((_, i) => i % 2 === 0), (p) => Math.round(p * 20))).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
  });
});

describe('compareSamples at the edges (issue 19)', () => {
  it('30 and 100 runs against 3 or 4, and 200 against 200, answer (the exact path no longer enumerates splits)', () => {
    const big = Array.from({ length: 30 }, (_, i) => 100 + i);
    const r = compareSamples(big, [1, 2, 3, 4])!;
    expect(r.exact).toBe(true);
    expect(r.p).toBeCloseTo(2 / 46376, 12); // C(34, 4) = 46376 splits, the two extremes
    const hundred = compareSamples(Array.from({ length: 100 }, (_, i) => i), [50.5, 60.5, 70.5])!;
    expect(hundred.exact).toBe(true);
    const wide = compareSamples(Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 200 }, (_, i) => i + 20))!;
    expect(wide.exact).toBe(false);
    // U = 16,200 of 40,000 (180 ties), sd 1156.2: z = (3,800 - 0.25) / 1156.2 = 3.286.
    expect(wide.p).toBeCloseTo(0.001014, 5);
  });

  it('the Monte Carlo bias case: [16..19, 24] against the other 20 of 1..25 is p = 0.0506 exactly, no clear difference', () => {
    const a = [16, 17, 18, 19, 24];
    const b = Array.from({ length: 25 }, (_, i) => i + 1).filter((v) => !a.includes(v));
    const r = compareSamples(a, b)!;
    expect(r.exact).toBe(true);
    // Rank sum 94 of 5 of 25: 2,690 of the 53,130 splits are at least as far from the centre 65.
    expect(r.p).toBeCloseTo(2690 / 53130, 4);
    expect(decideDifference(r, true).word).toBe('no clear difference');
    expect(r.shiftLo! <= 0 && r.shiftHi! >= 0).toBe(true);
  });

  it('a zero shift gets no direction: 100 x 3, 101 x 4 against 101 x 11', () => {
    const r = compareSamples([100, 100, 100, 101, 101, 101, 101], Array(11).fill(101))!;
    expect(r.p).toBeLessThan(0.05);
    expect(r.shift).toBe(0);
    expect(decideDifference(r, true).word).toBe('no clear difference');
    expect(decideDifference(r, false).word).toBe('no clear difference');
  });

  it('1 run against 39 cannot decide (p = 0.05 is the least it can give)', () => {
    const r = compareSamples([1], Array.from({ length: 39 }, (_, i) => 10 + i))!;
    expect(r.minP).toBeCloseTo(0.05, 12);
    expect(decideDifference(r, true).word).toBe('undecided');
  });

  it('ties raise the smallest p: every run equal on both sides can never differ', () => {
    const r = compareSamples([7, 7, 7, 7, 7], [7, 7, 7, 7, 7])!;
    expect(r).toMatchObject({ p: 1, minP: 1, shift: 0, cliffsDelta: 0 });
    expect(decideDifference(r, true).word).toBe('undecided');
  });

  it('the direction is the data\'s: lower runs are better for a lower-is-better figure, worse otherwise', () => {
    const r = compareSamples([1, 2, 3, 4, 5], [11, 12, 13, 14, 15])!;
    expect(decideDifference(r, true).word).toBe('better');
    expect(decideDifference(r, false).word).toBe('worse');
  });
});

describe('pairwise differences without writing them all down', () => {
  it('the k-th difference by bisection equals the sorted list\'s, ties and all', async () => {
    const { pairwiseDifferences } = await import('../../src/stats/pairwise.js');
    let s = 3;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
    for (const [n1, n2, grid] of [[400, 300, 0], [500, 500, 10], [1000, 120, 1]] as const) {
      const a = Array.from({ length: n1 }, () => (grid ? Math.round(next() * 50 * grid) / grid : next() * 500));
      const b = Array.from({ length: n2 }, () => (grid ? Math.round(next() * 50 * grid) / grid : next() * 500 + 20));
      const all = a.flatMap((x) => b.map((y) => x - y)).sort((p, q) => p - q);
      const d = pairwiseDifferences(a, b);
      expect(d.count).toBe(all.length);
      for (const k of [1, 2, 17, Math.floor(all.length / 2), all.length - 1, all.length]) expect(d.kth(k), `k = ${k}`).toBe(all[k - 1]);
      expect(d.greater).toBe(all.filter((v) => v > 0).length);
      expect(d.less).toBe(all.filter((v) => v < 0).length);
    }
  });
});
