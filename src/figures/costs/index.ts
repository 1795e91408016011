import { cellColumns } from '../cell-columns.js';
import { fixed, mib } from '../../tables/format.js';
import type { FigureDef, FigureFamily } from '../family.js';
import { estimateOf } from '../statistics/aggregate.js';
import { COSTS, CostFiguresSchema, costFigures, costsOf, type CostFigures } from './figures.js';
import { frontOf, onFront } from './trade-off.js';
import { tradeoffChartModule } from './tradeoff-chart.js';

const ms = (name: keyof CostFigures, label: string): FigureDef => ({ get: (r) => costsOf(r)?.[name], label, unit: 'ms', better: 'lower', digits: 2 });

/**
 * What each strategy costs in time: load, release (the unload with the strategy's actions) and reload
 * (loads after an unload, where pages given back fault in again), the runner's CPU seconds, and the
 * trade-off against the memory it keeps, with the Pareto front.
 */
export const costsFamily: FigureFamily<CostFigures> = {
  id: COSTS,
  compute: (run) => costFigures(run.plan, run.timings, run.cost),
  schema: CostFiguresSchema,
  figures: {
    load_ms: ms('load_ms', 'load'),
    release_ms: ms('release_ms', 'release'),
    reload_ms: ms('reload_ms', 'reload'),
    cpu_s: { get: (r) => costsOf(r)?.cpu_s, label: 'CPU', unit: 's', better: 'lower', digits: 3 },
    minor_faults: { get: (r) => costsOf(r)?.minor_faults, label: 'minor faults', unit: '', better: 'lower', digits: 0 },
  },
  summaryColumns: [
    { name: 'load_ms', digits: 2, get: (r) => costsOf(r)?.load_ms },
    { name: 'release_ms', digits: 2, get: (r) => costsOf(r)?.release_ms },
    { name: 'reload_ms', digits: 2, get: (r) => costsOf(r)?.reload_ms },
    { name: 'cpu_s', digits: 3, get: (r) => costsOf(r)?.cpu_s },
    { name: 'minor_faults', get: (r) => costsOf(r)?.minor_faults },
  ],
  variantColumns: (view) => [{ name: 'pareto', get: (g) => onFront(view, g) }],
  table(view) {
    const groups = view.groups.filter((g) => estimateOf(g, 'load_ms').median !== undefined);
    if (!groups.length) return undefined;
    const cell = cellColumns(groups);
    const scenarios = [...new Set(groups.map((g) => g.scenario))];
    const same = scenarios.filter((s) => { const f = frontOf(view, s); return f.tested && f.points.length > 1 && !f.timesDiffer; });
    return {
      id: 'costs',
      title: 'Costs',
      note: 'Medians over the runs of each cell: one load, one release (the unload with the strategy\'s actions), one load after an unload (reload: pages given back fault in again), the runner\'s CPU seconds and minor page faults (pages it faulted in). Front: no other cell is better on memory or time without being worse on the other, by the rank-sum test at 5% (a lead inside the runs\' spread decides nothing).',
      terminal: 'Costs (medians; ms per model, CPU s and page faults per run; front: the memory/time Pareto front):',
      grid: {
        header: [...cell.header, 'load ms', 'release ms', 'reload ms', 'CPU s', 'faults', 'retained', 'front'],
        rows: groups.map((g) => [
          ...cell.cells(g),
          fixed(estimateOf(g, 'load_ms').median, 1),
          fixed(estimateOf(g, 'release_ms').median, 1),
          fixed(estimateOf(g, 'reload_ms').median, 1),
          fixed(estimateOf(g, 'cpu_s').median, 2),
          fixed(estimateOf(g, 'minor_faults').median, 0),
          mib(estimateOf(g, 'retained_mib').median),
          onFront(view, g) ? 'yes' : '',
        ]),
      },
      after: same.map((s) => `${s}: release + reload time does not differ between its cells at 5%; choose on memory`),
    };
  },
  charts: [tradeoffChartModule],
};
