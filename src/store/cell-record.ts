import path from 'node:path';
import type { CellResult, CellStatus } from '../orchestrator/cell-result.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Cell } from '../scenario/cell.js';
import { PROJECT_ROOT } from '../paths.js';
import { METRIC_NAMES, type Reading } from '../samplers/metrics.js';
import { computeFigures } from '../figures/families.js';
import { REQUEST_COLUMNS, requestRows } from '../figures/latency/figures.js';
import { metricSanity } from '../samplers/metric-sanity.js';
import { toCsv } from './csv.js';

export interface TimingStats {
  count: number;
  total_ms: number;
  mean_ms: number;
  max_ms: number;
}

/** What every cell.json holds, whatever the outcome. */
export interface RecordBase {
  /** The run's id, `<matrix cell>.r<repeat>`: its directory under cells/ and the `cell` column. */
  cell: string;
  /** The matrix cell it is a run of (manifest.json's matrix). */
  matrixCell: string;
  scenario: string;
  file: string;
  variant: string;
  axes: Record<string, string | number | boolean>;
  repeat: number;
  runtime: string;
  device: string;
  metric: string;
  sample_interval_ms?: number;
  strategy: Cell['strategy'];
  environment?: { strategy: Record<string, string>; dropped: string[] };
  sources?: Record<string, string>;
  expectedMarks: number;
  /** Marks and samples recorded (0 when the runner never started). */
  marks: number;
  samples: number;
  /** A runner process ran: how it ended and what it said. */
  exitCode?: number;
  signal?: string;
  runner?: Record<string, string>;
  timings?: Record<string, TimingStats>;
  startedAt?: string;
  endedAt?: string;
  wall_s?: number;
  stderrTail?: string;
  /** Things a reader of the figures must know (e.g. why vram_process is empty). */
  notes?: string[];
  /** reclaim run --docker: the container the cell ran in and how it ended. */
  container?: { image: string; image_id: string; memory_limit: string | null; exit_code: number | null; oom_killed: boolean | null };
}

/** Figures by family id (src/figures/families.ts): they exist only for runs that ended ok. */
export type Figures = Record<string, unknown>;

export type OkRecord = RecordBase & { status: 'ok'; figures: Figures };
export type NotOkRecord = RecordBase & { status: Exclude<CellStatus, 'ok'>; reason: string };

/** cell.json: a union on status, which is stored once. */
export type CellRecord = OkRecord | NotOkRecord;

export const runId = (cell: Cell, repeat: number) => `${cell.id}.r${repeat}`;

/** A record's value of a matrix axis (own properties only: records come from shared directories). */
export function axisValue(r: Pick<RecordBase, 'axes'>, axis: string): string | number | boolean | undefined {
  return Object.hasOwn(r.axes, axis) ? r.axes[axis] : undefined;
}

/** The same, as shown: "(unset)" for an empty value, "" where the record has no such axis. */
export function axisText(r: Pick<RecordBase, 'axes'>, axis: string): string {
  const v = axisValue(r, axis);
  return v === undefined ? '' : v === '' ? '(unset)' : String(v);
}

export function isOk(r: CellRecord): r is OkRecord {
  return r.status === 'ok';
}

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

/** The files of a finished run: marks.csv, samples.csv, cell.json, plan.json and the runner's output. */
export function cellFiles(ctx: RunContext, result: CellResult): { files: Record<string, string>; record: CellRecord } {
  const ran: Partial<RecordBase> = {
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    ...(result.hello ? { runner: result.hello.versions } : {}),
    timings: timingStats(result),
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    wall_s: result.wallMs / 1000,
    stderrTail: portable(result.stderr).split('\n').slice(-30).join('\n'),
  };
  const sanity = metricSanity(result.marks, ctx.cell.metric);
  const notes = [...result.notes, ...(sanity ? [sanity] : [])];
  if (notes.length) ran.notes = notes;
  const base = { ...recordBase(ctx), ...ran, marks: result.marks.length, samples: result.samples.length };
  const record: CellRecord =
    result.status === 'ok'
      ? { ...base, status: 'ok', figures: computeFigures({ marks: result.marks, samples: result.samples, timings: result.timings, requests: result.requests, plan: ctx.plan, metric: ctx.cell.metric, runtime: ctx.cell.runtime, device: ctx.cell.device, ...(result.cost ? { cost: result.cost } : {}) }) }
      : { ...base, status: result.status, reason: result.reason ?? 'unknown' };
  const markRows = result.marks.map((m) => ({ index: m.index, label: m.label, cycle: m.cycle ?? undefined, settled: m.settled, t_ms: m.t_ms, ...metricValues(m.reading) }));
  const sampleRows = result.samples.map((s) => ({ t_ms: s.t_ms, ...metricValues(s.reading) }));
  const digits = { t_ms: 2, ...Object.fromEntries(METRIC_NAMES.map((m) => [m, 4])) };
  return {
    record,
    files: {
      'marks.csv': toCsv(['index', 'label', 'cycle', 'settled', 't_ms', ...METRIC_NAMES], markRows, digits),
      'samples.csv': toCsv(['t_ms', ...METRIC_NAMES], sampleRows, digits),
      'cell.json': cellJson(record),
      ...(result.requests.length ? { 'requests.csv': toCsv([...REQUEST_COLUMNS], requestRows(result.requests), { wall_ms: 1, p50_ms: 3, p95_ms: 3, p99_ms: 3, max_ms: 3 }) } : {}),
      ...(ctx.plan ? { 'plan.json': `${JSON.stringify(ctx.plan)}\n` } : {}),
      'stdout.log': portable(result.stdout),
      'stderr.log': portable(result.stderr),
    },
  };
}

/** cell.json's text: the one way a record is written. */
export function cellJson(record: CellRecord): string {
  return `${JSON.stringify(record, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

function recordBase(ctx: RunContext): Omit<RecordBase, 'marks' | 'samples'> {
  const { cell, repeat } = ctx;
  return {
    cell: runId(cell, repeat),
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
    strategy: cell.strategy,
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

/** Runner output with this checkout's path made relative: results get published and compared across machines. */
function portable(text: string): string {
  return text.split(`${PROJECT_ROOT}${path.sep}`).join('');
}
