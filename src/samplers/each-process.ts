import { readFileSync } from 'node:fs';
import type { ProcessReading } from '../protocol/measurement.js';
import { readProcessMemory } from './read-memory.js';

/** A process's command line, paths by their last part (no machine's layout in results), short enough for a CSV cell; '' once it is gone. */
function commandOf(pid: number): string {
  try {
    const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return words.map((w) => (w.startsWith('/') ? w.slice(w.lastIndexOf('/') + 1) : w)).join(' ').slice(0, 160);
  } catch {
    return '';
  }
}

/**
 * Each process of a tree on its own (statm and status, in MiB): which of a server's processes holds a
 * model (MLServer's and Ray's workers, TorchServe's per-model worker). A process gone meanwhile is left out.
 */
export function readEachProcess(pids: readonly number[]): ProcessReading[] {
  const out: ProcessReading[] = [];
  for (const pid of pids) {
    const reading = readProcessMemory(pid, { pss: false, cgroup: null }, [pid]);
    const command = commandOf(pid);
    if (reading && command) out.push({ pid, command, reading });
  }
  return out;
}
