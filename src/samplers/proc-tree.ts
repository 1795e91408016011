import { readdirSync, readFileSync } from 'node:fs';
import { parseChildren } from './proc-parse.js';

/** `pid` and all its descendants still alive (children of every thread, recursively). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // gone
    }
    out.push(p);
    for (const tid of tasks) {
      try {
        stack.push(...parseChildren(readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8')));
      } catch {
        // thread ended meanwhile, or a kernel without CONFIG_PROC_CHILDREN: the root alone is measured
      }
    }
  }
  return out;
}
