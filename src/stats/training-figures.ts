import type { MarkRecord } from '../orchestrator/cell-result.js';
import type { TimingEvent } from '../protocol/events.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Sample } from '../samplers/background.js';
import type { Metric } from '../samplers/metrics.js';
import { median } from './math.js';

/** What a cell's training steps measured: the memory peak while training, the step times, the losses. */
export interface TrainingFigures {
  checkpointing: boolean;
  batch: number;
  seq: number;
  steps: { ms: number; loss?: number }[];
  train_peak_mib?: number;
  step_s_median?: number;
  loss_final?: number;
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
