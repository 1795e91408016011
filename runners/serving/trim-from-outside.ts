import { AttachError } from '../../src/attach/attach-error.js';
import { releaseFromOutside } from '../../src/attach/release.js';
import { commandLine, descendants } from './process-tree.js';

export interface Trimmed {
  pid: number;
  /** How long the called thread stood still (the rest of the server ran on). */
  ms: number;
  /** The call made, chosen from the allocator the process has loaded (malloc_trim(0) for glibc). */
  call: string;
  /** Its answer (malloc_trim: 1 when it released memory), undefined for a function returning nothing. */
  answer: number | undefined;
}

/**
 * The allocator's release in each process of the server's tree whose command line matches `holder`
 * (every process when none is given), from outside, through reclaim's call helper (src/attach/): one
 * thread stopped at a safe point, put back as it was. A process that ended meanwhile is no failure;
 * any other refusal throws with the helper's line, and the server goes on untouched.
 */
export async function trimFromOutside(root: number, holder: string | undefined): Promise<Trimmed[]> {
  const pattern = holder ? new RegExp(holder) : undefined;
  const pids = descendants(root).filter((pid) => {
    const cmd = commandLine(pid);
    return cmd !== '' && (!pattern || pattern.test(cmd));
  });
  const out: Trimmed[] = [];
  for (const pid of pids) {
    try {
      const r = await releaseFromOutside(pid);
      out.push({ pid, ms: r.pauseMs, call: r.call, answer: r.answer });
      process.stderr.write(`reclaim: ${r.call} from outside in process ${pid}: ${r.answer === undefined ? 'done' : `returned ${r.answer}`}; one thread (in ${r.syscall}) stood still ${r.pauseMs.toFixed(1)} ms\n`);
    } catch (err) {
      if (!commandLine(pid) || (err instanceof AttachError && err.kind === 'no_process')) continue;
      throw new Error(`trim_from_outside in process ${pid} (${commandLine(pid).slice(0, 80)}): ${(err as Error).message}`);
    }
  }
  return out;
}
