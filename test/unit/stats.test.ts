import { describe, expect, it } from 'vitest';
import type { MarkRecord } from '../../src/protocol/measurement.js';
import { median, slope } from '../../src/stats/math.js';
import { summarizeCell } from '../../src/figures/summary/figures.js';

const mark = (index: number, privateMib: number, settled = false, cycle: number | null = null): MarkRecord => ({
  index,
  label: `m${index}`,
  cycle,
  settled,
  t_ms: index * 10,
  reading: { private: privateMib, rss: privateMib + 100 },
});

describe('median and slope', () => {
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('least-squares slope', () => {
    expect(slope([0, 1, 2, 3], [10, 12, 14, 16])).toBeCloseTo(2);
    expect(slope([0, 1, 2], [5, 5, 5])).toBe(0);
    expect(slope([0], [1])).toBeUndefined();
    expect(slope([1, 1], [1, 2])).toBeUndefined();
  });
});

describe('summarizeCell', () => {
  it('computes the summary columns as docs/design.md defines them', () => {
    const marks = [
      mark(0, 300), // baseline
      mark(1, 800, false, 0),
      mark(2, 400, true, 0),
      mark(3, 820, false, 1),
      mark(4, 420, true, 1),
      mark(5, 810, false, 2),
      mark(6, 440, true, 2),
    ];
    const samples = [{ t_ms: 5, reading: { private: 900 } }]; // a peak between marks
    const f = summarizeCell(marks, samples, 'private');
    expect(f.baseline_mib).toBe(300);
    expect(f.peak_mib).toBe(900);
    expect(f.residual_mib).toBe(420); // median of 400, 420, 440
    expect(f.retained_mib).toBe(120);
    expect(f.release_ratio).toBeCloseTo((900 - 420) / (900 - 300));
    expect(f.drift_mib_per_cycle).toBeCloseTo(20);
  });

  it('leaves residual, retained and drift empty without settled marks', () => {
    const f = summarizeCell([mark(0, 100), mark(1, 200)], [], 'private');
    expect(f).toEqual({ baseline_mib: 100, peak_mib: 200, peak_sampled_mib: 200, peak_source: 'sampled' });
  });

  it('uses the settled ordinal when marks have no cycle', () => {
    const f = summarizeCell([mark(0, 100), mark(1, 110, true), mark(2, 130, true)], [], 'private');
    expect(f.drift_mib_per_cycle).toBeCloseTo(20);
  });

  it('handles a metric no mark has', () => {
    expect(summarizeCell([mark(0, 1)], [], 'vram_process')).toEqual({});
  });

  it('does not overflow on long sample series', () => {
    const samples = Array.from({ length: 300_000 }, (_, i) => ({ t_ms: i, reading: { private: i % 1000 } }));
    expect(summarizeCell([mark(0, 1)], samples, 'private').peak_mib).toBe(999);
  });
});
