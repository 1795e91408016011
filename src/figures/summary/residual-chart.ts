import type { TopLevelSpec } from 'vega-lite';
import { NO_FACET, VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { estimateMedian } from '../../stats/median-interval.js';
import { median } from '../../stats/math.js';
import { DRAWN, spread } from '../drawn-runs.js';
import { THEME } from '../theme.js';
import { summaryOf } from './figures.js';

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

/** A point as drawn: its variant's rank, range and median in its facet, precomputed (see residualChart). */
interface DrawnPoint extends ResidualPoint {
  rank: number;
  lo: number;
  hi: number;
  retained_median: number;
  baseline_median: number;
  /** One point per variant and facet carries its range bar and label; one per facet the baseline. */
  first: boolean;
  firstOfFacet: boolean;
}

/**
 * Residual after release per variant, best first: a dot per repeat, a bar over their range, and
 * the baseline (the median first-mark value) as a dashed rule.
 */
export function residualChart(input: ResidualChartInput, opts: ChartOptions): Chart {
  const faceted = input.points.some((p) => p.facet !== NO_FACET);
  // Every layer reads the same rows, with no aggregate: layers that derived their own data would
  // union the y domain from several sources, which a faceted chart with independent y scales cannot
  // sort. So the order (median residual, best first), ranges and labels are computed here.
  const points = drawn(input.points);
  const y = { field: 'variant', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const, order: 'ascending' as const } };
  const x = { type: 'quantitative' as const, title: `${input.metric} memory after release (MiB)`, scale: { zero: true } };
  const color = { field: 'variant', type: 'nominal' as const, scale: { domain: input.variants }, legend: null };
  const only = (flag: 'first' | 'firstOfFacet', value: number) => ({ condition: { test: `datum.${flag}`, value }, value: 0 });
  const range = {
    mark: { type: 'rule' as const, strokeWidth: 4 },
    encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, color, opacity: only('first', 0.45) },
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
    encoding: { x: { field: 'baseline_median', type: 'quantitative' as const }, opacity: only('firstOfFacet', 1) },
  };
  const baselineLabel = {
    mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -6, color: '#333', fontSize: 11 },
    encoding: { x: { field: 'baseline_median', type: 'quantitative' as const }, y: { value: 0 }, text: { value: 'baseline' }, opacity: only('firstOfFacet', 1) },
  };
  const retained = {
    mark: { type: 'text' as const, align: 'left' as const, dx: 10, fontSize: 11, color: '#444' },
    encoding: {
      y,
      x: { field: 'hi', type: 'quantitative' as const },
      text: { field: 'retained_median', type: 'quantitative' as const, format: '+.1f' },
      opacity: only('first', 1),
    },
  };
  const height = Math.max(120, 26 * new Set(points.map((p) => p.variant)).size);
  const layer = { width: 560, height, layer: [range, dots, retained, baseline, baselineLabel] };
  const most = Math.max(0, ...[...countBy(input.points)].map(([, n]) => n));
  const title = {
    text: `${input.scenario}: memory left after release, per variant`,
    subtitle: [
      'Median of the settled marks of each run, best first: dots are runs, bars the 95% interval of their median',
      '(their range with fewer than 6 runs), numbers the median MiB retained above the baseline (dashed).',
      ...(most > DRAWN.dots ? [`Up to ${most} runs per variant: ${DRAWN.dots} dots each, spread over them in order; the bars use every run.`] : []),
    ],
  };
  // A facet is a chart of its own (its rows, its variants), stacked; the x scale is shared, for
  // comparison. Facets by encoding would union the layers' y domains across facets, which vega-lite
  // cannot sort by the rank.
  const facets = [...new Set(points.map((p) => p.facet))];
  const body = faceted
    ? {
        vconcat: facets.map((facet) => {
          const mine = points.filter((p) => p.facet === facet);
          return { ...layer, height: 26 * new Set(mine.map((p) => p.variant)).size, title: { text: facet, anchor: 'start', fontSize: 13, fontWeight: 'bold' }, data: { values: mine } };
        }),
        resolve: { scale: { x: 'shared' } },
      }
    : { ...layer, data: { values: points } };
  return {
    id: input.id,
    title: title.text,
    description: 'Residual after release per variant, with the interval of its median over the runs and the baseline.',
    spec: { $schema: VEGA_LITE_SCHEMA, title, config: THEME, ...body } as TopLevelSpec,
  };
}

function countBy(points: readonly ResidualPoint[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const p of points) n.set(`${p.facet}\u0000${p.variant}`, (n.get(`${p.facet}\u0000${p.variant}`) ?? 0) + 1);
  return n;
}

/** Each point with its variant's rank (by median residual, ties by name), range and median retained, per facet. */
function drawn(points: readonly ResidualPoint[]): DrawnPoint[] {
  const out: DrawnPoint[] = [];
  for (const facet of new Set(points.map((p) => p.facet))) {
    const inFacet = points.filter((p) => p.facet === facet);
    const baseline = median(inFacet.map((p) => p.baseline))!;
    const variants = [...new Set(inFacet.map((p) => p.variant))].map((variant) => {
      const mine = inFacet.filter((p) => p.variant === variant);
      const residuals = mine.map((p) => p.residual);
      // The bar: the median's confidence interval (order statistics, as the summary's), or the range of fewer than 3 runs.
      const e = estimateMedian(residuals);
      return { variant, mine, median: e.median!, lo: e.lo ?? Math.min(...residuals), hi: e.hi ?? Math.max(...residuals), retained: median(mine.map((p) => p.retained))! };
    });
    variants.sort((a, b) => a.median - b.median || a.variant.localeCompare(b.variant));
    // Every run counts in the interval; with many, the dots are a spread of them in order.
    variants.forEach((v, rank) =>
      spread([...v.mine].sort((a, b) => a.residual - b.residual), DRAWN.dots).forEach((p, i) =>
        out.push({ ...p, rank, lo: v.lo, hi: v.hi, retained_median: v.retained, baseline_median: baseline, first: i === 0, firstOfFacet: rank === 0 && i === 0 }),
      ),
    );
  }
  return out;
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
    return residualChart({ id: `${ctx.stem}-residual`, scenario: ctx.scenario, metric: ctx.metric, variants: ctx.variants, points }, opts);
  },
};
