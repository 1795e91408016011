import { readFileSync } from 'node:fs';
import os from 'node:os';
import { execaSync } from 'execa';

// The kernel hands every process its page size and clock tick rate in the auxiliary vector: reading
// /proc/self/auxv costs a file read, where `getconf` cost a process start at the first mark.
const AT_PAGESZ = 6n;
const AT_CLKTCK = 17n;

let vector: Map<bigint, bigint> | null | undefined;

function auxv(): Map<bigint, bigint> | null {
  if (vector !== undefined) return vector;
  try {
    const buf = readFileSync('/proc/self/auxv');
    const little = os.endianness() === 'LE';
    const word = (o: number) => (little ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
    vector = new Map();
    for (let o = 0; o + 16 <= buf.length; o += 16) vector.set(word(o), word(o + 8));
  } catch {
    vector = null; // no /proc, or a 32-bit Node: getconf answers
  }
  return vector;
}

function sysconf(key: bigint, name: string, fallback: number): number {
  const v = auxv()?.get(key);
  if (v !== undefined && v > 0n) return Number(v);
  try {
    return Number(execaSync('getconf', [name]).stdout.trim()) || fallback;
  } catch {
    return fallback;
  }
}

let page: number | undefined;
let ticks: number | undefined;

/** The kernel page size statm counts in (4096 on most x86-64 machines, 16 or 64 KiB on some Arm ones). */
export function pageSize(): number {
  page ??= sysconf(AT_PAGESZ, 'PAGESIZE', 4096);
  return page;
}

/** Clock ticks per second, as /proc/PID/stat counts CPU time (100 on Linux). */
export function clockTicks(): number {
  ticks ??= sysconf(AT_CLKTCK, 'CLK_TCK', 100);
  return ticks;
}
