import type { TransformersArch } from '../models/catalogue.js';
import type { TensorSpec } from '../models/tensor.js';
import type { Device } from '../runtimes/descriptor.js';
import type { Action } from '../strategies/actions.js';

/** One step as a runner executes it: repeats unrolled, names resolved, marks numbered. */
export type PlanStep =
  | { op: 'load'; name: string; model: string; source: string }
  | { op: 'unload'; name: string; before: Action[]; after: Action[] }
  | { op: 'infer'; name: string }
  | { op: 'to'; name: string }
  | { op: 'train_begin'; name: string; batch: number; seq: number; lr: number; checkpointing: boolean }
  | { op: 'train_phase'; name: string; step: number; phase: TrainPhase }
  | { op: 'train_end'; name: string }
  | { op: 'release'; actions: Action[] }
  | { op: 'mark'; index: number; label: string; cycle: number | null; settled: boolean; training?: true }
  | { op: 'sleep'; ms: number }
  | { op: 'keep'; bytes: number }
  | { op: 'init' };

export type PlanOp = PlanStep['op'];

export const TRAIN_PHASES = ['forward', 'backward', 'optimizer'] as const;
export type TrainPhase = (typeof TRAIN_PHASES)[number];

export interface PlanModel {
  name: string;
  tensors: TensorSpec[];
  transformers?: TransformersArch;
  /** A file the runtime built for this model (the ONNX file of the node runtime). */
  file?: string;
}

/** What a runner receives on stdin: everything it needs to run one cell, and nothing it must look up. */
export interface CellPlan {
  protocol: 1;
  cell: string;
  runtime: string;
  device: Device;
  seed: number;
  /** Where a runner may keep generated model files (outside the repository). */
  cacheDir: string;
  setenvInProcess: Record<string, string>;
  options: Record<string, string | number | boolean>;
  /** process-per-model: each load lives in a short-lived child process that exits at its unload. */
  isolation: 'in-process' | 'process-per-model';
  models: Record<string, PlanModel>;
  steps: PlanStep[];
}

export function planMarks(steps: readonly PlanStep[]): Extract<PlanStep, { op: 'mark' }>[] {
  return steps.filter((s): s is Extract<PlanStep, { op: 'mark' }> => s.op === 'mark');
}
