import { readFileSync } from 'node:fs';
import type { RunnerCommand } from '../runtimes/runner-command.js';
import { which } from '../runtimes/python-env/find-python.js';

/** prctl(PR_SET_THP_DISABLE, 1) is kept across execve and inherited by children: set it, then become the runner. */
const WRAPPER = [
  'import ctypes, os, sys',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'libc.prctl(41, 1, 0, 0, 0) == 0 or sys.exit("PR_SET_THP_DISABLE failed: errno %d" % ctypes.get_errno())',
  'os.execve(sys.argv[1], sys.argv[1:], os.environ)',
].join('\n');

/**
 * The runner started with transparent huge pages disabled for it and every process it starts (a
 * strategy's `thpDisabled`), through python3's ctypes; why not, when there is no python3.
 */
export function withThpDisabled(command: RunnerCommand): RunnerCommand | string {
  const python = which('python3');
  if (!python) return 'disabling transparent huge pages for the runner (prctl PR_SET_THP_DISABLE) needs python3 on PATH';
  return { ...command, file: python, args: ['-c', WRAPPER, command.file, ...command.args] };
}

/** Whether the process runs with THP disabled: /proc/PID/status's THP_enabled (undefined on kernels without it). */
export function thpEnabled(pid: number): boolean | undefined {
  try {
    const m = /^THP_enabled:\s*(\d)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? m[1] === '1' : undefined;
  } catch {
    return undefined;
  }
}
