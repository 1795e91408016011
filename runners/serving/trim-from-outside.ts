import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { commandLine, descendants } from './process-tree.js';

/** How long one attach may take: a process that does not stop within it is left alone (gdb detaches). */
const ATTACH_TIMEOUT_MS = 60_000;

export interface Trimmed {
  pid: number;
  /** Wall time of the gdb call: the most the process was stopped. */
  ms: number;
  /** malloc_trim's answer: 1 when it released memory, 0 when there was none to release. */
  result: number;
}

/**
 * malloc_trim(0) in each process of the server's tree whose command line matches `holder` (every
 * process when none is given), from outside: gdb attaches, loads libc's symbols only (reading every
 * library's symbols would stop a torch process for seconds), calls it and detaches. The process is never
 * killed; a call that fails (ptrace refused, no glibc in it) throws with gdb's words.
 */
export async function trimFromOutside(root: number, holder: string | undefined): Promise<Trimmed[]> {
  const pattern = holder ? new RegExp(holder) : undefined;
  const pids = descendants(root).filter((pid) => {
    const cmd = commandLine(pid);
    return cmd !== '' && (!pattern || pattern.test(cmd));
  });
  const out: Trimmed[] = [];
  for (const pid of pids) {
    const t0 = performance.now();
    const r = await execa(
      'gdb',
      ['-p', String(pid), '-batch', '-nx', '-iex', 'set auto-solib-add off', '-ex', 'sharedlibrary libc.so', '-ex', 'call (int)malloc_trim(0)'],
      { reject: false, all: true, timeout: ATTACH_TIMEOUT_MS, env: { ...process.env, LANG: 'C' } },
    );
    const ms = performance.now() - t0;
    const answer = /^\$1 = (-?\d+)$/m.exec(r.all ?? '');
    if (!answer) {
      // A process that ended meanwhile is no failure; anything else is said with gdb's words.
      if (!commandLine(pid)) continue;
      const said = (r.all ?? '').split('\n').filter((l) => /ptrace|not permitted|No symbol|error|denied/i.test(l)).slice(0, 2).join(' / ');
      throw new Error(`trim_from_outside: gdb could not call malloc_trim(0) in process ${pid} (${commandLine(pid).slice(0, 80)}): ${said || r.shortMessage}`);
    }
    out.push({ pid, ms, result: Number(answer[1]) });
  }
  return out;
}
