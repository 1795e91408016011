import { describe, expect, it } from 'vitest';
import { chartsForRun } from '../../report/charts-for-run.js';
import { renderSvg } from '../../report/render.js';
import { DRAWN } from '../../src/figures/drawn-runs.js';
import { loadAnalysedRun as loadRun } from '../../src/analysis/load.js';
import { writeManyRuns } from '../fixtures/results-fixture.js';
import { tmp } from './helpers.js';

/** Charts of many runs draw medians with bands or chosen runs, say so, and render (vega's parser once overflowed its stack on 1,800 panels). */
describe('charts at fleet size', () => {
  const variants = ['del-gc', 'malloc-trim', 'jemalloc'];
  const dir = writeManyRuns(tmp('fleet-charts'), variants, 150);

  it('450 runs: the marks chart is a median per variant with a band, the time series one run per cell, the residual chart 50 dots per variant', async () => {
    const data = loadRun(dir);
    const charts = chartsForRun(data, { interactive: false });
    const byId = new Map(charts.map((c) => [c.id.replace(/^fleet-/, ''), c.spec as Record<string, any>]));
    const marks = byId.get('marks')!;
    expect(marks.title.subtitle.join(' ')).toMatch(/450 runs: drawn from 399, up to 133 per cell spread over its repeats/);
    expect(marks.layer[0].mark.type).toBe('area');
    // One median line per variant: 7 marks each.
    expect(marks.data.values).toHaveLength(3 * 7);
    const series = byId.get('timeseries')!;
    expect(new Set(series.data.values.map((v: { run: string }) => v.run)).size).toBe(3);
    expect(series.title.subtitle.join(' ')).toMatch(/one per cell for each cell, the run whose retained memory is the cell's median/);
    const residual = byId.get('residual')!;
    expect(residual.data.values).toHaveLength(3 * DRAWN.dots);
    expect(residual.title.subtitle.join(' ')).toMatch(/Up to 150 runs per variant: 50 dots each/);
    for (const c of charts) expect((await renderSvg(c.spec)).length, c.id).toBeGreaterThan(1000);
  });

  it('reads marks and samples only for the runs it draws, not for every run', () => {
    const read = new Set<string>();
    const data = loadRun(dir);
    const marks = data.marks;
    data.marks = (cell) => (read.add(cell), marks(cell));
    chartsForRun(data, { interactive: false });
    // 399 for the bands, the 3 typical runs among them; the other 51 never.
    expect(read.size).toBe(399);
  });
});
