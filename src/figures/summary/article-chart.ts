import type { TopLevelSpec } from 'vega-lite';
import { NO_FACET, VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { TALL, THEME, WIDE } from '../theme.js';

export interface ArticlePoint {
  variant: string;
  repeat: number;
  facet: string;
  index: number;
  label: string;
  value: number;
}

export interface ArticleChartInput {
  id: string;
  scenario: string;
  metric: string;
  /** Every variant of the run, in matrix order: the colour domain (all of them, unlike the article's chart). */
  variants: string[];
  facetTitle: string;
  points: ArticlePoint[];
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
  const layer = { width: WIDE, height: TALL, layer: opts.interactive ? [line, hover] : [line] };
  const title = {
    text: `${input.scenario}: ${input.metric} memory at each mark`,
    subtitle: 'One line per variant (and repeat); lower after the unloads is better.',
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

/** The article's chart for a scenario: every ok run's primary metric at each mark. */
export const articleChartModule: ChartModule = {
  suffix: 'marks',
  build(ctx, opts) {
    const points: ArticlePoint[] = ctx.ok.flatMap((r) =>
      ctx.marks(r).flatMap((m) => {
        const value = m.values[ctx.metric];
        return value === undefined ? [] : [{ variant: r.variant, repeat: r.repeat, facet: ctx.facets.label(r), index: m.index, label: m.label, value }];
      }),
    );
    if (!points.length) return undefined;
    return articleChart({ id: `${ctx.stem}-marks`, scenario: ctx.scenario, metric: ctx.metric, variants: ctx.variants, facetTitle: ctx.facets.title, points }, opts);
  },
};
