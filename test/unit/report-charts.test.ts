import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { articleChart } from '../../src/figures/summary/article-chart.js';
import { residualChart } from '../../src/figures/summary/residual-chart.js';
import { timeseriesChart } from '../../src/figures/summary/timeseries-chart.js';
import { trainingChart } from '../../src/figures/training/training-chart.js';
import { vramChart } from '../../src/figures/summary/vram-chart.js';
import { downsampleMinMax } from '../../src/figures/downsample.js';
import { renderSvg } from '../../report/render.js';

const variants = ['del-gc', 'malloc-trim'];
const points = variants.flatMap((variant, v) => [0, 1, 2].map((index) => ({ variant, repeat: 1, facet: '', index, label: `m${index}`, value: 300 + index * 100 * (1 - v) })));

/** Every spec must compile as Vega-Lite and carry a title and MiB axes. */
function compiles(spec: object) {
  expect(() => compile(spec as never)).not.toThrow();
  return JSON.stringify(spec);
}

describe('chart spec builders', () => {
  it('article chart: x = mark index, y = MiB, every variant in the colour domain, legend toggling when interactive', () => {
    const input = { id: 'a', scenario: 's', metric: 'private', variants: [...variants, 'never-ran'], facetTitle: '', points };
    const s = articleChart(input, { interactive: true }).spec as Record<string, any>;
    const json = compiles(s);
    expect(s.title.text).toBe('s: private memory at each mark');
    const line = s.layer[0];
    expect(line.encoding.x.field).toBe('index');
    expect(line.encoding.y.title).toBe('private memory (MiB)');
    expect(line.encoding.color.scale.domain).toEqual(['del-gc', 'malloc-trim', 'never-ran']);
    expect(json).toContain('"bind":"legend"');
    const flat = articleChart(input, { interactive: false }).spec as Record<string, any>;
    expect(flat.layer).toHaveLength(1);
    expect(JSON.stringify(flat)).not.toContain('"bind"');
  });

  it('article chart facets by the other matrix axes', () => {
    const faceted = points.map((p, i) => ({ ...p, facet: i % 2 ? 'memory=4g' : 'memory=2g' }));
    const s = articleChart({ id: 'a', scenario: 's', metric: 'private', variants, facetTitle: 'memory', points: faceted }, { interactive: false }).spec as Record<string, any>;
    compiles(s);
    expect(s.facet.row).toMatchObject({ field: 'facet', header: { labelOrient: 'top' } });
  });

  it('residual chart: sorted best first by the median residual, baseline as a rule', () => {
    const s = residualChart(
      { id: 'r', scenario: 's', metric: 'private', variants, points: [{ variant: 'del-gc', facet: '', repeat: 1, residual: 640, baseline: 300, retained: 340 }] },
      { interactive: false },
    ).spec as Record<string, any>;
    compiles(s);
    expect(s.layer[1].encoding.y.sort).toEqual({ field: 'rank', op: 'min', order: 'ascending' });
    expect(s.layer.some((l: any) => l.mark.type === 'rule' && l.encoding.x.field === 'baseline_median')).toBe(true);
    expect(s.layer[1].encoding.x.title).toBe('private memory after release (MiB)');
  });

  it('residual chart: faceted, each facet sorted best first, and vega has nothing to warn about', async () => {
    const rows = ['a=1', 'a=2'].flatMap((facet) =>
      ([['worst', 500], ['best', 100], ['middle', 300]] as const).flatMap(([variant, r]) =>
        [1, 2].map((repeat) => ({ variant, facet, repeat, residual: facet === 'a=1' ? r + repeat : 600 - r - repeat, baseline: 50, retained: r - 50 })),
      ),
    );
    const spec = residualChart({ id: 'r', scenario: 's', metric: 'private', variants: ['worst', 'best', 'middle'], points: rows }, { interactive: false }).spec;
    const warnings: string[] = [];
    const logger = { level: () => logger, warn: (...a: unknown[]) => void warnings.push(a.join(' ')), info() {}, debug() {}, error: (...a: unknown[]) => void warnings.push(a.join(' ')) };
    compile(spec, { logger: logger as never });
    const svg = await renderSvg(spec, logger as never);
    expect(warnings).toEqual([]);
    const labels = [...svg.matchAll(/<text[^>]*>(worst|best|middle)<\/text>/g)].map((m) => m[1]);
    // a=1: best (100), middle, worst; a=2 turns the order round.
    expect(labels).toEqual(['best', 'middle', 'worst', 'worst', 'middle', 'best']);
  });

  it('time series, VRAM and training charts compile', () => {
    compiles(timeseriesChart({ id: 't', scenario: 's', metric: 'private', runs: ['a'], samples: [{ run: 'a', t_s: 0, value: 1 }], marks: [{ run: 'a', t_s: 0, label: 'x', settled: true }] }, { interactive: true }).spec);
    compiles(vramChart({ id: 'v', scenario: 's', runs: ['a'], points: [{ run: 'a', index: 0, label: 'x', series: 'vram_process', value: 254 }] }, { interactive: true }).spec);
    compiles(trainingChart({ id: 'tr', scenario: 's', metric: 'private', points: [{ variant: 'a', setting: 'batch=4', checkpointing: 'on', step_ms: 10, peak: 100, repeat: 1 }] }, { interactive: false }).spec);
  });

  it('SVG escapes hostile names: a variant "<img src=x onerror=alert(1)>" is text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const svg = await renderSvg(articleChart({ id: 'a', scenario: hostile, metric: 'private', variants: [hostile], facetTitle: '', points: points.map((p) => ({ ...p, variant: hostile })) }, { interactive: false }).spec);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror');
  });
});

describe('downsampling', () => {
  it('keeps peaks and troughs, and the ends', () => {
    const series = Array.from({ length: 10_000 }, (_, i) => ({ t: i, v: i === 4321 ? 999 : i === 8000 ? -5 : i % 7 }));
    const thin = downsampleMinMax(series, (p) => p.v, 100);
    expect(thin.length).toBeLessThanOrEqual(201);
    expect(thin.map((p) => p.v)).toContain(999);
    expect(thin.map((p) => p.v)).toContain(-5);
    expect(thin[0]!.t).toBe(0);
    expect(thin[thin.length - 1]!.t).toBe(9999);
    expect(thin.map((p) => p.t)).toEqual([...thin.map((p) => p.t)].sort((a, b) => a - b));
  });
  it('leaves short series alone', () => {
    expect(downsampleMinMax([1, 2, 3], (x) => x, 10)).toEqual([1, 2, 3]);
  });
});

describe('trade-off labels', () => {
  it('five points in a row get labels that cover neither each other nor a point', async () => {
    const { placeLabels } = await import('../../src/figures/costs/label-placement.js');
    const points = ['jemalloc-no-decay', 'mmap-threshold-startup', 'trim-threshold-startup', 'del-params-cpu-trim', 'malloc-trim'].map((label, i) => ({ x: 100 + 30 * i, y: 350, label }));
    const placed = placeLabels(points, 620);
    const boxes = placed.map((p, i) => ({ x0: p.x, x1: p.x + points[i]!.label.length * 6.6, y0: p.y - 7, y1: p.y + 7 }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      for (const p of points) expect(a.x0 < p.x + 6 && p.x - 6 < a.x1 && a.y0 < p.y + 6 && p.y - 6 < a.y1).toBe(false);
    }
  });
});
