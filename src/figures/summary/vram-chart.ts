import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { GPU_HELD_METRICS, METRICS } from '../../metrics/catalogue.js';
import { panelRuns } from '../drawn-runs.js';
import { columnsFor, THEME } from '../theme.js';

export interface VramPoint {
  run: string;
  index: number;
  label: string;
  /** A metric of GPU memory the process holds (vram_process, or one a runner reports from inside). */
  series: string;
  value: number;
}

export interface VramChartInput {
  id: string;
  scenario: string;
  runs: string[];
  points: VramPoint[];
  /** Which runs these are, when not every one. */
  chosen?: string;
}

/** Colours of the series, in the order of GPU_HELD_METRICS (nvidia-smi's first). */
const PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#ff9896', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/**
 * GPU runs: what the driver charges the process (nvidia-smi) against what the runner's allocator says
 * it holds (each runtime declares such metrics), per mark. The gap at the bottom is the CUDA context floor.
 */
export function vramChart(input: VramChartInput, opts: ChartOptions): Chart {
  const columns = columnsFor(input.runs, 2);
  const series = GPU_HELD_METRICS.filter((m) => input.points.some((p) => p.series === m));
  const labels = series.map((m) => METRICS[m]!.label);
  const title = {
    text: `${input.scenario}: GPU memory of the process at each mark`,
    subtitle: [`${labels.join('; ')}. What stays is the context.`, ...(input.chosen ? [`${input.chosen}.`] : [])],
  };
  return {
    id: input.id,
    title: title.text,
    description: `${labels.join(' vs ')} at each mark, per run.`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      config: THEME,
      data: { values: input.points },
      facet: { field: 'run', type: 'nominal', title: null, sort: input.runs },
      columns,
      spec: {
        width: columns === 1 ? 700 : 360,
        height: 180,
        mark: { type: 'line', strokeWidth: 1.6 },
        encoding: {
          x: { field: 'index', type: 'quantitative', title: 'mark' },
          y: { field: 'value', type: 'quantitative', title: 'MiB' },
          color: { field: 'series', type: 'nominal', scale: { domain: series, range: series.map((_, i) => PALETTE[i % PALETTE.length]!) }, title: null },
          ...(opts.interactive
            ? { tooltip: [{ field: 'label', title: 'mark' }, { field: 'series' }, { field: 'value', type: 'quantitative', format: '.1f', title: 'MiB' }] }
            : {}),
        },
      },
    } as unknown as TopLevelSpec,
  };
}

/** The GPU memory metrics of every ok run at each mark (nothing on a CPU run). */
export const vramChartModule: ChartModule = {
  suffix: 'vram',
  build(ctx, opts) {
    const chosen = panelRuns(ctx.ok, ctx.groups);
    const points: VramPoint[] = chosen.runs.flatMap((r) =>
      ctx.marks(r).flatMap((m) =>
        GPU_HELD_METRICS.flatMap((series) => {
          const value = m.values[series];
          return value === undefined ? [] : [{ run: ctx.runLabel(r), index: m.index, label: m.label, series, value }];
        }),
      ),
    );
    if (!points.length) return undefined;
    return vramChart({ id: `${ctx.stem}-vram`, scenario: ctx.scenario, runs: [...new Set(points.map((p) => p.run))], points, ...(chosen.note ? { chosen: chosen.note } : {}) }, opts);
  },
};
