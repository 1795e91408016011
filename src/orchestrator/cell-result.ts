import type { HelloEvent, RequestsEvent, TimingEvent } from '../protocol/events.js';
import type { Sample } from '../samplers/background.js';
import type { ProcessCost } from '../samplers/cpu-time.js';
import type { Reading } from '../samplers/metrics.js';

export type CellStatus = 'ok' | 'failed' | 'timeout' | 'oom' | 'skipped';

export interface MarkRecord {
  index: number;
  label: string;
  cycle: number | null;
  settled: boolean;
  /** A mark inside a training step. */
  training?: boolean;
  t_ms: number;
  reading: Reading;
}

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
  stdout: string;
  stderr: string;
  startedAt: string;
  endedAt: string;
  wallMs: number;
}
