import { readFileSync } from 'node:fs';
import { clockTicks } from './auxv.js';
import { parseStat } from './proc-parse.js';

/** What a process has cost so far, with its children that have ended: CPU seconds and minor page faults. */
export interface ProcessCost {
  cpuS: number;
  minorFaults: number;
}

/** Its cost so far; undefined once it is gone. */
export function readProcessCost(pid: number): ProcessCost | undefined {
  try {
    const s = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { cpuS: (s.ticks + s.childTicks) / clockTicks(), minorFaults: s.minorFaults + s.childMinorFaults };
  } catch {
    return undefined;
  }
}
