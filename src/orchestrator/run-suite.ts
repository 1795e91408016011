import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { fingerprint } from '../env/fingerprint.js';
import type { CellPlan } from '../protocol/plan.js';
import { planMarks } from '../protocol/plan.js';
import { driverFor } from '../runtimes/drivers.js';
import type { Availability } from '../runtimes/driver.js';
import { availabilityOf, targetKey } from '../runtimes/availability.js';
import type { Cell } from '../scenario/cell.js';
import type { Overrides } from '../scenario/expand.js';
import type { ParsedScenario } from '../scenario/parse-file.js';
import { resolvePreload } from '../strategies/preload.js';
import { cellFiles, notRunRecord, runId, type CellRecord } from '../store/cell-record.js';
import type { Manifest } from '../store/manifest.js';
import { readCellRecords, readJson, writeCell, writeJson, writeSummary, writeTrainingTable } from '../store/results-dir.js';
import { buildPlan, unionPlan } from './build-plan.js';
import { cellEnvironment } from './cell-env.js';
import type { Progress } from './progress.js';
import { runCell } from './run-cell.js';

export interface SuiteOptions {
  scenarios: readonly ParsedScenario[];
  cells: readonly Cell[];
  runDir: string;
  resume: boolean;
  argv: readonly string[];
  overrides: Overrides;
  progress: Progress;
  signal?: AbortSignal;
  /** Run each cell through this (reclaim run --docker) rather than on this machine. */
  container?: CellRunner;
}

export interface SuiteResult {
  runDir: string;
  records: CellRecord[];
  interrupted: boolean;
}


const FINAL = new Set(['ok', 'skipped']);

/**
 * Runs every cell (times its repeats) one after another, each in a fresh runner process, and writes
 * each cell's files as soon as it ends, with summary.csv and manifest.json kept current. A failing
 * cell is recorded and the run goes on; Ctrl-C stops after recording what finished.
 */
export async function runSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const { cells, runDir, progress } = opts;
  const scenarios = opts.scenarios.map((s) => ({ file: s.file, name: s.name, sha256: sha256(s.text), text: s.text, raw: s.raw }));
  const { previous, startedAt } = prepareRunDir(runDir, opts.resume, scenarios);
  const runs = cells.reduce((n, c) => n + c.repeats, 0);
  progress.log(`reclaim: ${runs} run(s) of ${cells.length} cell(s) -> ${runDir}`);
  const environment = await fingerprint();
  const manifest: Manifest = {
    status: 'running',
    startedAt: startedAt ?? new Date().toISOString(),
    ...(startedAt ? { resumedAt: new Date().toISOString() } : {}),
    command: [...opts.argv],
    overrides: opts.overrides,
    scenarios,
    matrix: cells.map((c) => ({
      cell: c.id,
      scenario: c.scenario,
      variant: c.variant,
      axes: c.axes,
      runtime: c.runtime.name,
      device: c.device,
      repeats: c.repeats,
      marks: planMarks(c.steps).length,
      ...(c.skip ? { skip: c.skip } : {}),
    })),
    environment,
  };
  if (opts.container) manifest.docker = await opts.container.describe();
  writeJson(path.join(runDir, 'manifest.json'), manifest);
  // In containers, each container sets itself up; here only the host's own runners need to.
  const here = opts.container ? undefined : await setUpHere(cells, progress);

  const axes = [...new Set(cells.flatMap((c) => Object.keys(c.axes)))];
  const byId = new Map(previous.map((r) => [r.cell, r]));
  const order = cells.flatMap((cell) => Array.from({ length: cell.repeats }, (_, i) => ({ cell, repeat: i + 1 })));
  const save = () => {
    const done = order.map(({ cell, repeat }) => byId.get(runId(cell, repeat))).filter((r): r is CellRecord => r !== undefined);
    writeSummary(runDir, done.map((r) => r.summary), axes);
    writeTrainingTable(runDir, done);
  };
  let interrupted = false;

  for (const [i, { cell, repeat }] of order.entries()) {
    const id = runId(cell, repeat);
    const label = `${cell.scenario} ${cell.variant}${axisLabel(cell)} r${repeat}`;
    const kept = byId.get(id);
    if (opts.resume && kept && FINAL.has(kept.status)) {
      progress.log(`[${i + 1}/${order.length}] ${label} ${kept.status} (kept from the earlier run)`);
      continue;
    }
    if (opts.signal?.aborted) {
      interrupted = true;
      break;
    }
    const one = { cell, repeat, id, runDir, progress, n: i + 1, total: order.length, label, ...(opts.signal ? { signal: opts.signal } : {}) };
    const record = opts.container ? await opts.container.run(one) : await runCellHere({ ...one, here: here! });
    if (record === 'interrupted') {
      interrupted = true;
      break;
    }
    byId.set(id, record);
    save();
    progress.cellEnd(i + 1, order.length, label, record);
  }
  save();
  progress.finish();

  const records = order.map(({ cell, repeat }) => byId.get(runId(cell, repeat))).filter((r): r is CellRecord => r !== undefined);
  manifest.status = interrupted ? 'interrupted' : 'complete';
  manifest.endedAt = new Date().toISOString();
  manifest.counts = countStatuses(records);
  writeJson(path.join(runDir, 'manifest.json'), manifest);
  return { runDir, records, interrupted };
}

