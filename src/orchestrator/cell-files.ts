import path from 'node:path';
import { METRIC_NAMES } from '../metrics/catalogue.js';
import { cacheDir, PROJECT_ROOT } from '../paths.js';
import type { Reading } from '../protocol/measurement.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Cell } from '../scenario/cell.js';
import { cellJson, runId, type CellRecord, type NotOkRecord, type RecordBase, type TimingStats } from '../store/cell-record.js';
import { toCsv } from '../store/csv.js';
import type { AnalyseCell, CellResult } from './cell-result.js';
import { requestsCsv } from './requests-csv.js';

export interface RunContext {
  cell: Cell;
  repeat: number;
  plan?: CellPlan;
  sources?: Record<string, string>;
  environment?: RecordBase['environment'];
}

/** cell.json of a run that did not start (skipped, or failed before starting). */
export function notRunRecord(ctx: RunContext, status: NotOkRecord['status'], reason: string): CellRecord {
  return { ...recordBase(ctx), marks: 0, samples: 0, status, reason };
}

/**
 * The files of a finished run: marks.csv, samples.csv, cell.json (with what `analyse` made of it, when
 * it ended ok), plan.json, requests.csv, processes.csv (each process of a measured tree at each mark)
 * and the runner's output.
 */
export function cellFiles(ctx: RunContext, result: CellResult, analyse: AnalyseCell): { files: Record<string, string>; record: CellRecord } {
  const ran: Partial<RecordBase> = {
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    ...(result.hello ? { runner: result.hello.versions } : {}),
    ...(result.libc ? { libc: { name: result.libc.name, ...(result.libc.version ? { version: result.libc.version } : {}), ...(result.libc.path ? { path: cachePortable(result.libc.path) } : {}) } } : {}),
    timings: timingStats(result),
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    wall_s: result.wallMs / 1000,
    stderrTail: portable(result.stderr).split('\n').slice(-30).join('\n'),
  };
  const analysed =
    result.status === 'ok'
      ? analyse({ marks: result.marks, samples: result.samples, timings: result.timings, requests: result.requests, plan: ctx.plan, metric: ctx.cell.metric, runtime: ctx.cell.runtime, device: ctx.cell.device, ...(result.cost ? { cost: result.cost } : {}) })
      : undefined;
  const notes = [...result.notes, ...(analysed?.notes ?? [])];
  if (notes.length) ran.notes = notes;
  const base = { ...recordBase(ctx), ...ran, marks: result.marks.length, samples: result.samples.length };
  const record: CellRecord = analysed ? { ...base, status: 'ok', figures: analysed.figures } : { ...base, status: result.status === 'ok' ? 'failed' : result.status, reason: result.reason ?? 'unknown' };
  const markRows = result.marks.map((m) => ({ index: m.index, label: m.label, cycle: m.cycle ?? undefined, settled: m.settled, t_ms: m.t_ms, ...metricValues(m.reading) }));
  const sampleRows = result.samples.map((s) => ({ t_ms: s.t_ms, ...metricValues(s.reading) }));
  const digits = { t_ms: 2, ...Object.fromEntries(METRIC_NAMES.map((m) => [m, 4])) };
  const processRows = result.marks.flatMap((m) => (m.processes ?? []).map((p) => ({ index: m.index, label: m.label, pid: p.pid, command: p.command, ...metricValues(p.reading) })));
  return {
    record,
    files: {
      'marks.csv': toCsv(['index', 'label', 'cycle', 'settled', 't_ms', ...METRIC_NAMES], markRows, digits),
      'samples.csv': toCsv(['t_ms', ...METRIC_NAMES], sampleRows, digits),
      'cell.json': cellJson(record),
      ...(result.requests.length ? { 'requests.csv': requestsCsv(result.requests) } : {}),
      ...(processRows.length ? { 'processes.csv': toCsv(['index', 'label', 'pid', 'command', ...METRIC_NAMES.filter((m) => processRows.some((r) => (r as Record<string, unknown>)[m] !== undefined))], processRows, digits) } : {}),
      ...(ctx.plan ? { 'plan.json': `${JSON.stringify(ctx.plan)}\n` } : {}),
      'stdout.log': portable(result.stdout),
      'stderr.log': portable(result.stderr),
    },
  };
}

function recordBase(ctx: RunContext): Omit<RecordBase, 'marks' | 'samples'> {
  const { cell, repeat } = ctx;
  return {
    cell: runId(cell.id, repeat),
    matrixCell: cell.id,
    scenario: cell.scenario,
    file: cell.file,
    variant: cell.variant,
    axes: cell.axes,
    repeat,
    runtime: cell.runtime,
    device: cell.device,
    metric: cell.metric,
    sample_interval_ms: cell.sampleIntervalMs,
    strategy: { ...cell.strategy },
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    ...(ctx.sources ? { sources: ctx.sources } : {}),
    expectedMarks: cell.steps.filter((s) => s.op === 'mark').length,
  };
}

function metricValues(reading: Reading): Record<string, number | undefined> {
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, reading[m]]));
}

function timingStats(result: CellResult): Record<string, TimingStats> {
  const out: Record<string, TimingStats> = {};
  for (const t of result.timings) {
    const s = (out[t.op] ??= { count: 0, total_ms: 0, mean_ms: 0, max_ms: 0 });
    s.count++;
    s.total_ms += t.ms;
    s.max_ms = Math.max(s.max_ms, t.ms);
  }
  for (const s of Object.values(out)) s.mean_ms = s.total_ms / s.count;
  return out;
}

/** A path under reclaim's cache (another glibc unpacked there) as <cache>/...: this machine's home is no one else's. */
function cachePortable(file: string): string {
  const cache = `${cacheDir()}${path.sep}`;
  return file.startsWith(cache) ? `<cache>/${file.slice(cache.length)}` : portable(file);
}

/** Runner output with this checkout's path made relative: results get published and compared across machines. */
function portable(text: string): string {
  return text.split(`${PROJECT_ROOT}${path.sep}`).join('');
}
