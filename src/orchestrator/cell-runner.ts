import type { Cell } from '../scenario/cell.js';
import type { CellRecord } from '../store/cell-record.js';
import type { Manifest } from '../store/manifest.js';
import type { Progress } from './progress.js';

/** One run of a cell: where it goes and how to tell the person waiting. */
export interface OneRun {
  cell: Cell;
  repeat: number;
  id: string;
  runDir: string;
  progress: Progress;
  n: number;
  total: number;
  label: string;
  signal?: AbortSignal;
}

/**
 * Where cells run: on this machine (local-runner.ts) or each in its own container (docker/). Either
 * way a run's files end up under the run directory, written by the store, and its record comes back.
 */
export interface CellRunner {
  /** What manifest.json records about where the cells ran (`docker`: the image); nothing for this machine. */
  describe(): Promise<Pick<Manifest, 'docker'>>;
  /** Set-up before the first cell: which runtimes work here, the plans, one-off preparation. */
  prepare(cells: readonly Cell[], progress: Progress): Promise<void>;
  run(one: OneRun): Promise<CellRecord | 'interrupted'>;
}
