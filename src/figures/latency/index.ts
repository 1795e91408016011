import { cellColumns } from '../cell-columns.js';
import { fixed, mib } from '../../tables/format.js';
import type { FigureDef, FigureFamily } from '../family.js';
import { estimateOf } from '../statistics/aggregate.js';
import { LATENCY, LatencyFiguresSchema, latencyFigures, latencyOf, type LatencyFigures } from './figures.js';

const ms = (name: 'p50_ms' | 'p95_ms' | 'p99_ms' | 'max_ms', label: string): FigureDef => ({ get: (r) => latencyOf(r)?.[name], label, unit: 'ms', better: 'lower', digits: 2 });

/**
 * Servers under load (requests steps): per run, the requests sent, those not answered 2xx, and the
 * latency percentiles of the answered ones; summary.csv columns, statistics over repeats, the table.
 */
export const latencyFamily: FigureFamily<LatencyFigures> = {
  id: LATENCY,
  compute: (run) => latencyFigures(run.requests),
  schema: LatencyFiguresSchema,
  columnsOnlyWithFigures: true,
  figures: {
    requests: { get: (r) => latencyOf(r)?.requests, label: 'requests', unit: '', better: 'higher', digits: 0 },
    errors: { get: (r) => latencyOf(r)?.errors, label: 'errors', unit: '', better: 'lower', digits: 0 },
    p50_ms: ms('p50_ms', 'latency p50'),
    p95_ms: ms('p95_ms', 'latency p95'),
    p99_ms: ms('p99_ms', 'latency p99'),
  },
  summaryColumns: [
    { name: 'requests', get: (r) => latencyOf(r)?.requests },
    { name: 'errors', get: (r) => latencyOf(r)?.errors },
    { name: 'p50_ms', digits: 2, get: (r) => latencyOf(r)?.p50_ms },
    { name: 'p95_ms', digits: 2, get: (r) => latencyOf(r)?.p95_ms },
    { name: 'p99_ms', digits: 2, get: (r) => latencyOf(r)?.p99_ms },
  ],
  table(view) {
    const groups = view.groups.filter((g) => estimateOf(g, 'requests').median !== undefined);
    if (!groups.length) return undefined;
    const cell = cellColumns(groups);
    return {
      id: 'latency',
      title: 'Under load',
      note: 'Medians over the runs of each cell: requests sent by its requests steps, those not answered 2xx (another status, a timeout, a broken connection), and the latency of the answered ones, next to the memory the cell retained.',
      terminal: 'Under load (medians over runs; latency of the requests answered 2xx, ms):',
      grid: {
        header: [...cell.header, 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'retained'],
        rows: groups.map((g) => [
          ...cell.cells(g),
          fixed(estimateOf(g, 'requests').median, 0),
          fixed(estimateOf(g, 'errors').median, 0),
          fixed(estimateOf(g, 'p50_ms').median, 1),
          fixed(estimateOf(g, 'p95_ms').median, 1),
          fixed(estimateOf(g, 'p99_ms').median, 1),
          mib(estimateOf(g, 'retained_mib').median),
        ]),
      },
    };
  },
};
