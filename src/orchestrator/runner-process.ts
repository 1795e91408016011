import type { Duplex } from 'node:stream';
import { execa, type Result } from 'execa';
import type { CellPlan } from '../protocol/plan.js';
import type { RunnerCommand } from '../runtimes/runner-command.js';
import { OutputBuffer } from './output-buffer.js';

/** A runner process: started with the plan on stdin, fd 3 for events, its output kept (capped). */
export interface RunnerProcess {
  pid: number | undefined;
  /** The event channel (a socket pair): the runner's events come in, acks go out. */
  fd3: Duplex | undefined;
  stdout: OutputBuffer;
  stderr: OutputBuffer;
  /** Its end: exit code or signal, whether it timed out, or why it could not start. */
  ended: Promise<Result>;
}

/**
 * Starts the runner (execa, an argument array, never a shell) in its own environment; `stop` kills it
 * (SIGTERM, then SIGKILL after 2 s), as does the timeout.
 */
export function startRunner(command: RunnerCommand, plan: CellPlan, timeoutMs: number, stop: AbortSignal): RunnerProcess {
  const child = execa(command.file, command.args, {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    input: JSON.stringify(plan),
    env: command.env,
    extendEnv: false,
    cwd: command.cwd,
    reject: false,
    buffer: false,
    timeout: timeoutMs,
    forceKillAfterDelay: 2000,
    cancelSignal: stop,
  });
  const stdout = new OutputBuffer();
  const stderr = new OutputBuffer();
  child.stdout?.on('data', (c: Buffer) => stdout.push(c));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c));
  const fd3 = child.pid === undefined ? undefined : (child.stdio[3] as Duplex);
  fd3?.on('error', () => {}); // EPIPE when the runner dies mid-ack: its exit says why
  return { pid: child.pid, fd3, stdout, stderr, ended: child as unknown as Promise<Result> };
}
