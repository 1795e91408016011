import { performance } from 'node:perf_hooks';
import type { CgroupMemory } from './cgroup.js';
import type { Reading } from './metrics.js';
import { readProcessMemory } from './read-memory.js';

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
    const reading = readProcessMemory(this.pid, { pss: false, cgroup: this.cgroup });
    if (reading) this.samples.push({ t_ms: performance.now() - this.t0, reading });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
