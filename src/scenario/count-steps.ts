import { TRAIN_PHASES } from '../protocol/plan.js';
import type { RawStep } from './schema.js';

type Path = (string | number)[];

export interface StepCount {
  /** Plan steps and marks the list unrolls to (Infinity-safe: never built to be counted). */
  steps: number;
  marks: number;
  /** The top-level step that contributes most: where a too-big scenario is pointed at. */
  biggest: Path;
}

/** Counts what flattening would produce, repeats multiplied out, so that a huge plan is refused before it is built. */
export function countSteps(list: readonly RawStep[], path: Path = ['steps']): StepCount {
  let steps = 0;
  let marks = 0;
  let biggest: Path = path;
  let most = -1;
  list.forEach((step, i) => {
    let s = 1;
    let m = 0;
    if ('mark' in step) m = 1;
    else if ('train' in step) {
      const n = typeof step.train.steps === 'number' ? step.train.steps : 0;
      s = 2 + 2 * TRAIN_PHASES.length * n;
      m = TRAIN_PHASES.length * n;
    } else if ('requests' in step) {
      const inner = step.requests.during ? countSteps(step.requests.during, [...path, i, 'requests', 'during']) : { steps: 0, marks: 0 };
      s = 2 + inner.steps;
      m = inner.marks;
    } else if ('repeat' in step) {
      const times = typeof step.repeat.times === 'number' ? step.repeat.times : 0;
      const inner = countSteps(step.repeat.steps, [...path, i, 'repeat', 'steps']);
      s = times * inner.steps;
      m = times * inner.marks;
    }
    steps += s;
    marks += m;
    if (s > most) (most = s), (biggest = [...path, i]);
  });
  return { steps, marks, biggest };
}
