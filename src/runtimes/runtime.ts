import type { z } from 'zod';
import type { MetricInfo } from '../metrics/metric.js';
import type { ModelSpec } from '../models/catalogue.js';
import type { RunnerCommand } from './runner-command.js';
import type { CellPlan, PlanOp, ServerSpec } from '../protocol/plan.js';
import type { Isolation } from '../protocol/plan.js';
import type { Device } from './devices.js';

type Reading = Readonly<Partial<Record<string, number>>>;

export type { MetricInfo };

/** A share of the memory a run retained, said in words, with what would return it. */
export interface RetainedPart {
  what: string;
  mib: number;
  fix?: string;
  /**
   * `mib` counts bytes the runtime accounts for, resident or not (glibc's free bytes stay free after
   * malloc_trim(0) has returned their pages): only up to the retained memory of it can be resident.
   */
  upTo?: true;
}

/** A model source a runtime reads, e.g. synthetic; `prefix` ones (hf:) name their own model after the prefix. */
export interface SourceRule {
  name: string;
  description: string;
  /** `name` is a prefix and the rest of the string names the model (a path or a hub name), not the catalogue. */
  prefix?: boolean;
  /** Why a catalogue model cannot come from this source, if it cannot. */
  refuses?(model: ModelSpec): string | undefined;
  /** Said when `auto` resolves to this source, e.g. how the weights are loaded. */
  note?: string;
  /** A prefix source that loads a model the user saved, a directory or a file (`reclaim advise` runs those). */
  userModel?: 'directory' | 'file';
  /** Of a catalogue model, the load closest to a real one (real checkpoints): what `reclaim advise` prefers. */
  faithful?: boolean;
}

/** What a runtime does on one device: its release actions and the plan steps it executes. */
export interface DeviceCapabilities {
  actions: readonly string[];
  /** Actions it accepts so strategies apply unchanged, but which change nothing on this device. */
  noop: readonly string[];
  ops: readonly PlanOp[];
  /** in-process always; process-per-model where the runner can keep each model in a child process. */
  isolation: readonly Isolation[];
}

/** A scenario's `server:` as a runtime that drives a model server resolves it. */
export interface ResolvedServer {
  spec: ServerSpec;
  /** What the runtime can do with this server on the device (a third-party server runs no in-process action). */
  can: DeviceCapabilities;
  /** The runtime options this server reads. */
  options: z.ZodType;
  /** The model sources it loads (default: every source of the runtime). */
  sources?: readonly string[];
}

/** What a runtime that drives a model server makes of a scenario's `server:`. */
export interface ServerSupport {
  /** The servers it knows by name (its profiles): the values of the reserved axis `server`. */
  names: readonly string[];
  /**
   * The server a cell drives, from the scenario's `server:` (a profile's name, a description, or nothing:
   * the runtime's default), or what is wrong, at a path under `server`.
   */
  resolve(value: unknown, device: Device): ResolvedServer | { path: (string | number)[]; message: string };
}

/** What a runtime can do, known without starting it: used to validate scenarios and to skip cells. */
export interface RuntimeDescriptor {
  name: string;
  description: string;
  /** The devices it runs on; the first is the default of a scenario that names none. */
  devices: Partial<Record<Device, DeviceCapabilities>>;
  sources: readonly SourceRule[];
  /** Every release action it has, on any device, and what it does here. */
  actions: Readonly<Record<string, string>>;
  /** What its runner reports from inside at each mark. */
  metrics: Readonly<Record<string, MetricInfo>>;
  /**
   * Start-up variables of its own allocator (beyond glibc's and the preloadable allocators'): like
   * those, a strategy sets them and the user's shell does not leak them into a cell.
   */
  allocatorVariables?: readonly string[];
  /**
   * The runtime options its runner reads (a scenario's or a strategy's `options:`), checked with each
   * cell: keys it does not know are left to other runtimes' strategies.
   */
  options?: z.ZodType;
  /**
   * Where memory a run retained sits, from what its runner reported: the first mark's reading against
   * a settled one (free chunks an allocator holds, cached GPU blocks, a context...), in the primary
   * metric's terms, knowing the release actions the cell applies. What it cannot place is "still in use".
   */
  explain?(first: Reading, settled: Reading, device: Device, actions: readonly string[]): RetainedPart[];
  /** For a runtime that drives a model server: what a scenario's `server:` means to it. */
  server?: ServerSupport;
  /**
   * The C libraries (the libc axis) its runner runs on besides the machine's own: `loader`, another
   * glibc through that glibc's loader (its runner process holds the models itself: no server or child
   * of its own would get that loader); `musl`, a build of its runner linked statically with musl.
   */
  libc?: { loader?: true; musl?: true };
}

export type Availability =
  | { available: true; detail: string; versions: Record<string, string>; notes: string[] }
  | { available: false; reason: string };

/** What the orchestrator needs of a runtime on this machine. */
export interface RuntimeDriver {
  /** Whether it can run on that device here, and with what (probed once per process). */
  availability(device: Device): Promise<Availability>;
  /** The concrete source for a plan's `auto` (and any other alias), once available. */
  resolveSource(source: string): Promise<string>;
  /** What its runner needs of a catalogue model beyond its tensors (the plan's `data` of that model), e.g. a file it builds. */
  modelData?(spec: ModelSpec, seed: number): Record<string, unknown>;
  /** Why its runner cannot run on a C library its descriptor's `libc` names (a build of it missing here), or undefined. */
  libcUnavailable?(libc: 'musl', device: Device): string | undefined;
  /** Why a plan cannot run here although the runtime can (a server it needs is not installable here...): its cells are skipped with it. */
  unavailable?(plan: CellPlan): Promise<string | undefined>;
  /** One-off work before cells run (e.g. building cached checkpoints); throws with the reason. */
  prepare(plan: CellPlan, log: (line: string) => void): Promise<void>;
  /** How to start the runner process for a plan. */
  command(env: Record<string, string>, plan: CellPlan): Promise<RunnerCommand>;
  /** Environment the runtime always needs (on top of the user's, minus allocator variables). */
  env: Record<string, string>;
  /**
   * `reclaim setup`: install what its runners need (idempotent); throws a UserError when it cannot.
   * `refresh`: forget what was learnt about this machine before (cached probes) and learn it again.
   * `optional`: also what only some scenarios use (the server profiles' virtualenvs).
   */
  setup?(log: (line: string) => void, options: { refresh: boolean; optional: boolean }): Promise<void>;
  /** The servers it drives (a serving runtime's profiles), each with whether it can run here and why not (`reclaim list`). */
  servers?(): Promise<ServerStatus[]>;
}

export interface ServerStatus {
  name: string;
  devices: readonly string[];
  /** Undefined when it can run here. */
  unavailable: string | undefined;
  /** What is set up already, or will be on first use. */
  detail: string;
  description: string;
}

/** A runtime: one folder under src/runtimes/, one line in registry.ts. */
export interface Runtime extends RuntimeDescriptor {
  driver: RuntimeDriver;
}

export function runtimeDevices(r: RuntimeDescriptor): Device[] {
  return Object.keys(r.devices) as Device[];
}

/** The rule of a source string in this runtime (exact name, or a prefix rule), if it reads that source. */
export function sourceRule(r: RuntimeDescriptor, source: string): SourceRule | undefined {
  return r.sources.find((s) => (s.prefix ? source.startsWith(s.name) : s.name === source));
}
