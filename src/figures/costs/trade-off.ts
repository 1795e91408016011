import { decideDifference } from '../../stats/difference.js';
import { estimateMedian } from '../../stats/median-interval.js';
import { compareSamples } from '../../stats/rank-test.js';
import { costsOf } from './figures.js';
import { summaryOf } from '../summary/figures.js';
import type { CellGroup, RunView } from '../run-view.js';

/** A figure of a cell over its runs: the median, the interval of the median (its range with fewer than 6 runs), the runs. */
export interface Spread {
  median: number;
  lo: number;
  hi: number;
  values: number[];
}

/** A cell's trade-off: the memory it keeps against the time one release and one reload take, run by run. */
export interface TradeOff {
  group: CellGroup;
  memory: Spread;
  time: Spread;
}

function spread(values: number[]): Spread | undefined {
  const e = estimateMedian(values);
  if (e.median === undefined) return undefined;
  return { median: e.median, lo: e.lo ?? Math.min(...values), hi: e.hi ?? Math.max(...values), values };
}

export function tradeOff(g: CellGroup): TradeOff | undefined {
  const memory: number[] = [];
  const time: number[] = [];
  for (const r of g.ok) {
    const kept = summaryOf(r)?.retained_mib;
    const c = costsOf(r);
    if (kept === undefined || c?.release_ms === undefined || !Number.isFinite(kept)) continue;
    memory.push(kept);
    time.push(c.release_ms + (c.reload_ms ?? 0));
  }
  const m = spread(memory);
  const t = spread(time);
  return m && t ? { group: g, memory: m, time: t } : undefined;
}

/** More cells than this in a scenario and the front is drawn from medians: testing every pair would not be bounded. */
export const FRONT_TESTED_CELLS = 200;

/** How a scenario's cells trade memory against time. */
export interface Front {
  points: TradeOff[];
  /** The cells no other beats: see `dominates`. */
  front: Set<CellGroup>;
  /** Whether the front comes from tests between the cells (else from medians: too many cells). */
  tested: boolean;
  /** Whether any two cells' times differ at 5%: when none do, the choice is on memory alone. */
  timesDiffer: boolean;
}

const better = (a: Spread, b: Spread) => decideDifference(compareSamples(a.values, b.values), true).word;

/**
 * q beats p when it is significantly better on memory or time (the rank-sum rule every table uses)
 * and not significantly worse on the other: a lead inside the runs' own spread decides nothing.
 */
function dominates(q: TradeOff, p: TradeOff): boolean {
  const memory = better(q.memory, p.memory);
  const time = better(q.time, p.time);
  return (memory === 'better' && time !== 'worse') || (time === 'better' && memory !== 'worse');
}

function byMedians(q: TradeOff, p: TradeOff): boolean {
  const [qm, qt, pm, pt] = [q.memory.median, q.time.median, p.memory.median, p.time.median];
  return qm <= pm && qt <= pt && (qm < pm || qt < pt);
}

function frontOfScenario(points: TradeOff[]): Front {
  const tested = points.length <= FRONT_TESTED_CELLS;
  const beats = tested ? dominates : byMedians;
  const front = new Set(points.filter((p) => !points.some((q) => q !== p && beats(q, p))).map((p) => p.group));
  const differs = (p: TradeOff, q: TradeOff) => ['better', 'worse'].includes(better(p.time, q.time));
  const timesDiffer = tested && points.some((p, i) => points.slice(i + 1).some((q) => differs(p, q)));
  return { points, front, tested, timesDiffer };
}

const fronts = new WeakMap<RunView, Map<string, Front>>();

/** The trade-off of each cell of a scenario and its front (memoized per view). */
export function frontOf(view: RunView, scenario: string): Front {
  let byScenario = fronts.get(view);
  if (!byScenario) fronts.set(view, (byScenario = new Map()));
  let f = byScenario.get(scenario);
  if (!f) {
    const points = view.groups.filter((g) => g.scenario === scenario).map(tradeOff).filter((p) => p !== undefined);
    byScenario.set(scenario, (f = frontOfScenario(points)));
  }
  return f;
}

/** Whether a cell is on its scenario's front (undefined when it has no trade-off figures). */
export function onFront(view: RunView, g: CellGroup): boolean | undefined {
  const f = frontOf(view, g.scenario);
  return f.points.some((p) => p.group === g) ? f.front.has(g) : undefined;
}
