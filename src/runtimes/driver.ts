import type { ModelSpec } from '../models/catalogue.js';
import type { RunnerCommand } from '../orchestrator/run-cell.js';
import type { CellPlan } from '../protocol/plan.js';
import type { Device, RuntimeDescriptor } from './descriptor.js';

export type Availability =
  | { available: true; detail: string; versions: Record<string, string>; notes: string[] }
  | { available: false; reason: string };

/** What the orchestrator needs of a runtime on this machine. */
export interface RuntimeDriver {
  descriptor: RuntimeDescriptor;
  /** Whether it can run on that device here, and with what (probed once per process). */
  availability(device: Device): Promise<Availability>;
  /** The concrete source for a plan's `auto` (and any other alias), once available. */
  resolveSource(source: string): Promise<string>;
  /** The file a runner loads a catalogue model from, when the runtime builds one (ONNX). */
  modelFile?(spec: ModelSpec, seed: number): string;
  /** One-off work before cells run (e.g. building cached checkpoints); throws with the reason. */
  prepare(plan: CellPlan, log: (line: string) => void): Promise<void>;
  /** How to start the runner process for a plan. */
  command(env: Record<string, string>, plan: CellPlan): Promise<RunnerCommand>;
  /** Environment the runtime always needs (on top of the user's, minus allocator variables). */
  env: Record<string, string>;
}
