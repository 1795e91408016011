import type { TopLevelSpec } from 'vega-lite';
import { NO_FACET, VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { median } from '../../stats/math.js';
import { THEME } from '../theme.js';
import { summaryOf } from './figures.js';

export interface ResidualPoint {
  variant: string;
  facet: string;
  /** The variant's place in its facet, best (lowest median residual) first: the y order. */
  rank?: number;
  repeat: number;
  residual: number;
  baseline: number;
  retained: number;
}

export interface ResidualChartInput {
  id: string;
  scenario: string;
  metric: string;
  variants: string[];
  points: ResidualPoint[];
}

/**
 * Residual after release per variant, best first: a dot per repeat, a bar over their range, and
 * the baseline (the median first-mark value) as a dashed rule.
 */
export function residualChart(input: ResidualChartInput, opts: ChartOptions): Chart {
  const faceted = input.points.some((p) => p.facet !== NO_FACET);
  // Layers union their y domains, and a unioned domain sorts only by min, max or count: so the order
  // (median residual, best first) is computed here as a rank and sorted by its min.
  const points = withRanks(input.points);
  const y = { field: 'variant', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const, order: 'ascending' as const } };
  const x = { type: 'quantitative' as const, title: `${input.metric} memory after release (MiB)`, scale: { zero: true } };
  const color = { field: 'variant', type: 'nominal' as const, scale: { domain: input.variants }, legend: null };
  const range = {
    mark: { type: 'rule' as const, strokeWidth: 4, opacity: 0.45 },
    encoding: { y, x: { ...x, aggregate: 'min' as const, field: 'residual' }, x2: { aggregate: 'max' as const, field: 'residual' }, color },
  };
  const dots = {
    mark: { type: 'point' as const, filled: true, size: 70, opacity: 0.9 },
    encoding: {
      y,
      x: { ...x, field: 'residual' },
      color,
      ...(opts.interactive
        ? {
            tooltip: [
              { field: 'variant', type: 'nominal' as const },
              { field: 'repeat', type: 'nominal' as const },
              { field: 'residual', type: 'quantitative' as const, title: 'residual MiB', format: '.1f' },
              { field: 'baseline', type: 'quantitative' as const, title: 'baseline MiB', format: '.1f' },
              { field: 'retained', type: 'quantitative' as const, title: 'retained MiB', format: '.1f' },
            ],
          }
        : {}),
    },
  };
  const baseline = {
    mark: { type: 'rule' as const, strokeDash: [6, 4], color: '#333' },
    encoding: { x: { aggregate: 'median' as const, field: 'baseline', type: 'quantitative' as const } },
  };
  const baselineLabel = {
    mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -6, color: '#333', fontSize: 11 },
    encoding: { x: { aggregate: 'median' as const, field: 'baseline', type: 'quantitative' as const }, y: { value: 0 }, text: { value: 'baseline' } },
  };
  const retained = {
    mark: { type: 'text' as const, align: 'left' as const, dx: 10, fontSize: 11, color: '#444' },
    encoding: {
      y,
      x: { aggregate: 'max' as const, field: 'residual', type: 'quantitative' as const },
      text: { aggregate: 'median' as const, field: 'retained', type: 'quantitative' as const, format: '+.1f' },
    },
  };
  const height = Math.max(120, 26 * new Set(points.map((p) => p.variant)).size);
  const layer = { width: 560, height, layer: [range, dots, retained, baseline, baselineLabel] };
  const title = {
    text: `${input.scenario}: memory left after release, per variant`,
    subtitle: [
      'Median of the settled marks of each run, best first: dots are repeats, bars their range,',
      'numbers the MiB retained above the baseline (dashed).',
    ],
  };
  // Each facet lists only its own variants (the y scale is not shared); the x scale is, for comparison.
  const body = faceted
    ? {
        facet: { row: { field: 'facet', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 0 } } },
        spec: { ...layer, height: { step: 26 } },
        resolve: { scale: { y: 'independent' } },
      }
    : layer;
  return {
    id: input.id,
    title: title.text,
    description: 'Residual after release per variant, with the spread over repeats and the baseline.',
    spec: { $schema: VEGA_LITE_SCHEMA, title, config: THEME, data: { values: points }, ...body } as TopLevelSpec,
  };
}

/** Each point with its variant's rank in its facet: by median residual, ties by name. */
function withRanks(points: readonly ResidualPoint[]): ResidualPoint[] {
  const ranks = new Map<string, number>();
  for (const facet of new Set(points.map((p) => p.facet))) {
    const byVariant = new Map<string, number[]>();
    for (const p of points.filter((q) => q.facet === facet)) byVariant.set(p.variant, [...(byVariant.get(p.variant) ?? []), p.residual]);
    const order = [...byVariant].map(([variant, values]) => ({ variant, median: median(values)! })).sort((a, b) => a.median - b.median || a.variant.localeCompare(b.variant));
    order.forEach((o, i) => ranks.set(JSON.stringify([facet, o.variant]), i));
  }
  return points.map((p) => ({ ...p, rank: ranks.get(JSON.stringify([p.facet, p.variant])) ?? 0 }));
}

/** The memory left after release by each ok run of a scenario, against its baseline. */
export const residualChartModule: ChartModule = {
  suffix: 'residual',
  build(ctx, opts) {
    const points: ResidualPoint[] = ctx.ok.flatMap((r) => {
      const f = summaryOf(r);
      if (f?.residual_mib === undefined || f.baseline_mib === undefined) return [];
      return [{ variant: r.variant, facet: ctx.facets.label(r), repeat: r.repeat, residual: f.residual_mib, baseline: f.baseline_mib, retained: f.retained_mib ?? f.residual_mib - f.baseline_mib }];
    });
    if (!points.length) return undefined;
    return residualChart({ id: `${ctx.scenario}-residual`, scenario: ctx.scenario, metric: ctx.metric, variants: ctx.variants, points }, opts);
  },
};
