import { describe, expect, it } from 'vitest';
import { estimateMedian } from '../../src/stats/median-interval.js';
import { compareSamples } from '../../src/stats/rank-test.js';
import { describeWarning, noiseWarnings } from '../../src/stats/noise.js';

describe('statistics against published reference values', () => {
  it('Mann-Whitney U: Hollander & Wolfe\'s permeability example (R: wilcox.test(x, y), W = 35, p = 0.2544 two-sided)', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = compareSamples(x, y)!;
    expect(r.u).toBe(35);
    expect(r.exact).toBe(true);
    expect(r.p).toBeCloseTo(0.2544, 4);
    expect(r.cliffsDelta).toBeCloseTo(0.4, 10);
  });
});

describe('median intervals', () => {
  it('order statistics: n = 10 gives [x(2), x(9)] at 97.9%', () => {
    const e = estimateMedian([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect(e).toMatchObject({ n: 10, median: 5.5, lo: 2, hi: 9 });
    expect(e.level).toBeCloseTo(1 - 2 * (11 / 1024), 10);
  });
});

describe('median intervals and bounds by the number of runs', () => {
  it('fewer than 3 runs: no interval; 3 to 5: their range, at its true confidence; 5 or more: one-sided 95% bounds', () => {
    expect(estimateMedian([1, 2])).toEqual({ n: 2, median: 1.5 });
    const three = estimateMedian([3, 1, 2]);
    expect(three).toMatchObject({ lo: 1, hi: 3 });
    expect(three.level).toBeCloseTo(0.75, 10);
    expect(three.upper).toBeUndefined(); // 1 - 1/8 < 95%
    const five = estimateMedian([5, 4, 3, 2, 1]);
    expect(five).toMatchObject({ lo: 1, hi: 5, upper: 5, lower: 1 });
    expect(five.level).toBeCloseTo(1 - 2 / 32, 10);
  });
});

describe('comparisons of runs', () => {
  it('3 against 3 runs can never reach 5%; 5 against 5 can', () => {
    expect(compareSamples([1, 2, 3], [4, 5, 6])).toMatchObject({ p: 0.1, minP: 0.1, cliffsDelta: -1, u: 0 });
    expect(compareSamples([1, 2, 3], [4, 5, 6])!.shiftLo).toBeUndefined();
    const r = compareSamples([1, 2, 3, 4, 5], [11, 12, 13, 14, 15])!;
    expect(r.p).toBeCloseTo(2 / 252, 10);
    expect(r.shift).toBe(-10);
    expect(r.shiftLo! <= -10 && r.shiftHi! >= -10 && r.shiftHi! < 0).toBe(true);
    expect(r.level).toBeCloseTo(1 - (2 * 4) / 252, 10);
  });

  it('identical runs: no difference, whatever the ties', () => {
    expect(compareSamples([7, 7, 7, 7, 7], [7, 7, 7, 7, 7])).toMatchObject({ p: 1, shift: 0, cliffsDelta: 0 });
  });

  it('large samples use a seeded permutation test: the same p every time', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const b = Array.from({ length: 30 }, (_, i) => i + 10);
    const r1 = compareSamples(a, b)!;
    expect(r1.exact).toBe(false);
    expect(compareSamples(a, b)!.p).toBe(r1.p);
    expect(r1.p).toBeLessThan(0.01);
  });
});

describe('noise warnings', () => {
  it('names what is wrong and what to do', () => {
    expect(noiseWarnings([338, 354, 509], 3, 3).map((w) => w.kind)).toEqual(['split']);
    expect(describeWarning(noiseWarnings([338, 354, 509], 3, 3)[0]!)).toBe('runs split into two groups, 338.0, 354.0 and 509.0: the process does not retain the same each time (run more: --repeat 6)');
    expect(noiseWarnings([300, 340, 380], 3, 3).map((w) => w.kind)).toEqual(['wide']);
    expect(noiseWarnings([10.9, 10.9, 11.0], 3, 3)).toEqual([]);
    expect(noiseWarnings([10], 1, 2).map((w) => w.kind)).toEqual(['not-all-ok', 'too-few']);
  });
});
