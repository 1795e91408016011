import type { TopLevelSpec } from 'vega-lite';
import { quantileSorted } from 'simple-statistics';
import { NO_FACET, VEGA_LITE_SCHEMA, type Chart, type ChartContext, type ChartModule, type ChartOptions } from '../chart.js';
import { DRAWN, spread } from '../drawn-runs.js';
import { TALL, THEME, WIDE } from '../theme.js';

export interface ArticlePoint {
  variant: string;
  repeat: number;
  facet: string;
  index: number;
  label: string;
  value: number;
  /** With many runs, a point is the median over a cell's runs at this mark, and this their middle half. */
  lo?: number;
  hi?: number;
}

export interface ArticleChartInput {
  id: string;
  scenario: string;
  metric: string;
  /** Every variant of the run, in matrix order: the colour domain (all of them, unlike the article's chart). */
  variants: string[];
  facetTitle: string;
  points: ArticlePoint[];
  /** Set when the points are medians over runs with bands: which runs, in words. */
  band?: string;
}

/** The article's chart: the metric at each mark (x = mark index), one line per variant (and repeat). */
export function articleChart(input: ArticleChartInput, opts: ChartOptions): Chart {
  const faceted = input.points.some((p) => p.facet !== NO_FACET);
  const pick = { param: 'pick', empty: true };
  const line = {
    mark: { type: 'line' as const, strokeWidth: 1.6, interpolate: 'linear' as const },
    encoding: {
      x: { field: 'index', type: 'quantitative' as const, title: 'mark (every load and unload, in order)', axis: { tickMinStep: 1 }, scale: { nice: false } },
      y: { field: 'value', type: 'quantitative' as const, title: `${input.metric} memory (MiB)` },
      color: { field: 'variant', type: 'nominal' as const, scale: { domain: input.variants }, legend: { title: 'variant', symbolType: 'stroke', symbolOpacity: 1 } },
      detail: { field: 'repeat', type: 'nominal' as const },
      ...(opts.interactive ? { opacity: { condition: pick, value: 0.12 } } : {}),
    },
    ...(opts.interactive ? { params: [{ name: 'pick', select: { type: 'point' as const, fields: ['variant'] }, bind: 'legend' as const }] } : {}),
  };
  const hover = {
    mark: { type: 'point' as const, filled: true, size: 28, opacity: 0 },
    encoding: {
      x: { field: 'index', type: 'quantitative' as const },
      y: { field: 'value', type: 'quantitative' as const },
      color: { field: 'variant', type: 'nominal' as const, scale: { domain: input.variants } },
      tooltip: [
        { field: 'variant', type: 'nominal' as const },
        { field: 'label', type: 'nominal' as const, title: 'mark' },
        { field: 'index', type: 'quantitative' as const, title: 'index' },
        { field: 'value', type: 'quantitative' as const, title: 'MiB', format: '.1f' },
        { field: 'repeat', type: 'nominal' as const },
        ...(faceted ? [{ field: 'facet', type: 'nominal' as const, title: input.facetTitle }] : []),
      ],
    },
  };
  const band = {
    mark: { type: 'area' as const, opacity: 0.18, interpolate: 'linear' as const },
    encoding: {
      x: { field: 'index', type: 'quantitative' as const },
      y: { field: 'lo', type: 'quantitative' as const },
      y2: { field: 'hi' },
      color: { field: 'variant', type: 'nominal' as const, scale: { domain: input.variants }, legend: { title: 'variant', symbolType: 'stroke', symbolOpacity: 1 } },
      detail: { field: 'repeat', type: 'nominal' as const },
    },
  };
  const layers = [...(input.band ? [band] : []), line, ...(opts.interactive ? [hover] : [])];
  const layer = { width: WIDE, height: TALL, layer: layers };
  const title = {
    text: `${input.scenario}: ${input.metric} memory at each mark`,
    subtitle: input.band
      ? [`One line per variant: the median at each mark, the band the middle half of the runs; lower after the unloads is better.`, `${input.band}.`]
      : 'One line per variant (and repeat); lower after the unloads is better.',
  };
  const spec = (
    faceted
      ? { facet: { row: { field: 'facet', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 0 } } }, spec: layer, resolve: { scale: { y: 'shared' } } }
      : layer
  ) as Record<string, unknown>;
  return {
    id: input.id,
    title: title.text,
    description: 'The article\'s chart: memory at every mark, one line per variant; all variants included.',
    spec: { $schema: VEGA_LITE_SCHEMA, title, config: THEME, data: { values: input.points }, ...spec } as TopLevelSpec,
  };
}

/**
 * The article's chart for a scenario: every ok run's primary metric at each mark; with more runs than
 * DRAWN.lines, the median of each cell at each mark over runs spread across its repeats, with a band.
 */
export const articleChartModule: ChartModule = {
  suffix: 'marks',
  build(ctx, opts) {
    const base = { id: `${ctx.stem}-marks`, scenario: ctx.scenario, metric: ctx.metric, variants: ctx.variants, facetTitle: ctx.facets.title };
    if (ctx.ok.length > DRAWN.lines) {
      const { points, band } = bandPoints(ctx);
      return points.length ? articleChart({ ...base, points, band }, opts) : undefined;
    }
    const points: ArticlePoint[] = ctx.ok.flatMap((r) =>
      ctx.marks(r).flatMap((m) => {
        const value = m.values[ctx.metricOf(r)];
        return value === undefined ? [] : [{ variant: r.variant, repeat: r.repeat, facet: ctx.facets.label(r), index: m.index, label: m.label, value }];
      }),
    );
    if (!points.length) return undefined;
    return articleChart({ ...base, points }, opts);
  },
};

/** Per cell, the median and the middle half at each mark over up to DRAWN.runsRead runs in all, spread over each cell's repeats. */
function bandPoints(ctx: ChartContext): { points: ArticlePoint[]; band: string } {
  const groups = ctx.groups.filter((g) => g.ok.length);
  const per = Math.max(1, Math.floor(DRAWN.runsRead / Math.max(1, groups.length)));
  const points: ArticlePoint[] = [];
  let read = 0;
  for (const [i, g] of groups.slice(0, DRAWN.runsRead).entries()) {
    const byIndex = new Map<number, { label: string; values: number[] }>();
    for (const r of spread(g.ok, per)) {
      read++;
      for (const m of ctx.marks(r)) {
        const v = m.values[ctx.metricOf(r)];
        if (v === undefined) continue;
        const at = byIndex.get(m.index) ?? { label: m.label, values: [] };
        at.values.push(v);
        byIndex.set(m.index, at);
      }
    }
    for (const [index, { label, values }] of byIndex) {
      values.sort((a, b) => a - b);
      points.push({ variant: g.variant, repeat: i, facet: ctx.facets.label(g.ok[0]!), index, label, value: quantileSorted(values, 0.5), lo: quantileSorted(values, 0.25), hi: quantileSorted(values, 0.75) });
    }
  }
  const shown = Math.min(groups.length, DRAWN.runsRead);
  return { points, band: `${ctx.ok.length} runs: drawn from ${read}, up to ${per} per cell spread over its repeats${shown < groups.length ? `, for ${shown} of ${groups.length} cells` : ''}` };
}
