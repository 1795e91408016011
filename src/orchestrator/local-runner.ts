import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { planMarks, type CellPlan } from '../protocol/plan.js';
import { availabilityOf, targetKey } from '../runtimes/availability.js';
import { DEVICES } from '../runtimes/devices.js';
import { runtimeNamed } from '../runtimes/registry.js';
import { sourceRule, type Availability } from '../runtimes/runtime.js';
import type { Cell } from '../scenario/cell.js';
import { resolvePreload } from '../strategies/preload.js';
import { cellJson, type CellRecord } from '../store/cell-record.js';
import type { AnalyseCell } from './cell-result.js';
import { cellFiles, notRunRecord } from './cell-files.js';
import { writeCell } from '../store/results-dir.js';
import { buildPlan, unionPlan } from './build-plan.js';
import { cellEnvironment } from './cell-env.js';
import type { CellRunner, OneRun } from './cell-runner.js';
import type { Progress } from './progress.js';
import { runCell } from './run-cell.js';
import { libcPlan } from './libc.js';
import { withThpDisabled } from './thp.js';

/** What running cells on this machine needs first: which runtimes work, the plans, their preparation. */
interface Here {
  availability: Map<string, Availability>;
  plans: Map<string, { plan: CellPlan; sources: Record<string, string> }>;
  prepareErrors: Map<string, string>;
}

export interface LocalOptions {
  /** What a run that ended ok is, in figures (analysis/analyse-cell.ts, passed in by the command). */
  analyse: AnalyseCell;
  /** Record the cgroup's usage even without a limit: inside the cell's own container (reclaim cell). */
  cgroupEvenUnlimited?: boolean;
}

/** Cells in fresh runner processes on this machine. */
export function localCellRunner(options: LocalOptions): CellRunner {
  let here: Here | undefined;
  return {
    describe: async () => ({}),
    async prepare(cells, progress) {
      here = await setUpHere(cells, progress);
    },
    async run(one) {
      if (!here) throw new Error('localCellRunner: prepare() was not called');
      return runCellHere(one, here, options);
    },
  };
}

async function setUpHere(cells: readonly Cell[], progress: Progress): Promise<Here> {
  const availability = await availabilityOf(cells.map((c) => ({ runtime: c.runtime, device: c.device })));
  for (const [target, a] of availability) {
    progress.log(a.available ? `reclaim: runtime ${target}: ${a.detail}` : `reclaim: runtime ${target} unavailable: ${a.reason}`);
    if (a.available) for (const note of a.notes) progress.log(`reclaim: note: ${note}`);
  }
  const plans = new Map<string, { plan: CellPlan; sources: Record<string, string> }>();
  for (const cell of cells) {
    if (availability.get(targetKey(cell.runtime, cell.device))?.available) plans.set(cell.id, await buildPlan(cell, runtimeNamed(cell.runtime).driver, cell.id));
  }
  logSources(cells, plans, progress);
  const prepareErrors = await prepareAll(cells, plans, progress);
  return { availability, plans, prepareErrors };
}

