import type { ErrorEvent } from '../protocol/events.js';
import type { CellStatus } from '../store/cell-record.js';

/** What is known of a runner once it has ended: how, and how far it got. */
export interface Facts {
  spawnError: string | undefined;
  timedOut: boolean;
  timeoutMs: number;
  protocolFailure: string | undefined;
  exitCode: number | undefined;
  signal: string | undefined;
  oomKilled: boolean;
  runnerError: ErrorEvent | undefined;
  done: boolean;
  marks: number;
  expectedMarks: number;
  stderrTail: string;
}

/** The status of a finished runner and the one-line reason a user reads in the summary. */
export function classify(f: Facts): { status: CellStatus; reason?: string } {
  // The first line: CUDA errors come with paragraphs of advice (kept in cell.json's stderr).
  const said = f.runnerError ? `: ${f.runnerError.message.split('\n')[0]}` : f.stderrTail ? `: ${f.stderrTail}` : '';
  if (f.spawnError) return { status: 'failed', reason: `the runner could not be started: ${f.spawnError}` };
  if (f.timedOut) return { status: 'timeout', reason: `still running after ${f.timeoutMs / 1000} s (--timeout); killed after ${f.marks} of ${f.expectedMarks} marks` };
  if (f.protocolFailure) return { status: 'failed', reason: f.protocolFailure };
  if (f.signal === 'SIGKILL' && f.oomKilled) return { status: 'oom', reason: `killed by the kernel's OOM killer after ${f.marks} of ${f.expectedMarks} marks` };
  if (f.signal) return { status: 'failed', reason: `the runner was killed by ${f.signal} after ${f.marks} of ${f.expectedMarks} marks${said}` };
  if (f.runnerError?.kind === 'oom') return { status: 'oom', reason: `out of memory${said}` };
  if (f.exitCode !== 0) return { status: 'failed', reason: `the runner exited with code ${f.exitCode} after ${f.marks} of ${f.expectedMarks} marks${said}` };
  if (f.runnerError) return { status: 'failed', reason: `the runner reported an error${said}` };
  if (!f.done) return { status: 'failed', reason: `the runner exited without saying it was done (${f.marks} of ${f.expectedMarks} marks)` };
  if (f.marks !== f.expectedMarks) return { status: 'failed', reason: `the runner finished after ${f.marks} of ${f.expectedMarks} marks` };
  return { status: 'ok' };
}
