import { performance } from 'node:perf_hooks';
import { execa } from 'execa';

/** How long one attach may take: gdb detaches (the process goes on) when it is killed at this bound. */
export const ATTACH_TIMEOUT_MS = 60_000;

export interface GdbCall {
  /** What gdb printed (stdout and stderr), for the values of the calls ($1, $2...). */
  output: string;
  /** Wall time of gdb's run: the most the process was stopped. */
  ms: number;
  exitCode: number | undefined;
  timedOut: boolean;
}

/**
 * Runs `commands` in process `pid` through gdb in batch mode, as operators do by hand: attached, libc's
 * symbols only (reading every library's would stop a torch process for seconds), the calls made, then
 * detached. The process is never killed; `gdb -batch` detaches when it ends.
 */
export async function gdbCall(pid: number, commands: readonly string[], timeoutMs = ATTACH_TIMEOUT_MS): Promise<GdbCall> {
  const t0 = performance.now();
  const r = await execa('gdb', ['-p', String(pid), '-batch', '-nx', '-iex', 'set auto-solib-add off', '-ex', 'sharedlibrary libc.so', ...commands.flatMap((c) => ['-ex', c])], {
    reject: false,
    all: true,
    timeout: timeoutMs,
    env: { ...process.env, LANG: 'C' },
  });
  return { output: r.all ?? '', ms: performance.now() - t0, exitCode: r.exitCode, timedOut: r.timedOut };
}

/** The value gdb printed for its n-th call ($n = value), as a number. */
export function callValue(output: string, n: number): number | undefined {
  // "$1 = 1", or for a pointer "$1 = (void *) 0x55d0c2a0".
  const m = new RegExp(`^\\$${n} = (?:\\([^)]*\\) )?(0x[0-9a-f]+|-?\\d+)`, 'm').exec(output);
  return m ? Number(m[1]) : undefined;
}

/** gdb's own words on why it could not attach or call, one line. */
export function gdbComplaint(output: string): string {
  return output.split('\n').filter((l) => /ptrace|not permitted|No symbol|error|denied|No such process|Cannot/i.test(l)).slice(0, 2).join(' / ');
}
