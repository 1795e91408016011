import { callValue, gdbCall, gdbComplaint } from '../../src/attach/gdb.js';
import { commandLine, descendants } from './process-tree.js';

export interface Trimmed {
  pid: number;
  /** Wall time of the gdb call: the most the process was stopped. */
  ms: number;
  /** malloc_trim's answer: 1 when it released memory, 0 when there was none to release. */
  result: number;
}

/**
 * malloc_trim(0) in each process of the server's tree whose command line matches `holder` (every
 * process when none is given), from outside, through gdb (src/attach/gdb.ts). The process is never
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
    const call = await gdbCall(pid, ['call (int)malloc_trim(0)']);
    const result = callValue(call.output, 1);
    if (result === undefined) {
      // A process that ended meanwhile is no failure; anything else is said with gdb's words.
      if (!commandLine(pid)) continue;
      throw new Error(`trim_from_outside: gdb could not call malloc_trim(0) in process ${pid} (${commandLine(pid).slice(0, 80)}): ${gdbComplaint(call.output) || (call.timedOut ? 'it did not stop within 60 s' : `gdb exited with ${call.exitCode}`)}`);
    }
    out.push({ pid, ms: call.ms, result });
    process.stderr.write(`reclaim: malloc_trim(0) from outside in process ${pid}: returned ${result}, the process stopped for at most ${call.ms.toFixed(0)} ms\n`);
  }
  return out;
}
