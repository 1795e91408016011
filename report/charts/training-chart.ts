import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Chart, type ChartOptions } from './chart.js';
import { THEME } from './theme.js';

export interface TrainingPoint {
  variant: string;
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

/** Training runs: peak memory against mean step time, coloured by the checkpointing setting. */
export function trainingChart(input: TrainingChartInput, opts: ChartOptions): Chart {
  const title = {
    text: `${input.scenario}: peak memory against step time`,
    subtitle: 'Gradient checkpointing trades step time for activation memory; one dot per run.',
  };
  const x = { field: 'step_ms', type: 'quantitative' as const, title: 'mean training step (ms)', scale: { zero: false } };
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
          mark: { type: 'point', filled: true, size: 90 },
          encoding: {
            x,
            y,
            color: { field: 'checkpointing', type: 'nominal', title: 'checkpointing' },
            ...(opts.interactive
              ? { tooltip: [{ field: 'variant' }, { field: 'checkpointing' }, { field: 'step_ms', type: 'quantitative', format: '.1f' }, { field: 'peak', type: 'quantitative', format: '.1f' }] }
              : {}),
          },
        },
        { mark: { type: 'text', dx: 8, align: 'left', fontSize: 11 }, encoding: { x, y, text: { field: 'variant' } } },
      ],
    } as unknown as TopLevelSpec,
  };
}