/** One run of a cell: where it goes and how to tell the person waiting. */
export interface OneRun {
  cell: Cell;
  repeat: number;
  id: string;
  runDir: string;
  progress: Progress;
  n: number;
  total: number;
  label: string;
  signal?: AbortSignal;
}

/** What running cells on this machine needs first: which runtimes work, the plans, their preparation. */
export interface Here {
  availability: Map<string, Availability>;
  plans: Map<string, { plan: CellPlan; sources: Record<string, string> }>;
  prepareErrors: Map<string, string>;
}

/** Runs cells somewhere else (a container per cell); the run directory is shared with it. */
export interface CellRunner {
  /** What the manifest records about where the cells ran. */
  describe(): Promise<Record<string, unknown>>;
  run(one: OneRun): Promise<CellRecord | 'interrupted'>;
}

export async function setUpHere(cells: readonly Cell[], progress: Progress): Promise<Here> {
  const availability = await availabilityOf(cells.map((c) => ({ runtime: c.runtime.name, device: c.device })));
  for (const [target, a] of availability) {
    progress.log(a.available ? `reclaim: runtime ${target}: ${a.detail}` : `reclaim: runtime ${target} unavailable: ${a.reason}`);
    if (a.available) for (const note of a.notes) progress.log(`reclaim: note: ${note}`);
  }
  const plans = new Map<string, { plan: CellPlan; sources: Record<string, string> }>();
  for (const cell of cells) {
    if (availability.get(targetKey(cell.runtime.name, cell.device))?.available) plans.set(cell.id, await buildPlan(cell, driverFor(cell.runtime.name), cell.id));
  }
  logSources(cells, plans, progress);
  const prepareErrors = await prepareAll(cells, plans, progress);
  return { availability, plans, prepareErrors };
}

