import { performance } from 'node:perf_hooks';
import type { CgroupMemory } from './cgroup.js';
import type { Reading } from './metrics.js';
import { processTree } from './proc-tree.js';
import { readProcessMemory } from './read-memory.js';

/** How often the sampler looks for new children of the runner (a child it has not seen yet is missed until then). */
export const TREE_REFRESH_MS = 100;

export interface Sample {
  t_ms: number;
  reading: Reading;
}

/**
 * Reads the runner's memory every `intervalMs` while it runs, to catch peaks between marks.
 * Cheap metrics only (no smaps_rollup). Ticks are scheduled on a fixed grid so a slow read does
 * not shift the rest of the series.
 */
export class BackgroundSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private tree: number[] | undefined;
  private treeAt = 0;

  constructor(
    private readonly pid: number,
    private readonly t0: number,
    private readonly intervalMs: number,
    private readonly cgroup: CgroupMemory | null,
  ) {}

  start(): void {
    const first = performance.now();
    let tick = 0;
    const run = () => {
      if (this.stopped) return;
      this.sampleNow();
      tick++;
      const next = first + tick * this.intervalMs;
      this.timer = setTimeout(run, Math.max(0, next - performance.now()));
    };
    run();
  }

  sampleNow(): void {
    // Finding the process tree reads every thread's children: done every TREE_REFRESH_MS, not every tick.
    const now = performance.now();
    if (!this.tree || now - this.treeAt >= TREE_REFRESH_MS) {
      this.tree = processTree(this.pid);
      this.treeAt = now;
    }
    const reading = readProcessMemory(this.pid, { pss: false, cgroup: this.cgroup }, this.tree);
    if (reading) this.samples.push({ t_ms: performance.now() - this.t0, reading });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
