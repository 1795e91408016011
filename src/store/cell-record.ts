import path from 'node:path';
import type { CellResult, CellStatus } from '../orchestrator/cell-result.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Cell } from '../scenario/cell.js';
import { PROJECT_ROOT } from '../paths.js';
import { METRIC_NAMES } from '../samplers/metrics.js';
import { summarizeCell } from '../stats/summarize-cell.js';
import { trainingFigures, type TrainingFigures } from '../stats/training-figures.js';
import { round, toCsv } from './csv.js';
import { axisColumn, figuresColumns, type SummaryRow } from './summary-row.js';

/** What cell.json holds: the outcome, the why, and the summary row (so summaries can be rebuilt). */
export interface CellRecord {
  cell: string;
  scenario: string;
  file: string;
  variant: string;
  axes: Record<string, string | number | boolean>;
  repeat: number;
  runtime: string;
  device: string;
  metric: string;
  status: CellStatus;
  reason?: string;
  exitCode?: number;
  signal?: string;
  strategy: Cell['strategy'];
  environment?: { strategy: Record<string, string>; dropped: string[] };
  sources?: Record<string, string>;
  runner?: Record<string, string>;
  timings?: Record<string, { count: number; total_ms: number; mean_ms: number; max_ms: number }>;
  expectedMarks: number;
  marks: number;
  samples: number;
  startedAt?: string;
  endedAt?: string;
  wall_s?: number;
  stderrTail?: string;
  notes?: string[];
  training?: TrainingFigures;
  /** reclaim run --docker: the container the cell ran in and how it ended. */
  container?: { image: string; image_id: string; memory_limit: string | null; exit_code: number | null; oom_killed: boolean | null };
  summary: SummaryRow;
}

export const runId = (cell: Cell, repeat: number) => `${cell.id}.r${repeat}`;

export interface RunContext {
  cell: Cell;
  repeat: number;
  plan?: CellPlan;
  sources?: Record<string, string>;
  environment?: CellRecord['environment'];
}

/** cell.json plus the summary row of a run that did not start (skipped, or failed before starting). */
export function notRunRecord(ctx: RunContext, status: CellStatus, reason: string): CellRecord {
  const summary = summaryRow(ctx, status, {}, undefined, 0, reason);
  return { ...recordBase(ctx), status, reason, marks: 0, samples: 0, summary };
}

/** The files of a finished run: marks.csv, samples.csv, cell.json, plan.json and the runner's output. */
export function cellFiles(ctx: RunContext, result: CellResult): { files: Record<string, string>; record: CellRecord } {
  const figures = summarizeCell(result.marks, result.samples, ctx.cell.metric);
  const training = trainingFigures(ctx.plan, result.marks, result.samples, result.timings, ctx.cell.metric);
  const wall_s = round(result.wallMs / 1000, 3);
  const trainingColumns = training ? { train_peak_mib: round(training.train_peak_mib, 2), step_s_median: round(training.step_s_median, 4) } : {};
  const summary = summaryRow(ctx, result.status, { ...figuresColumns(figures), ...trainingColumns }, wall_s, result.marks.length, result.reason);
  const record: CellRecord = {
    ...recordBase(ctx),
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    ...(result.hello ? { runner: result.hello.versions } : {}),
    timings: timingStats(result),
    marks: result.marks.length,
    samples: result.samples.length,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    ...(wall_s !== undefined ? { wall_s } : {}),
    stderrTail: portable(result.stderr).split('\n').slice(-30).join('\n'),
    ...(result.notes.length ? { notes: result.notes } : {}),
    ...(training ? { training } : {}),
    summary,
  };
  const markRows = result.marks.map((m) => ({ index: m.index, label: m.label, cycle: m.cycle ?? undefined, settled: m.settled, t_ms: round(m.t_ms, 2), ...metricValues(m.reading) }));
  const sampleRows = result.samples.map((s) => ({ t_ms: round(s.t_ms, 2), ...metricValues(s.reading) }));
  return {
    record,
    files: {
      'marks.csv': toCsv(['index', 'label', 'cycle', 'settled', 't_ms', ...METRIC_NAMES], markRows),
      'samples.csv': toCsv(['t_ms', ...METRIC_NAMES], sampleRows),
      'cell.json': `${JSON.stringify(record, null, 2)}\n`,
      ...(ctx.plan ? { 'plan.json': `${JSON.stringify(ctx.plan)}\n` } : {}),
      'stdout.log': portable(result.stdout),
      'stderr.log': portable(result.stderr),
    },
  };
}

function recordBase(ctx: RunContext) {
  const { cell, repeat } = ctx;
  return {
    cell: runId(cell, repeat),
    scenario: cell.scenario,
    file: cell.file,
    variant: cell.variant,
    axes: cell.axes,
    repeat,
    runtime: cell.runtime.name,
    device: cell.device,
    metric: cell.metric,
    strategy: cell.strategy,
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    ...(ctx.sources ? { sources: ctx.sources } : {}),
    expectedMarks: cell.steps.filter((s) => s.op === 'mark').length,
  };
}

function summaryRow(ctx: RunContext, status: CellStatus, figures: Partial<SummaryRow>, wall_s: number | undefined, marks: number, reason?: string): SummaryRow {
  const { cell, repeat } = ctx;
  const axes = Object.fromEntries(Object.entries(cell.axes).filter(([k]) => k !== 'strategy').map(([k, v]) => [axisColumn(k), String(v)]));
  return {
    scenario: cell.scenario,
    runtime: cell.runtime.name,
    device: cell.device,
    variant: cell.variant,
    repeat,
    status,
    metric: cell.metric,
    ...figures,
    wall_s,
    ...axes,
    cell: runId(cell, repeat),
    sources: ctx.sources ? [...new Set(Object.values(ctx.sources))].join('+') : undefined,
    marks,
    reason,
  };
}

function metricValues(reading: CellResult['marks'][number]['reading']): Record<string, number | undefined> {
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, round(reading[m])]));
}

function timingStats(result: CellResult): CellRecord['timings'] {
  const out: NonNullable<CellRecord['timings']> = {};
  for (const t of result.timings) {
    const s = (out[t.op] ??= { count: 0, total_ms: 0, mean_ms: 0, max_ms: 0 });
    s.count++;
    s.total_ms += t.ms;
    s.max_ms = Math.max(s.max_ms, t.ms);
  }
  for (const s of Object.values(out)) {
    s.mean_ms = round(s.total_ms / s.count, 2)!;
    s.total_ms = round(s.total_ms, 2)!;
    s.max_ms = round(s.max_ms, 2)!;
  }
  return out;
}

/** Runner output with this checkout's path made relative: results get published and compared across machines. */
function portable(text: string): string {
  return text.split(`${PROJECT_ROOT}${path.sep}`).join('');
}
