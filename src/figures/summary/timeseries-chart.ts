import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { downsampleMinMax } from '../downsample.js';
import { panelRuns } from '../drawn-runs.js';
import { columnsFor, THEME } from '../theme.js';

export interface SeriesPoint {
  run: string;
  t_s: number;
  value: number;
}

export interface SeriesMark {
  run: string;
  t_s: number;
  label: string;
  settled: boolean;
}

export interface TimeseriesChartInput {
  id: string;
  scenario: string;
  metric: string;
  /** Runs (cell and repeat) in matrix order: one small chart each. */
  runs: string[];
  /** The sampling period, when every run had the same. */
  intervalMs?: number;
  /** Which runs these are, when not every one (a chart of thousands of runs is no chart). */
  chosen?: string;
  samples: SeriesPoint[];
  marks: SeriesMark[];
}

/** The background samples of each run over time, with its marks as vertical rules (settled ones darker). */
export function timeseriesChart(input: TimeseriesChartInput, opts: ChartOptions): Chart {
  const facet = { field: 'run', type: 'nominal' as const, title: null, sort: input.runs, header: { labelFontSize: 11 } };
  const x = { field: 't_s', type: 'quantitative' as const, title: 'time since the runner started (s)' };
  const rules = {
    transform: [{ filter: "datum.kind === 'mark'" }],
    mark: { type: 'rule' as const, strokeWidth: 1 },
    encoding: {
      x,
      color: { field: 'settled', type: 'nominal' as const, scale: { domain: [false, true], range: ['#d0d0d0', '#7a7a7a'] }, legend: { title: 'mark', labelExpr: "datum.value ? 'settled' : 'other'" } },
      ...(opts.interactive ? { tooltip: [{ field: 'label', type: 'nominal' as const, title: 'mark' }, { field: 't_s', type: 'quantitative' as const, title: 's', format: '.2f' }] } : {}),
    },
  };
  const line = {
    transform: [{ filter: "datum.kind === 'sample'" }],
    mark: { type: 'line' as const, strokeWidth: 1.4, color: '#1f5fa8' },
    encoding: { x, y: { field: 'value', type: 'quantitative' as const, title: `${input.metric} (MiB)` } },
  };
  const columns = columnsFor(input.runs, 3);
  const title = {
    text: `${input.scenario}: ${input.metric} memory over time, ${input.intervalMs !== undefined ? `every ${input.intervalMs} ms` : 'sampled in the background'}`,
    subtitle: [`Background samples of ${input.chosen ? 'chosen runs' : 'each run'} (peaks between marks show here); rules are the marks.`, ...(input.chosen ? [`${input.chosen}.`] : [])],
  };
  return {
    id: input.id,
    title: title.text,
    description: 'Time series of the background samples with the marks as rules, one small chart per run.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      config: THEME,
      facet: { ...facet },
      columns,
      spec: { width: columns === 1 ? 700 : columns === 2 ? 380 : 250, height: 140, layer: [rules, line] },
      // One data set (facets split it by run); each layer keeps its kind.
      data: { values: [...input.samples.map((s) => ({ kind: 'sample', ...s })), ...input.marks.map((m) => ({ kind: 'mark', ...m }))] },
      resolve: { scale: { x: 'independent' } },
    } as unknown as TopLevelSpec,
  };
}

/** The background samples of every ok run of a scenario, thinned for drawing, with its marks. */
export const timeseriesChartModule: ChartModule = {
  suffix: 'timeseries',
  build(ctx, opts) {
    const chosen = panelRuns(ctx.ok, ctx.groups);
    const runs = chosen.runs.filter((r) => ctx.samples(r).length);
    if (!runs.length) return undefined;
    const samples: SeriesPoint[] = runs.flatMap((r) =>
      downsampleMinMax(
        ctx.samples(r).filter((s) => s.values[ctx.metricOf(r)] !== undefined),
        (s) => s.values[ctx.metricOf(r)]!,
      ).map((s) => ({ run: ctx.runLabel(r), t_s: s.t_ms / 1000, value: s.values[ctx.metricOf(r)]! })),
    );
    if (!samples.length) return undefined;
    const marks: SeriesMark[] = runs.flatMap((r) => ctx.marks(r).map((m) => ({ run: ctx.runLabel(r), t_s: m.t_ms / 1000, label: m.label, settled: m.settled })));
    const intervals = new Set(runs.map((r) => r.sample_interval_ms));
    const intervalMs = intervals.size === 1 ? [...intervals][0] : undefined;
    return timeseriesChart({ id: `${ctx.stem}-timeseries`, scenario: ctx.scenario, metric: ctx.metric, runs: runs.map(ctx.runLabel), samples, marks, ...(intervalMs !== undefined ? { intervalMs } : {}), ...(chosen.note ? { chosen: chosen.note } : {}) }, opts);
  },
};
