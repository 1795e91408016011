import type { Cell } from '../scenario/cell.js';
import { memoryLimitOf } from './memory-limit.js';
import { inReleaseImage } from './release-images.js';

/**
 * On the host (no --docker), skips the cells with a memory limit, with the reason: a limit is a
 * container's, and running them unlimited would report numbers under a false label. (Their values
 * were checked when the scenario was expanded: scenario/axes.ts.)
 */
export function withMemoryLimits(cells: readonly Cell[], inDocker: boolean): Cell[] {
  if (inDocker) return [...cells];
  return cells.map((c) => {
    const limit = memoryLimitOf(c.axes);
    return limit && !c.skip && !inReleaseImage(c) ? { ...c, skip: `memory_limit ${limit} applies to containers: run with --docker cpu (or cuda)` } : c;
  });
}
