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

  it('30 against 30 runs is exact now; beyond the exact limit the normal approximation is the same every time', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const b = Array.from({ length: 30 }, (_, i) => i + 10);
    const r1 = compareSamples(a, b)!;
    expect(r1.exact).toBe(true);
    expect(r1.p).toBeLessThan(0.05);
    const big = compareSamples([...a, ...a, ...a], [...b, ...b, ...b])!;
    expect(big.exact).toBe(false);
    expect(compareSamples([...a, ...a, ...a], [...b, ...b, ...b])!.p).toBe(big.p);
  });
});

describe('noise warnings', () => {
  const runs = (values: number[], ok = values.length, of = ok, reasons: string[] = []) => noiseWarnings({ values, figure: 'retained_mib', ok, of, reasons });
  it('names what is wrong and what to do', () => {
    expect(runs([338, 354, 509, 512]).map((w) => w.kind)).toEqual(['split']);
    expect(describeWarning(runs([338, 354, 509, 512])[0]!)).toBe('runs split into two groups, 338.0, 354.0 and 509.0, 512.0: the process does not retain the same each time (run more: --repeat 8)');
    expect(runs([300, 340, 380]).map((w) => w.kind)).toEqual(['wide']);
    expect(runs([10.9, 10.9, 11.0])).toEqual([]);
    expect(runs([10], 1, 2).map((w) => w.kind)).toEqual(['not-all-ok', 'too-few']);
  });

  it('one run far from the others is an outlier, not two groups (issue 19)', () => {
    expect(describeWarning(runs([100, 100, 100, 100, 200])[0]!)).toBe('one run is an outlier: 200.0 against 100.0 for the others (run more: --repeat 10)');
    expect(runs([338, 354, 509]).map((w) => w.kind)).toEqual(['outlier']);
  });

  it('the width is judged against the true median of an even number of runs', () => {
    // Median 100 (not the upper middle, 105): a spread of 10.2 is wider than 10% of 100, not of 105.
    expect(runs([94.8, 95, 105, 105]).map((w) => w.kind)).toEqual(['split']);
    expect(runs([14, 14.9, 15.1, 16.2]).map((w) => w.kind)).toEqual(['wide']);
    const w = runs([14, 14.9, 15.1, 16.2])[0]!;
    expect(w.kind === 'wide' && w.median).toBe(15);
  });

  it('every run failed the same way: the reason once, not "run more"', () => {
    const w = runs([], 0, 5, Array(5).fill('failed: exit 1: ModuleNotFoundError'));
    expect(w.map(describeWarning)).toEqual(['no run (of 5) ended ok, all for one reason: failed: exit 1: ModuleNotFoundError']);
    expect(runs([], 0, 2, ['failed: a', 'timeout: b']).map(describeWarning)).toEqual(['no run (of 2) ended ok, for 2 different reasons (see Not ok)']);
  });

  it('NaN and Infinity are counted and said, not silently dropped', () => {
    const w = runs([10, 11, NaN, Infinity, 10.5]);
    expect(w.map(describeWarning)).toContain('2 of 5 runs that ended ok have no finite retained_mib (not a number, or unreadable): it is judged on 3');
  });
});
