import { performance } from 'node:perf_hooks';
import { GPU_HELD_METRICS } from '../metrics/catalogue.js';
import { CGROUP_PEAK, GPU_PROCESS_METRICS } from '../metrics/outside.js';
import { MIB, type MarkRecord, type Reading } from '../protocol/measurement.js';
import type { MarkStep } from '../protocol/plan.js';
import type { BackgroundSampler } from '../samplers/background.js';
import { readEachProcess } from '../samplers/each-process.js';
import { readProcessCost, type ProcessCost } from '../samplers/cpu-time.js';
import type { GpuReader } from '../samplers/gpu-reader.js';
import { resetResidentPeaks, type CgroupPeak } from '../samplers/peaks.js';

/**
 * What the harness reads at a mark, while the runner waits: the process tree's memory (through the
 * background sampler's open files; Pss when asked), its CPU time and page faults, the cgroup's peak
 * since the last mark, then the kernel's peaks reset, then GPU memory through the device's reader.
 */
export class MarkReader {
  /** The runner's (or the server's it drives) cost at the last mark. */
  cost: ProcessCost | undefined;
  /** Set when the GPU reader charges memory to pids none of which is the runner's: why the GPU metrics are left empty. */
  pidMismatch: string | undefined;
  /** The root of the measured tree. */
  measured: number;

  constructor(
    pid: number,
    private readonly sampler: BackgroundSampler,
    private readonly cgroupPeak: CgroupPeak | undefined,
    private readonly gpu: GpuReader | undefined,
    private readonly pss: boolean,
    private readonly t0: number,
  ) {
    this.measured = pid;
  }

  /** The mark's record, or why it could not be read. */
  async read(want: MarkStep, inproc: Reading): Promise<MarkRecord | string> {
    const { reading, pids: tree } = this.sampler.markReading(this.pss);
    if (!reading) return `the runner's process ${this.measured} could not be read at mark ${want.index}`;
    // A tree of several processes (a server's workers, a model's child): which holds what.
    const processes = tree.length > 1 ? readEachProcess(tree) : undefined;
    this.cost = readProcessCost(this.measured) ?? this.cost;
    // From here VmHWM (and memory.peak) count anew: at the next mark they are the exact peak in between.
    const peak = this.cgroupPeak?.read();
    if (peak !== undefined) reading[CGROUP_PEAK] = peak / MIB;
    resetResidentPeaks(tree);
    this.cgroupPeak?.reset();
    const gpu = this.gpu ? await this.gpu.observe(tree) : null;
    // The process says it holds GPU memory, the reader lists processes, none of them ours: the pids it
    // sees are another namespace's (a container without --pid=host).
    const holds = GPU_HELD_METRICS.some((m) => (inproc[m] ?? 0) > 0);
    if (gpu && holds && !gpu.matched && gpu.otherPids.length > 0 && !this.pidMismatch) {
      this.pidMismatch =
        `${this.gpu!.name} charges GPU memory to pid(s) ${gpu.otherPids.join(', ')} but to none of the runner's (${tree.join(', ')}): ` +
        `the runner runs in another pid namespace (in a container, start it with --pid=host); ${GPU_PROCESS_METRICS.join(', ')} ${GPU_PROCESS_METRICS.length === 1 ? 'is' : 'are'} left empty rather than reported as 0`;
    }
    return {
      index: want.index,
      label: want.label,
      cycle: want.cycle,
      settled: want.settled,
      ...(want.training ? { training: true } : {}),
      t_ms: performance.now() - this.t0,
      reading: { ...reading, ...gpu?.reading, ...inproc },
      ...(processes ? { processes } : {}),
    };
  }

  /** After the run: the GPU metrics of every reading cleared where the pids could not be matched. */
  clearUnmatched(readings: Iterable<Reading>): void {
    if (!this.pidMismatch) return;
    for (const r of readings) for (const m of GPU_PROCESS_METRICS) delete r[m];
  }
}
