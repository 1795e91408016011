import type { TopLevelSpec } from 'vega-lite';
import { NO_FACET, VEGA_LITE_SCHEMA, type Chart, type ChartOptions } from './chart.js';
import { THEME } from './theme.js';

export interface ResidualPoint {
  variant: string;
  facet: string;
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
  const y = { field: 'variant', type: 'nominal' as const, title: null, sort: { field: 'residual', op: 'median' as const, order: 'ascending' as const } };
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
      tooltip: [
        { field: 'variant', type: 'nominal' as const },
        { field: 'repeat', type: 'nominal' as const },
        { field: 'residual', type: 'quantitative' as const, title: 'residual MiB', format: '.1f' },
        { field: 'baseline', type: 'quantitative' as const, title: 'baseline MiB', format: '.1f' },
        { field: 'retained', type: 'quantitative' as const, title: 'retained MiB', format: '.1f' },
      ],
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
  const height = Math.max(120, 26 * new Set(input.points.map((p) => p.variant)).size);
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
  void opts;
  return {
    id: input.id,
    title: title.text,
    description: 'Residual after release per variant, with the spread over repeats and the baseline.',
    spec: { $schema: VEGA_LITE_SCHEMA, title, config: THEME, data: { values: input.points }, ...body } as TopLevelSpec,
  };
}
