import { performance } from 'node:perf_hooks';
import type { Sample } from '../protocol/measurement.js';
import type { GpuReader } from './gpu-reader.js';
import { processTree } from './proc-tree.js';

/**
 * Polls GPU memory of the runner's process tree while it runs, through the device's reader. nvidia-smi takes tens of
 * milliseconds a call, so this runs at its own, slower pace, one call at a time.
 */
export class GpuSampler {
  readonly samples: Sample[] = [];
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly reader: GpuReader,
    /** The root of the measured tree: the runner, or the server it started (reroot). */
    public pid: number,
    private readonly t0: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const started = performance.now();
        const reading = (await this.reader.observe(processTree(this.pid)))?.reading;
        if (reading && !this.stopped) this.samples.push({ t_ms: performance.now() - this.t0, reading });
        await new Promise((r) => setTimeout(r, Math.max(0, this.intervalMs - (performance.now() - started))));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
