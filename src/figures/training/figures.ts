import { z } from 'zod';
import type { MarkRecord } from '../../protocol/measurement.js';
import type { TimingEvent } from '../../protocol/events.js';
import type { CellPlan } from '../../protocol/plan.js';
import type { Sample } from '../../protocol/measurement.js';
import type { Metric } from '../../metrics/metric.js';
import { median } from '../../stats/math.js';
import type { CellRecord } from '../../store/cell-record.js';

/** What a cell's training steps measured: the memory peak while training, the step times, the losses. */
export const TrainingFiguresSchema = z.object({
  checkpointing: z.boolean(),
  batch: z.number(),
  seq: z.number(),
  steps: z.array(z.object({ ms: z.number(), loss: z.number().optional() })),
  train_peak_mib: z.number().optional(),
  step_s_median: z.number().optional(),
  loss_final: z.number().optional(),
});
export type TrainingFigures = z.infer<typeof TrainingFiguresSchema>;

/** The family's key in a record's figures. */
export const TRAINING = 'training';

/** A record's training figures (runs that ended ok and trained only). */
export function trainingOf(r: CellRecord): TrainingFigures | undefined {
  return r.status === 'ok' ? (r.figures[TRAINING] as TrainingFigures | undefined) : undefined;
}

export function trainingFigures(plan: CellPlan | undefined, marks: readonly MarkRecord[], samples: readonly Sample[], timings: readonly TimingEvent[], metric: Metric): TrainingFigures | undefined {
  const begin = plan?.steps.find((s) => s.op === 'train_begin');
  if (!begin || begin.op !== 'train_begin') return undefined;
  const steps = timings.filter((t) => t.op === 'step').map((t) => ({ ms: t.ms, ...(t.loss !== undefined ? { loss: t.loss } : {}) }));
  const inTraining = marks.filter((m) => m.training);
  const out: TrainingFigures = { checkpointing: begin.checkpointing, batch: begin.batch, seq: begin.seq, steps };
  if (inTraining.length) {
    // From the mark before the first training mark to the last one: marks and the samples between.
    const firstIndex = marks.indexOf(inTraining[0]!);
    const from = firstIndex > 0 ? marks[firstIndex - 1]!.t_ms : 0;
    const to = inTraining[inTraining.length - 1]!.t_ms;
    const values = [
      ...inTraining.map((m) => m.reading[metric]),
      ...samples.filter((s) => s.t_ms >= from && s.t_ms <= to).map((s) => s.reading[metric]),
    ].filter((v): v is number => v !== undefined);
    if (values.length) out.train_peak_mib = values.reduce((a, b) => (b > a ? b : a), -Infinity);
  }
  const ms = median(steps.map((s) => s.ms));
  if (ms !== undefined) out.step_s_median = ms / 1000;
  const last = steps[steps.length - 1];
  if (last?.loss !== undefined) out.loss_final = last.loss;
  return out;
}
