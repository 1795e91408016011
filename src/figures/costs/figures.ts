import { median } from 'simple-statistics';
import { z } from 'zod';
import type { TimingEvent } from '../../protocol/events.js';
import type { CellPlan } from '../../protocol/plan.js';
import type { ProcessCost } from '../../samplers/cpu-time.js';
import type { CellRecord } from '../../store/cell-record.js';

/** What a run's strategy cost in time: its loads, its unloads (with the release actions) and the loads after them. */
export const CostFiguresSchema = z.object({
  load_ms: z.number().optional(),
  release_ms: z.number().optional(),
  reload_ms: z.number().optional(),
  cpu_s: z.number().optional(),
  minor_faults: z.number().optional(),
});
export type CostFigures = z.infer<typeof CostFiguresSchema>;

export const COSTS = 'costs';

export function costsOf(r: CellRecord): CostFigures | undefined {
  return r.status === 'ok' ? (r.figures[COSTS] as CostFigures | undefined) : undefined;
}

/**
 * Medians over a run's timings (and its CPU seconds and minor page faults, the count of pages it had
 * to fault in: what memory given back costs when it is needed again): every load, every unload (which includes the strategy's release
 * actions), and the loads that came after an unload (where giving memory back shows its price: the pages
 * fault in again). The i-th load timing is the plan's i-th load step.
 */
export function costFigures(plan: CellPlan | undefined, timings: readonly TimingEvent[], cost: ProcessCost | undefined): CostFigures | undefined {
  const loads = timings.filter((t) => t.op === 'load').map((t) => t.ms);
  const unloads = timings.filter((t) => t.op === 'unload').map((t) => t.ms);
  if (!loads.length && !unloads.length && !cost) return undefined;
  const afterUnload: boolean[] = [];
  let unloaded = false;
  for (const s of plan?.steps ?? []) {
    if (s.op === 'unload') unloaded = true;
    if (s.op === 'load') afterUnload.push(unloaded);
  }
  const reloads = loads.filter((_, i) => afterUnload[i]);
  const out: CostFigures = {};
  if (loads.length) out.load_ms = median(loads);
  if (unloads.length) out.release_ms = median(unloads);
  if (reloads.length) out.reload_ms = median(reloads);
  if (cost) {
    out.cpu_s = cost.cpuS;
    out.minor_faults = cost.minorFaults;
  }
  return out;
}