/** One run of a cell in a fresh runner process on this machine; its files are written when it ends. */
export async function runCellHere(o: OneRun & { here: Here }): Promise<CellRecord | 'interrupted'> {
  const { cell, repeat, id, runDir } = o;
  const planned = o.here.plans.get(cell.id);
  const ctx = { cell, repeat, ...(planned ? { plan: planned.plan, sources: planned.sources } : {}) };
  const notRun = (status: 'skipped' | 'failed', reason: string) => {
    const record = notRunRecord(ctx, status, reason);
    writeCell(runDir, id, { 'cell.json': `${JSON.stringify(record, null, 2)}\n` });
    return record;
  };
  if (cell.skip) return notRun('skipped', cell.skip);
  const a = o.here.availability.get(targetKey(cell.runtime.name, cell.device));
  if (!a?.available || !planned) return notRun('skipped', `runtime ${cell.runtime.name} on ${cell.device} is not available here: ${a && !a.available ? a.reason : 'unknown'}`);
  const preload: string[] = [];
  for (const lib of cell.strategy.preload) {
    const r = resolvePreload(lib);
    if ('reason' in r) return notRun('skipped', `strategy ${cell.strategy.name} preloads ${r.reason}`);
    preload.push(r.path);
  }
  const prepareError = o.here.prepareErrors.get(cell.id);
  if (prepareError) return notRun('failed', prepareError);

  const driver = driverFor(cell.runtime.name);
  const environment = cellEnvironment(cell.strategy, preload, driver.env);
  const plan = { ...planned.plan, cell: id };
  o.progress.cellStart(o.n, o.total, o.label, planMarks(plan.steps).length);
  const result = await runCell({
    command: await driver.command(environment.env, plan),
    gpu: cell.device === 'cuda',
    plan,
    timeoutMs: cell.timeoutS * 1000,
    sampleIntervalMs: cell.sampleIntervalMs,
    onMark: (m) => o.progress.cellMark(m),
    expectMapped: preload,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (result.interrupted) return 'interrupted';
  const { files, record } = cellFiles({ ...ctx, plan, environment: { strategy: environment.strategyEnv, dropped: environment.dropped } }, result);
  writeCell(runDir, id, files);
  return record;
}

/** Builds what the runners will read (e.g. pretrained checkpoints) once per runtime and seed. */
async function prepareAll(cells: readonly Cell[], plans: Map<string, { plan: CellPlan }>, progress: Progress): Promise<Map<string, string>> {
  const errors = new Map<string, string>();
  const groups = new Map<string, Cell[]>();
  for (const c of cells) if (plans.has(c.id)) groups.set(`${c.runtime.name}|${c.seed}`, [...(groups.get(`${c.runtime.name}|${c.seed}`) ?? []), c]);
  for (const group of groups.values()) {
    const union = unionPlan(group.map((c) => plans.get(c.id)!.plan));
    if (!union) continue;
    try {
      await driverFor(group[0]!.runtime.name).prepare(union, (line) => progress.log(line));
    } catch (err) {
      progress.log(`reclaim: ${errorMessage(err)}`);
      for (const c of group) errors.set(c.id, errorMessage(err));
    }
  }
  return errors;
}

function logSources(cells: readonly Cell[], plans: Map<string, { sources: Record<string, string> }>, progress: Progress): void {
  const resolved = new Map<string, Set<string>>();
  for (const c of cells) {
    const auto = plans.get(c.id)?.sources.auto;
    if (auto) resolved.set(c.runtime.name, (resolved.get(c.runtime.name) ?? new Set()).add(auto));
  }
  for (const [runtime, to] of resolved) {
    const how = to.has('pretrained') ? ' (AutoModel.from_pretrained of checkpoints built once from the public configs)' : '';
    progress.log(`reclaim: runtime ${runtime}: source auto -> ${[...to].join(', ')}${how}`);
  }
}

/** A new directory, or (with --resume) the same scenarios as the run being resumed: returns its finished cells. */
function prepareRunDir(runDir: string, resume: boolean, scenarios: Manifest['scenarios']): { previous: CellRecord[]; startedAt?: string } {
  const manifestFile = path.join(runDir, 'manifest.json');
  if (resume) {
    if (!existsSync(manifestFile)) throw new UserError(`--resume: ${runDir} has no manifest.json; nothing to resume`);
    const old = readJson<Manifest>(manifestFile);
    const changed = scenarios.filter((s) => !old.scenarios.some((o) => o.name === s.name && o.sha256 === s.sha256));
    if (changed.length) throw new UserError(`--resume: ${changed.map((s) => s.file).join(', ')} changed since ${runDir} was started; run into a new --out directory`);
    return { previous: readCellRecords(runDir), startedAt: old.startedAt };
  }
  if (existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new UserError(`${runDir} already holds results; pass --resume to finish that run, or choose another --out`);
  }
  mkdirSync(path.join(runDir, 'cells'), { recursive: true });
  return { previous: [] };
}

function axisLabel(cell: Cell): string {
  const others = Object.entries(cell.axes).filter(([k]) => k !== 'strategy');
  return others.length ? ` (${others.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}

function countStatuses(records: readonly CellRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
