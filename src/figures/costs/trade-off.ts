import type { CellGroup, RunView } from '../run-view.js';
import { estimateOf } from '../statistics/aggregate.js';
import { paretoFront } from './pareto.js';

/** A cell's trade-off: the median memory it keeps against the median time one release and one reload take. */
export function tradeOff(g: CellGroup): { group: CellGroup; memory: number; time: number } | undefined {
  const memory = estimateOf(g, 'retained_mib').median;
  const release = estimateOf(g, 'release_ms').median;
  if (memory === undefined || release === undefined) return undefined;
  return { group: g, memory, time: release + (estimateOf(g, 'reload_ms').median ?? 0) };
}

/** The cells of each scenario on the Pareto front of memory kept against time spent. */
export function frontOf(view: RunView): Set<CellGroup> {
  const out = new Set<CellGroup>();
  for (const scenario of new Set(view.groups.map((g) => g.scenario))) {
    const points = view.groups.filter((g) => g.scenario === scenario).map(tradeOff).filter((p) => p !== undefined);
    for (const p of paretoFront(points)) out.add(p.group);
  }
  return out;
}

