import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA, type Chart, type ChartOptions } from './chart.js';
import { columnsFor, THEME } from './theme.js';

export interface VramPoint {
  run: string;
  index: number;
  label: string;
  /** vram_process, cuda_used, torch_reserved or torch_allocated */
  series: string;
  value: number;
}

export interface VramChartInput {
  id: string;
  scenario: string;
  runs: string[];
  points: VramPoint[];
}

export const VRAM_SERIES = ['vram_process', 'cuda_used', 'torch_reserved', 'torch_allocated'] as const;

/**
 * GPU runs: what the driver charges the process (nvidia-smi) against what PyTorch's allocator holds
 * and what tensors use, per mark. The gap at the bottom is the CUDA context floor.
 */
export function vramChart(input: VramChartInput, opts: ChartOptions): Chart {
  const columns = columnsFor(input.runs, 2);
  const title = {
    text: `${input.scenario}: GPU memory of the process at each mark`,
    subtitle: 'nvidia-smi per process; cudaMemGetInfo inside it; torch reserved and allocated. What stays is the context.',
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
          color: { field: 'series', type: 'nominal', scale: { domain: [...VRAM_SERIES], range: ['#d62728', '#ff9896', '#1f77b4', '#2ca02c'] }, title: null },
          ...(opts.interactive
            ? { tooltip: [{ field: 'label', title: 'mark' }, { field: 'series' }, { field: 'value', type: 'quantitative', format: '.1f', title: 'MiB' }] }
            : {}),
        },
      },
    } as unknown as TopLevelSpec,
  };
}
