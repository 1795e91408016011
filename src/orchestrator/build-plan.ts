import { findModel } from '../models/catalogue.js';
import { LIBC_AXIS } from '../libc/choice.js';
import { cacheDir } from '../paths.js';
import type { CellPlan, PlanModel, PlanStep } from '../protocol/plan.js';
import { runtimeNamed } from '../runtimes/registry.js';
import { sourceRule, type RuntimeDriver } from '../runtimes/runtime.js';
import type { Cell } from '../scenario/cell.js';

/**
 * The plan a runner receives for a cell: sources resolved on this machine (`auto` becomes pretrained or
 * synthetic) and the tensors of every catalogue model it loads. Returns the resolved sources too.
 */
export async function buildPlan(cell: Cell, driver: RuntimeDriver, id: string): Promise<{ plan: CellPlan; sources: Record<string, string> }> {
  const sources: Record<string, string> = {};
  const models: Record<string, PlanModel> = {};
  const steps: PlanStep[] = [];
  for (const step of cell.steps) {
    if (step.op !== 'load') {
      steps.push(step);
      continue;
    }
    const source = (sources[step.source] ??= await driver.resolveSource(step.source));
    const spec = findModel(step.model);
    // A prefix source (hf:<path>) names its own model: no catalogue tensors for it.
    if (spec && !sourceRule(runtimeNamed(cell.runtime), source)?.prefix) {
      const data = driver.modelData?.(spec, cell.seed);
      models[spec.name] ??= { name: spec.name, tensors: spec.tensors, ...(spec.architecture ? { architecture: spec.architecture } : {}), ...(data ? { data } : {}) };
    }
    steps.push({ ...step, source });
  }
  const plan: CellPlan = {
    protocol: 1,
    cell: id,
    runtime: cell.runtime,
    device: cell.device,
    seed: cell.seed,
    cacheDir: cacheDir(),
    setenvInProcess: cell.strategy.setenvInProcess,
    options: cell.strategy.options,
    isolation: cell.strategy.isolation,
    models,
    ...(cell.server ? { server: cell.server } : {}),
    ...(Object.hasOwn(cell.axes, LIBC_AXIS) && String(cell.axes[LIBC_AXIS]) !== 'host' ? { libc: String(cell.axes[LIBC_AXIS]) } : {}),
    steps,
  };
  return { plan, sources };
}

/** One plan that loads every (model, source) the given plans load: enough to prepare them all at once. */
export function unionPlan(plans: readonly CellPlan[]): CellPlan | undefined {
  const first = plans[0];
  if (!first) return undefined;
  const seen = new Set<string>();
  const steps: PlanStep[] = [];
  const models: Record<string, PlanModel> = {};
  for (const p of plans) {
    Object.assign(models, p.models);
    for (const s of p.steps) {
      if (s.op !== 'load' || seen.has(`${s.model}|${s.source}|${p.seed}`)) continue;
      seen.add(`${s.model}|${s.source}|${p.seed}`);
      steps.push(s);
    }
  }
  return { ...first, cell: 'prepare', models, steps };
}
