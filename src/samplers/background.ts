import { performance } from 'node:perf_hooks';
import type { CgroupMemory } from './cgroup.js';
import type { Reading, Sample } from '../protocol/measurement.js';
import { sourceOf } from '../metrics/catalogue.js';
import { WatchedTree } from './watched-tree.js';

/** How often the sampler looks for new children of the runner (a child it has not seen yet is missed until then). */
export const TREE_REFRESH_MS = 100;


/**
 * Reads the runner's memory every `intervalMs` while it runs, to catch peaks between marks.
 * Cheap metrics only (statm; status when the metric needs it), from files held open. Ticks are scheduled on a fixed grid so a
 * slow read does not shift the rest of the series. Marks read through the same tree (markReading).
 */
export class BackgroundSampler {
  readonly samples: Sample[] = [];
  tree: WatchedTree;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private treeAt = -Infinity;

  constructor(
    pid: number,
    private readonly t0: number,
    private readonly intervalMs: number,
    private readonly cgroup: CgroupMemory | null,
    /** The cell's primary metric: a tick reads statm alone unless the metric needs status (bench/results.json: 15-18 us against 81-102 us). */
    private readonly metric: string,
  ) {
    this.tree = new WatchedTree(pid);
  }

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
    if (now - this.treeAt >= TREE_REFRESH_MS) {
      this.tree.refresh(now);
      this.treeAt = now;
    }
    const reading = this.tree.read({ pss: false, cgroup: this.cgroup, statmOnly: sourceOf(this.metric) !== 'status' });
    if (reading) this.samples.push({ t_ms: performance.now() - this.t0, reading });
  }

  /** A mark's reading: the tree found anew, thread lists included, and Pss when asked. */
  markReading(pss: boolean): { reading: Reading | null; pids: readonly number[] } {
    const now = performance.now();
    const pids = this.tree.refresh(now, true);
    this.treeAt = now;
    return { reading: this.tree.read({ pss, cgroup: this.cgroup }), pids };
  }

  /** Measures another process tree from now on: a server the runner started (its hello's measured_pid). */
  reroot(pid: number): void {
    this.tree.close();
    this.tree = new WatchedTree(pid);
    this.treeAt = -Infinity;
  }

  /** Whether the measured root still runs (its statm, held open since the last refresh, reads). */
  rootAlive(): boolean {
    return this.tree.read({ pss: false, cgroup: null, statmOnly: true }) !== null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.tree.close();
  }
}
