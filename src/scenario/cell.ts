import type { PlanStep, ServerSpec } from '../protocol/plan.js';
import type { Device } from '../runtimes/devices.js';
import type { Metric } from '../metrics/metric.js';
import type { Strategy } from '../strategies/strategy.js';
import type { Combination } from './matrix.js';

/** One point of a scenario's matrix, ready to run (repeats are runs of the same cell). */
export interface Cell {
  id: string;
  scenario: string;
  file: string;
  /** The matrix values of this cell, by axis. */
  axes: Combination;
  /** The strategy's name: the `variant` column of summary.csv. */
  variant: string;
  strategy: Strategy;
  /** The runtime's name (src/runtimes/registry.ts). */
  runtime: string;
  device: Device;
  metric: Metric;
  /** Read Pss (smaps_rollup) at marks: when it is the metric, or asked with --pss (it costs about 49 ms a mark in a torch process: make bench-harness). */
  pss: boolean;
  repeats: number;
  timeoutS: number;
  sampleIntervalMs: number;
  seed: number;
  steps: PlanStep[];
  /** The model server a serving runtime drives (the scenario's `server:`, resolved). */
  server?: ServerSpec;
  /** Why this cell cannot run anywhere (e.g. its strategy needs an action the runtime lacks). */
  skip?: string;
}

export const DEFAULT_TIMEOUT_S = 900;
export const DEFAULT_SAMPLE_INTERVAL_MS = 10;
