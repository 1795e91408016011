import type { Metric } from '../metrics/metric.js';
import type { CLibrary } from '../samplers/c-library.js';
import type { HelloEvent, RequestsEvent, TimingEvent } from '../protocol/events.js';
import type { MarkRecord, Sample } from '../protocol/measurement.js';
import type { CellPlan } from '../protocol/plan.js';
import type { ProcessCost } from '../samplers/cpu-time.js';
import type { CellStatus, Figures } from '../store/cell-record.js';

export type { CellStatus };

/** Everything one run of a cell produced, whatever its outcome. */
export interface CellResult {
  status: CellStatus;
  reason?: string;
  exitCode?: number;
  signal?: string;
  marks: MarkRecord[];
  samples: Sample[];
  /** Things a reader of the figures must know (e.g. why vram_process is empty). */
  notes: string[];
  timings: TimingEvent[];
  /** What the runner's load tests of a server sent and got back (requests steps). */
  requests: RequestsEvent[];
  /** CPU seconds and minor page faults of the runner (and the children it reaped) at its last mark. */
  cost?: ProcessCost;
  hello?: HelloEvent;
  /** The C library the measured process loaded, read from it at its hello. */
  libc?: CLibrary;
  stdout: string;
  stderr: string;
  startedAt: string;
  endedAt: string;
  wallMs: number;
}

/** What a finished run of a cell hands the analysis (the figure families). */
export interface FinishedRun {
  marks: readonly MarkRecord[];
  samples: readonly Sample[];
  timings: readonly TimingEvent[];
  /** Load tests of a server (requests steps): what was sent and answered. */
  requests: readonly RequestsEvent[];
  plan: CellPlan | undefined;
  metric: Metric;
  runtime: string;
  device: string;
  cost?: ProcessCost;
}

/**
 * What the analysis makes of a finished run that ended ok: its figures by family, kept in cell.json, and
 * notes a reader of them must know. The command that runs cells passes it in (analysis/analyse-cell.ts):
 * the orchestrator runs cells, it does not judge them.
 */
export type AnalyseCell = (run: FinishedRun) => { figures: Figures; notes: string[] };
