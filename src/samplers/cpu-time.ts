import { readFileSync } from 'node:fs';
import { execaSync } from 'execa';
import { parseStat } from './proc-parse.js';

let ticks: number | undefined;

/** Clock ticks per second, as /proc/PID/stat counts CPU time (100 on Linux). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execaSync('getconf', ['CLK_TCK']).stdout.trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

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
