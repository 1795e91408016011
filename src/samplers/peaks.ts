import { closeSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
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

/**
 * memory.peak of a cgroup v2, kept open for a cell: from kernel 6.12 a write resets the peak *for the
 * file descriptor it was written through*, so the reset and the reads after it go through one fd.
 * Before 6.12 the write fails and the peak counts from the cgroup's start (`resets` says which).
 */
export class CgroupPeak {
  private constructor(private fd: number | undefined) {}

  static open(c: CgroupMemory): CgroupPeak | undefined {
    if (c.version !== 2) return undefined;
    try {
      return new CgroupPeak(openSync(path.join(path.dirname(c.usageFile), 'memory.peak'), 'r+'));
    } catch {
      try {
        return new CgroupPeak(openSync(path.join(path.dirname(c.usageFile), 'memory.peak'), 'r'));
      } catch {
        return undefined;
      }
    }
  }

  /** Bytes: the peak since the last reset through this fd (or since the cgroup began). */
  read(): number | undefined {
    if (this.fd === undefined) return undefined;
    try {
      const buf = Buffer.alloc(32);
      const n = readSync(this.fd, buf, 0, buf.length, 0);
      const v = Number(buf.toString('latin1', 0, n).trim());
      return Number.isFinite(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts counting anew; false where the kernel does not allow it. */
  reset(): boolean {
    if (this.fd === undefined) return false;
    try {
      writeSync(this.fd, '0', 0);
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