/** One run of a cell in a fresh runner process on this machine; its files are written when it ends. */
async function runCellHere(o: OneRun, here: Here, options: LocalOptions): Promise<CellRecord | 'interrupted'> {
  const { cell, repeat, id, runDir } = o;
  const planned = here.plans.get(cell.id);
  const ctx = { cell, repeat, ...(planned ? { plan: planned.plan, sources: planned.sources } : {}) };
  const notRun = (status: 'skipped' | 'failed', reason: string) => {
    const record = notRunRecord(ctx, status, reason);
    writeCell(runDir, id, { 'cell.json': cellJson(record) });
    return record;
  };
  if (cell.skip) return notRun('skipped', cell.skip);
  const a = here.availability.get(targetKey(cell.runtime, cell.device));
  if (!a?.available || !planned) return notRun('skipped', `runtime ${cell.runtime} on ${cell.device} is not available here: ${a && !a.available ? a.reason : 'unknown'}`);
  const preload: string[] = [];
  for (const lib of cell.strategy.preload) {
    const r = resolvePreload(lib);
    if ('reason' in r) return notRun('skipped', `strategy ${cell.strategy.name} preloads ${r.reason}`);
    preload.push(r.path);
  }
  const driver = runtimeNamed(cell.runtime).driver;
  const unavailable = await driver.unavailable?.(planned.plan);
  if (unavailable) return notRun('skipped', unavailable);
  const prepareError = here.prepareErrors.get(cell.id);
  if (prepareError) return notRun('failed', prepareError);
  const libc = libcPlan(cell);
  if ('skip' in libc) return notRun('skipped', libc.skip);

  const environment = cellEnvironment(cell.strategy, preload, driver.env);
  const plan = { ...planned.plan, cell: id };
  o.progress.cellStart(o.n, o.total, o.label, planMarks(plan.steps).length);
  // The runner's temporary files (a server's configuration, Ray's session) go to a directory of the
  // cell's, removed when it ends, even when the runner was killed before it could clean up.
  // Short names: Ray's session sockets live below it, and a socket path is at most 107 bytes.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'rc-'));
  const started = libc.wrap(await driver.command({ ...environment.env, TMPDIR: scratch }, plan));
  const command = cell.strategy.thpDisabled ? withThpDisabled(started) : started;
  if (typeof command === 'string') {
    rmSync(scratch, { recursive: true, force: true });
    return notRun('skipped', command);
  }
  const result = await runCell({
    command,
    ...(cell.strategy.thpDisabled ? { expectThpDisabled: true } : {}),
    ...(DEVICES[cell.device].gpu ? { gpu: DEVICES[cell.device].gpu } : {}),
    plan,
    timeoutMs: cell.timeoutS * 1000,
    sampleIntervalMs: cell.sampleIntervalMs,
    pss: cell.pss,
    metric: cell.metric,
    onMark: (m) => o.progress.cellMark(m),
    expectMapped: preload,
    ...(libc.expect ? { expectLibc: libc.expect } : {}),
    ...(options.cgroupEvenUnlimited ? { cgroupEvenUnlimited: true } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  }).finally(() => rmSync(scratch, { recursive: true, force: true }));
  if (result.interrupted) return 'interrupted';
  const { files, record } = cellFiles({ ...ctx, plan, environment: { strategy: environment.strategyEnv, dropped: environment.dropped } }, result, options.analyse);
  writeCell(runDir, id, files);
  return record;
}

/** Builds what the runners will read (e.g. pretrained checkpoints) once per runtime and seed. */
async function prepareAll(cells: readonly Cell[], plans: Map<string, { plan: CellPlan }>, progress: Progress): Promise<Map<string, string>> {
  const errors = new Map<string, string>();
  const groups = new Map<string, Cell[]>();
  // Per runtime, seed and server: what a plan needs prepared (checkpoints, a server's virtualenv) is the same across a group.
  const key = (c: Cell) => `${c.runtime}|${c.seed}|${c.server?.profile ?? ''}`;
  for (const c of cells) if (plans.has(c.id)) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  for (const group of groups.values()) {
    const union = unionPlan(group.map((c) => plans.get(c.id)!.plan));
    if (!union) continue;
    try {
      await runtimeNamed(group[0]!.runtime).driver.prepare(union, (line) => progress.log(line));
    } catch (err) {
      progress.log(`reclaim: ${errorMessage(err)}`);
      for (const c of group) errors.set(c.id, errorMessage(err));
    }
  }
  return errors;
}

/** What `auto` became on this machine, per runtime, with the runtime's note on how that source loads. */
function logSources(cells: readonly Cell[], plans: Map<string, { sources: Record<string, string> }>, progress: Progress): void {
  const resolved = new Map<string, Set<string>>();
  for (const c of cells) {
    const auto = plans.get(c.id)?.sources.auto;
    if (auto) resolved.set(c.runtime, (resolved.get(c.runtime) ?? new Set()).add(auto));
  }
  for (const [runtime, to] of resolved) {
    const notes = [...to].map((s) => sourceRule(runtimeNamed(runtime), s)?.note).filter(Boolean);
    progress.log(`reclaim: runtime ${runtime}: source auto -> ${[...to].join(', ')}${notes.length ? ` ${notes.join(' ')}` : ''}`);
  }
}
