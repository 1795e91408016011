import { UserError } from '../errors.js';
import type { Cell } from '../scenario/cell.js';
import { memoryLimitBytes, memoryLimitOf } from './memory-limit.js';

/**
 * Checks every memory_limit value, and on the host (no --docker) skips the limited cells with the
 * reason: a limit is a container's, and running them unlimited would report numbers under a false label.
 */
export function withMemoryLimits(cells: readonly Cell[], inDocker: boolean): Cell[] {
  const bad = [...new Set(cells.map((c) => memoryLimitOf(c.axes)).filter((l) => l !== undefined))]
    .map((l) => memoryLimitBytes(l))
    .filter((r): r is string => typeof r === 'string');
  if (bad.length) throw new UserError(bad.join('\n'));
  if (inDocker) return [...cells];
  return cells.map((c) => {
    const limit = memoryLimitOf(c.axes);
    return limit && !c.skip ? { ...c, skip: `memory_limit ${limit} applies to containers: run with --docker cpu (or cuda)` } : c;
  });
}
