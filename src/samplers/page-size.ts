import { execaSync } from 'execa';

let cached: number | undefined;

/** The kernel page size statm counts in (4096 on most x86-64 machines, 16 or 64 KiB on some Arm ones). */
export function pageSize(): number {
  if (cached === undefined) {
    try {
      cached = Number(execaSync('getconf', ['PAGESIZE']).stdout.trim()) || 4096;
    } catch {
      cached = 4096;
    }
  }
  return cached;
}
