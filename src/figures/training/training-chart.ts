import type { TopLevelSpec } from 'vega-lite';
import { axisValue } from '../../store/cell-record.js';
import { VEGA_LITE_SCHEMA, type Chart, type ChartModule, type ChartOptions } from '../chart.js';
import { DRAWN, spread } from '../drawn-runs.js';
import { THEME } from '../theme.js';
import { trainingOf } from './figures.js';
import { STRATEGY_AXIS } from '../../scenario/axes.js';

export interface TrainingPoint {
  variant: string;
  /** The other matrix values that tell this run apart (e.g. "batch=8 seq=256"); may be empty. */
  setting: string;
  checkpointing: string;
  step_ms: number;
  peak: number;
  repeat: number;
}

export interface TrainingChartInput {
  id: string;
  scenario: string;
  metric: string;
  points: TrainingPoint[];
}

/**
 * Training runs: peak memory against median step time, coloured by the checkpointing setting; a line
 * joins each "off" run to its "on" twin, so the trade reads as a slope: down (memory saved) and right
 * (time lost). The setting labels one "off" end, to keep labels apart.
 */
export function trainingChart(input: TrainingChartInput, opts: ChartOptions): Chart {
  const title = {
    text: `${input.scenario}: peak memory against step time`,
    subtitle: 'Gradient checkpointing trades step time for activation memory; one dot per run, a line from off to on.',
  };
  const x = { field: 'step_ms', type: 'quantitative' as const, title: 'median training step (ms)', scale: { zero: false } };
  const y = { field: 'peak', type: 'quantitative' as const, title: `peak ${input.metric} memory (MiB)`, scale: { zero: false } };
  return {
    id: input.id,
    title: title.text,
    description: 'Peak memory against step time, per checkpointing setting.',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      config: THEME,
      data: { values: input.points },
      width: 560,
      height: 320,
      layer: [
        {
          mark: { type: 'line', color: '#bbb', strokeWidth: 1.5 },
          encoding: { x, y, detail: [{ field: 'variant' }, { field: 'setting' }, { field: 'repeat' }], order: { field: 'checkpointing' } },
        },
        {
          mark: { type: 'point', filled: true, size: 90, opacity: 0.9 },
          encoding: {
            x,
            y,
            color: { field: 'checkpointing', type: 'nominal', title: 'checkpointing', scale: { domain: ['off', 'on'], range: ['#d62728', '#1f77b4'] } },
            shape: { field: 'variant', type: 'nominal', title: 'variant' },
            ...(opts.interactive
              ? {
                  tooltip: [
                    { field: 'variant' },
                    { field: 'setting' },
                    { field: 'checkpointing' },
                    { field: 'step_ms', type: 'quantitative', format: '.1f' },
                    { field: 'peak', type: 'quantitative', format: '.1f' },
                  ],
                }
              : {}),
          },
        },
        {
          // One label per setting: at its first variant's "off" point.
          transform: [
            { filter: "datum.checkpointing === 'off'" },
            { window: [{ op: 'row_number', as: 'nth' }], groupby: ['setting'], sort: [{ field: 'variant' }, { field: 'repeat' }] },
            { filter: 'datum.nth === 1' },
          ],
          mark: { type: 'text', dx: 8, align: 'left', fontSize: 11 },
          encoding: { x, y, text: { field: 'setting' } },
        },
      ],
    } as unknown as TopLevelSpec,
  };
}

/** Every ok training run of a scenario, labelled by the axes that vary among them (checkpointing and strategy aside). */
export const trainingChartModule: ChartModule = {
  suffix: 'training',
  build(ctx, opts) {
    // One point per run; with many, up to DRAWN.dots per cell, spread over its repeats.
    const trained = ctx.groups.flatMap((g) => spread(g.ok, DRAWN.dots)).flatMap((r) => {
      const t = trainingOf(r);
      return t?.step_s_median !== undefined && t.train_peak_mib !== undefined ? [{ r, t, step_s: t.step_s_median, peak: t.train_peak_mib }] : [];
    });
    if (!trained.length) return undefined;
    const varying = [...new Set(trained.flatMap(({ r }) => Object.keys(r.axes)))].filter(
      (k) => k !== 'checkpointing' && k !== STRATEGY_AXIS && new Set(trained.map(({ r }) => String(axisValue(r, k)))).size > 1,
    );
    const points: TrainingPoint[] = trained.map(({ r, t, step_s, peak }) => ({
      variant: r.variant,
      setting: varying.map((k) => `${k}=${axisValue(r, k) ?? ''}`).join(' '),
      checkpointing: t.checkpointing ? 'on' : 'off',
      step_ms: step_s * 1000,
      peak,
      repeat: r.repeat,
    }));
    return trainingChart({ id: `${ctx.stem}-training`, scenario: ctx.scenario, metric: ctx.metric, points }, opts);
  },
};
