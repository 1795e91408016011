import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { fingerprint } from '../env/fingerprint.js';
import { planMarks } from '../protocol/plan.js';
import type { Cell } from '../scenario/cell.js';
import type { Overrides } from '../scenario/expand.js';
import type { ParsedScenario } from '../scenario/parse-file.js';
import { sha256 } from '../sha256.js';
import { runId, type CellRecord } from '../store/cell-record.js';
import type { Manifest } from '../store/manifest.js';
import { parseManifest } from '../store/read-manifest.js';
import { readCellRecords, readJson, writeJson } from '../store/results-dir.js';
import type { CellRunner } from './cell-runner.js';
import type { Progress } from './progress.js';
import { runsOfShard, shardText, type Shard } from './shard.js';
import { settingAxes } from '../scenario/axes.js';

export interface SuiteOptions<S> {
  scenarios: readonly ParsedScenario[];
  cells: readonly Cell[];
  runDir: string;
  resume: boolean;
  /** Files the caller put in a new runDir itself (advise's scenario): not results of an earlier run. */
  ownFiles?: readonly string[];
  argv: readonly string[];
  overrides: Overrides;
  progress: Progress;
  signal?: AbortSignal;
  /** Where the cells run: this machine, or a container each (reclaim run --docker). */
  runner: CellRunner;
  /** reclaim run --shard K/N: only this part of the runs (the manifest still lists the whole matrix). */
  shard?: Shard;
  /**
   * Writes the run's summary files from the records so far (the matrix's axes given), after every run
   * and at the end, and returns what it made of them: the analysis, which the command passes in.
   */
  summarise(records: readonly CellRecord[], axes: readonly string[]): S;
}

export interface SuiteResult<S> {
  runDir: string;
  records: CellRecord[];
  interrupted: boolean;
  /** The last summary: of every record. */
  summary: S;
}

const FINAL = new Set(['ok', 'skipped']);

/**
 * Runs every cell (times its repeats) one after another, each in a fresh runner process, and writes
 * each cell's files as soon as it ends, with summary.csv and manifest.json kept current. A failing
 * cell is recorded and the run goes on; Ctrl-C stops after recording what finished.
 */
export async function runSuite<S>(opts: SuiteOptions<S>): Promise<SuiteResult<S>> {
  const { cells, runDir, progress, runner } = opts;
  const scenarios = opts.scenarios.map((s) => ({ file: s.file, name: s.name, sha256: sha256(s.text), text: s.text, raw: s.raw }));
  const { previous, startedAt } = prepareRunDir(runDir, opts.resume, scenarios, progress, opts.shard, opts.ownFiles ?? []);
  const all = cells.flatMap((cell) => Array.from({ length: cell.repeats }, (_, i) => ({ cell, repeat: i + 1 })));
  const order = opts.shard ? runsOfShard(all, opts.shard) : all;
  progress.log(`reclaim: ${order.length} run(s) of ${cells.length} cell(s)${opts.shard ? ` (shard ${shardText(opts.shard)} of ${all.length} runs)` : ''} -> ${runDir}`);
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
      runtime: c.runtime,
      device: c.device,
      repeats: c.repeats,
      marks: planMarks(c.steps).length,
      ...(c.skip ? { skip: c.skip } : {}),
    })),
    environment,
    ...(opts.shard ? { shard: { ...opts.shard, runs: order.map(({ cell, repeat }) => runId(cell.id, repeat)), total: all.length } } : {}),
    ...(await runner.describe()),
  };
  writeJson(path.join(runDir, 'manifest.json'), manifest);
  const inOrder = new Set(order.map(({ cell }) => cell));
  await runner.prepare(cells.filter((c) => inOrder.has(c)), progress);

  const axes = [...new Set(cells.flatMap((c) => Object.keys(c.axes)))];
  const byId = new Map(previous.map((r) => [r.cell, r]));
  const save = () => opts.summarise(order.map(({ cell, repeat }) => byId.get(runId(cell.id, repeat))).filter((r): r is CellRecord => r !== undefined), axes);
  let interrupted = false;

  for (const [i, { cell, repeat }] of order.entries()) {
    const id = runId(cell.id, repeat);
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
    const record = await runner.run({ cell, repeat, id, runDir, progress, n: i + 1, total: order.length, label, ...(opts.signal ? { signal: opts.signal } : {}) });
    if (record === 'interrupted') {
      interrupted = true;
      break;
    }
    byId.set(id, record);
    save();
    progress.cellEnd(i + 1, order.length, label, record);
  }
  const summary = save();
  progress.finish();

  const records = order.map(({ cell, repeat }) => byId.get(runId(cell.id, repeat))).filter((r): r is CellRecord => r !== undefined);
  manifest.status = interrupted ? 'interrupted' : 'complete';
  manifest.endedAt = new Date().toISOString();
  manifest.counts = countStatuses(records);
  writeJson(path.join(runDir, 'manifest.json'), manifest);
  return { runDir, records, interrupted, summary };
}

/** A new directory, or (with --resume) the same scenarios as the run being resumed: returns its finished cells. */
function prepareRunDir(runDir: string, resume: boolean, scenarios: Manifest['scenarios'], progress: Progress, shard: Shard | undefined, ownFiles: readonly string[]): { previous: CellRecord[]; startedAt?: string } {
  const manifestFile = path.join(runDir, 'manifest.json');
  if (resume) {
    if (!existsSync(manifestFile)) throw new UserError(`--resume: ${runDir} has no manifest.json; nothing to resume`);
    const old = parseManifest(readJson<unknown>(manifestFile), (line) => progress.log(`reclaim: ${manifestFile}: ${line}`));
    const changed = scenarios.filter((s) => !old.scenarios.some((o) => o.name === s.name && o.sha256 === s.sha256));
    if (changed.length) throw new UserError(`--resume: ${changed.map((s) => s.file).join(', ')} changed since ${runDir} was started; run into a new --out directory`);
    const was = old.shard ? shardText(old.shard) : 'the whole run';
    const now = shard ? shardText(shard) : 'the whole run';
    if (was !== now) throw new UserError(`--resume: ${runDir} holds ${old.shard ? `shard ${was}` : was}, not ${shard ? `shard ${now}` : now}; resume it with the same --shard`);
    return { previous: readCellRecords(runDir, (line) => progress.log(`reclaim: ${line}`)), startedAt: old.startedAt };
  }
  if (existsSync(runDir) && readdirSync(runDir).some((f) => !ownFiles.includes(f))) {
    throw new UserError(`${runDir} already holds results; pass --resume to finish that run, or choose another --out`);
  }
  mkdirSync(path.join(runDir, 'cells'), { recursive: true });
  return { previous: [] };
}

function axisLabel(cell: Cell): string {
  const others = settingAxes(Object.keys(cell.axes)).map((k) => [k, cell.axes[k]] as const);
  return others.length ? ` (${others.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}

function countStatuses(records: readonly CellRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
