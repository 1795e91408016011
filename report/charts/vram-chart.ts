import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Chart, type ChartOptions } from './chart.js';
import { THEME } from './theme.js';

export interface VramPoint {
  run: string;
  index: number;
  label: string;
  /** vram_process, torch_reserved or torch_allocated */
  series: string;
  value: number;
}

export interface VramChartInput {
  id: string;
  scenario: string;
  runs: string[];
  points: VramPoint[];
}

const SERIES = ['vram_process', 'torch_reserved', 'torch_allocated'];

/**
 * GPU runs: what the driver charges the process (nvidia-smi) against what PyTorch's allocator holds
 * and what tensors use, per mark. The gap at the bottom is the CUDA context floor.
 */
export function vramChart(input: VramChartInput, opts: ChartOptions): Chart {
  const columns = Math.min(2, input.runs.length);
  const title = {
    text: `${input.scenario}: process VRAM against torch reserved and allocated`,
    subtitle: 'nvidia-smi per process vs torch.cuda.memory_reserved() vs memory_allocated(); what stays is the context.',
  };
  return {
    id: input.id,
    title: title.text,
    description: 'Process VRAM vs torch reserved vs torch allocated at each mark, per run.',
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
          color: { field: 'series', type: 'nominal', scale: { domain: SERIES, range: ['#d62728', '#1f77b4', '#2ca02c'] }, title: null },
          ...(opts.interactive
            ? { tooltip: [{ field: 'label', title: 'mark' }, { field: 'series' }, { field: 'value', type: 'quantitative', format: '.1f', title: 'MiB' }] }
            : {}),
        },
      },
    } as unknown as TopLevelSpec,
  };
}
