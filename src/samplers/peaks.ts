import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CgroupMemory } from './cgroup.js';

/**
 * Resets the kernel's resident high-water mark (VmHWM) of each process, so that at the next mark VmHWM
 * is the exact resident peak between the two, however short the peak was (writing 5 to
 * /proc/PID/clear_refs). Returns whether every reset took (a process may have gone meanwhile).
 */
export function resetResidentPeaks(pids: readonly number[]): boolean {
  let all = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      all = false;
    }
  }
  return all;
}

/** memory.peak of a cgroup v2 (the cgroup's usage peak), MiB-free bytes; undefined where there is none. */
export function readCgroupPeak(c: CgroupMemory): number | undefined {
  if (c.version !== 2) return undefined;
  try {
    return Number(readFileSync(path.join(path.dirname(c.usageFile), 'memory.peak'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** Resets memory.peak (kernels from 6.12 allow it by a write); false where the kernel does not. */
export function resetCgroupPeak(c: CgroupMemory): boolean {
  if (c.version !== 2) return false;
  try {
    writeFileSync(path.join(path.dirname(c.usageFile), 'memory.peak'), '0');
    return true;
  } catch {
    return false;
  }
}
