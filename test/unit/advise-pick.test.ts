import { describe, expect, it } from 'vitest';
import { clearlyWorse, pick, tolerance, type Standing } from '../../src/advise/standing.js';
import { estimateMedian } from '../../src/stats/median-interval.js';
import type { Difference } from '../../src/stats/difference.js';

const s = (variant: string, retained: number[], reloadMs: number, vsReference: Difference): Standing => ({
  variant,
  runs: retained.length,
  failed: 0,
  retained,
  estimate: estimateMedian(retained),
  reloadMs,
  vsReference,
});

// The shape of the small Llama's run: a process per model keeps least and reloads in seconds.
const RUN = [
  s('process-per-model', [6, 6, 6, 6, 6], 5199, 'better'),
  s('malloc-trim', [13.7, 13.7, 13.8, 13.7, 13.7], 177, 'better'),
  s('jemalloc-purge', [14.6, 14.6, 14.6, 14.6, 14.6], 151, 'better'),
  s('trim-threshold-tunable', [15.9, 15.9, 15.8, 15.9, 16], 124, 'better'),
  s('jemalloc', [25.4, 25.4, 25.4], 143, 'better'),
  s('del-gc', [68.9, 68.9, 69.3, 68.9, 73.8], 152, 'no clear difference'),
  s('tcmalloc', [277.5, 277.5, 279.5], 48, 'worse'),
];
const intrusion = (v: string) => (v === 'process-per-model' ? 2 : /jemalloc|tcmalloc/.test(v) ? 1 : 0);

describe('advise: what it drops and what it picks', () => {
  it('a margin of 16 MiB, or a tenth of what del-gc keeps', () => {
    expect(tolerance(RUN)).toBe(16);
    expect(tolerance([s('del-gc', [400, 400, 400], 100, 'no clear difference')])).toBe(40);
  });

  it('drops what every run of which kept more than the leader\'s worst plus the margin, never del-gc', () => {
    expect(clearlyWorse(RUN)).toEqual(['jemalloc', 'tcmalloc']);
  });

  it('picks the least intrusive of the as-good that reload in the same order of time, not the process per model', () => {
    const p = pick(RUN, intrusion)!;
    expect(p.least.variant).toBe('process-per-model');
    expect(p.band.map((x) => x.variant)).toEqual(['process-per-model', 'malloc-trim', 'jemalloc-purge', 'trim-threshold-tunable']);
    expect(p.near.map((x) => x.variant)).toEqual(['malloc-trim', 'jemalloc-purge', 'trim-threshold-tunable']);
    expect(p.pick.variant).toBe('malloc-trim');
  });

  it('picks nothing when nothing is better than del-gc with 95% confidence', () => {
    expect(pick(RUN.map((x) => ({ ...x, vsReference: x.vsReference === 'better' ? ('undecided' as const) : x.vsReference })), intrusion)).toBeUndefined();
  });
});
