import { z } from 'zod';
import { runId, type CellRecord, type Figures } from './cell-record.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const stringMap = z.record(z.string(), z.string());

/** What reclaim reads back of a cell.json: enough to trust every field the summary and report use. */
const RecordSchema = z
  .object({
    cell: z.string().min(1),
    matrixCell: z.string().min(1).optional(),
    scenario: z.string(),
    file: z.string().default(''),
    variant: z.string(),
    axes: z.record(z.string(), scalar),
    repeat: z.number().int().min(1),
    runtime: z.string(),
    device: z.string(),
    metric: z.string(),
    sample_interval_ms: z.number().positive().optional(),
    strategy: z.looseObject({}),
    environment: z.object({ strategy: stringMap, dropped: z.array(z.string()) }).optional(),
    sources: stringMap.optional(),
    expectedMarks: z.number().int().min(0).default(0),
    marks: z.number().int().min(0).default(0),
    samples: z.number().int().min(0).default(0),
    exitCode: z.number().optional(),
    signal: z.string().optional(),
    runner: stringMap.optional(),
    libc: z.object({ name: z.string().max(40), version: z.string().max(40).optional(), path: z.string().max(4096).optional() }).optional().catch(undefined),
    timings: z.record(z.string(), z.object({ count: z.number(), total_ms: z.number(), mean_ms: z.number(), max_ms: z.number() })).optional(),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    wall_s: z.number().nullable().optional(),
    stderrTail: z.string().optional(),
    notes: z.array(z.string()).optional(),
    container: z.looseObject({}).optional(),
    status: z.enum(['ok', 'failed', 'timeout', 'oom', 'skipped']),
    reason: z.string().optional(),
    figures: z.record(z.string(), z.unknown()).optional(),
    // Written before figure families (reclaim < 0.2): the summary row and the training figures.
    summary: z.record(z.string(), z.unknown()).optional(),
    training: z.unknown().optional(),
  })
  .loose();

const LEGACY_SUMMARY = ['baseline_mib', 'peak_mib', 'residual_mib', 'retained_mib', 'release_ratio', 'drift_mib_per_cycle'] as const;

/**
 * A cell.json's record, checked; or what is wrong with it. Figures a family cannot read are dropped,
 * with a note in `warnings`. Records of older reclaim versions (a `summary` row) are read as well.
 */
export function parseCellRecord(json: unknown, warnings: string[] = []): CellRecord | string {
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
  }
  const { summary, training, figures: stored, reason, status, matrixCell, wall_s, ...rest } = parsed.data;
  const suffix = runId('', rest.repeat);
  const base = {
    ...rest,
    matrixCell: matrixCell ?? (rest.cell.endsWith(suffix) ? rest.cell.slice(0, -suffix.length) : rest.cell),
    ...(wall_s !== undefined && wall_s !== null ? { wall_s } : {}),
    strategy: rest.strategy as unknown as CellRecord['strategy'],
    container: rest.container as CellRecord['container'],
  };
  if (status !== 'ok') return { ...base, status, reason: reason ?? String(summary?.reason ?? 'no reason recorded') };
  // Each family's figures are checked against its schema by the analysis (analysis/analyse-run.ts).
  const figures: Figures = stored ? { ...stored } : legacyFigures(summary, training);
  return { ...base, status, figures };
}

function legacyFigures(summary: Record<string, unknown> | undefined, training: unknown): Figures {
  const out: Figures = {};
  if (summary) {
    const numbers: Record<string, number> = {};
    for (const k of LEGACY_SUMMARY) {
      const v = summary[k];
      if (v !== undefined && v !== '' && v !== null && Number.isFinite(Number(v))) numbers[k] = Number(v);
    }
    out.summary = numbers;
  }
  if (training !== undefined) out.training = training;
  return out;
}
