import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IN_PROCESS_METRIC_NAMES } from '../metrics/catalogue.js';
import { eventSchema } from '../protocol/events.js';
import { planMarks, type CellPlan } from '../protocol/plan.js';
import { DEVICES } from '../runtimes/devices.js';
import type { RunnerCommand } from '../runtimes/runner-command.js';
import { BackgroundSampler } from '../samplers/background.js';
import { cgroupMemoryOf } from '../samplers/cgroup.js';
import type { GpuReader } from '../samplers/gpu-reader.js';
import { GpuSampler } from '../samplers/gpu-sampler.js';
import { CgroupPeak } from '../samplers/peaks.js';
import { parseOomKills } from '../samplers/proc-parse.js';
import { processTree } from '../samplers/proc-tree.js';
import type { CellResult } from './cell-result.js';
import { classify } from './classify.js';
import { EventSession } from './event-session.js';
import { MarkReader } from './mark-reading.js';
import { startRunner } from './runner-process.js';
import { thpEnabled } from './thp.js';
import { libcMismatch, type ExpectedLibc } from './libc.js';
import { cLibraryOfProcess, type CLibrary } from '../samplers/c-library.js';


export interface RunCellOptions {
  command: RunnerCommand;
  plan: CellPlan;
  timeoutMs: number;
  sampleIntervalMs: number;
  /** Called after each acknowledged mark with the number of marks so far. */
  onMark?: (marks: number) => void;
  /** Aborting it (Ctrl-C) stops the runner; the result is then marked interrupted. */
  signal?: AbortSignal;
  /** Libraries that must be mapped into the runner (its LD_PRELOAD): checked when it says hello. */
  expectMapped?: readonly string[];
  /** The runner was started with transparent huge pages disabled: checked when it says hello. */
  expectThpDisabled?: boolean;
  /** The C library the runner must have loaded (the cell's libc): checked when it says hello. */
  expectLibc?: ExpectedLibc;
  /** The device's GPU reader: GPU memory read at marks and every `gpuIntervalMs` (default 200) in between. */
  gpu?: GpuReader;
  gpuIntervalMs?: number;
  /** The cell's primary metric: what the background sampler must read (statm alone serves most); default the device's. */
  metric?: string;
  /** Read Pss (smaps_rollup, about 49 ms per mark for a torch process) at marks. */
  pss?: boolean;
  /** Record the cgroup's usage even without a memory limit (the cell's own container). */
  cgroupEvenUnlimited?: boolean;
}

export type RunCellResult = CellResult & { interrupted: boolean };

/** The protocol's events with the in-process metrics the runtimes declare (built once). */
const EVENTS = eventSchema(IN_PROCESS_METRIC_NAMES);

/**
 * Runs one cell in a fresh runner process (runner-process.ts): hands it the plan, reads its events on
 * fd 3 (event-session.ts), measures at each mark while the runner waits (mark-reading.ts), samples in
 * the background, and turns whatever happens (crash, signal, OOM kill, timeout, garbage on fd 3) into
 * a status and a reason (classify.ts).
 */
export async function runCell(opts: RunCellOptions): Promise<RunCellResult> {
  const { plan } = opts;
  const expected = planMarks(plan.steps).length;
  const oomBefore = readOomKills();
  const startedAt = new Date().toISOString();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const t0 = performance.now();
  const runner = startRunner(opts.command, plan, opts.timeoutMs, stop.signal);
  const pid = runner.pid;
  let sampler: BackgroundSampler | undefined;
  let cgroupPeak: CgroupPeak | undefined;
  let gpuSampler: GpuSampler | undefined;
  let reader: MarkReader | undefined;
  let session: EventSession | undefined;
  let loadedLibc: CLibrary | undefined;
  if (pid !== undefined && runner.fd3) {
    const cgroup = cgroupMemoryOf(pid, opts.cgroupEvenUnlimited ?? false);
    sampler = new BackgroundSampler(pid, t0, opts.sampleIntervalMs, cgroup, opts.metric ?? DEVICES[plan.device].primaryMetric);
    cgroupPeak = cgroup ? CgroupPeak.open(cgroup) : undefined;
    sampler.start();
    if (opts.gpu) {
      gpuSampler = new GpuSampler(opts.gpu, pid, t0, opts.gpuIntervalMs ?? 200);
      gpuSampler.start();
    }
    const marks = (reader = new MarkReader(pid, sampler, cgroupPeak, opts.gpu, opts.pss ?? false, t0));
    const measure = sampler;
    session = new EventSession(
      plan,
      runner.fd3,
      EVENTS,
      {
        hello(event) {
          // The process measured: the runner, or a server it started and drives (its hello says which).
          if (event.measured_pid !== undefined && event.measured_pid !== pid) {
            // Only a descendant of the runner: the harness ends it with the cell.
            if (!processTree(pid).includes(event.measured_pid)) return `the runner named process ${event.measured_pid} to measure, which is not one of its descendants`;
            marks.measured = event.measured_pid;
            measure.reroot(event.measured_pid);
            if (gpuSampler) gpuSampler.pid = event.measured_pid;
          }
          const missing = unmapped(marks.measured, opts.expectMapped ?? []);
          if (missing.length) return `LD_PRELOAD did not take effect: ${missing.join(', ')} is not mapped into the runner`;
          if (opts.expectThpDisabled && thpEnabled(marks.measured) === true) return `transparent huge pages are still enabled for process ${marks.measured} (its status says THP_enabled: 1): PR_SET_THP_DISABLE did not take effect`;
          // The C library the process really loaded, read from it (never the one asked for).
          loadedLibc = cLibraryOfProcess(marks.measured);
          return loadedLibc ? libcMismatch(opts.expectLibc, loadedLibc) : undefined;
        },
        mark: (want, inproc) => marks.read(want, inproc),
        ...(opts.onMark ? { marked: opts.onMark } : {}),
      },
      () => stop.abort(),
    );
  }

  const result = await runner.ended;
  // A server the runner started does not outlive its cell (nor keep its port): its whole tree is
  // ended, the processes found at the last refresh and its process group (the fd held open on its
  // statm says the pid is still that process).
  if (pid !== undefined && reader && reader.measured !== pid && sampler?.rootAlive()) {
    for (const target of [-reader.measured, ...sampler.tree.pids()]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // ended meanwhile, or no such group
      }
    }
  }
  opts.signal?.removeEventListener('abort', onAbort);
  // fd 3 closes with the runner, unless a grandchild inherited it: do not wait for that.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([session?.closed ?? Promise.resolve(), new Promise((r) => (grace = setTimeout(r, 1000)))]);
  clearTimeout(grace); // else it holds the process open for a second after the last cell
  sampler?.stop();
  cgroupPeak?.close();
  await gpuSampler?.stop();
  const wallMs = performance.now() - t0;

  const marks = session?.marks ?? [];
  const samples = [...(sampler?.samples ?? []), ...(gpuSampler?.samples ?? [])].sort((a, b) => a.t_ms - b.t_ms);
  reader?.clearUnmatched([...marks.map((m) => m.reading), ...samples.map((x) => x.reading)]);
  const outcome = classify({
    spawnError: pid === undefined || (result.exitCode === undefined && result.signal === undefined) ? result.shortMessage : undefined,
    timedOut: result.timedOut,
    timeoutMs: opts.timeoutMs,
    protocolFailure: session?.failure,
    exitCode: result.exitCode,
    signal: result.signal,
    oomKilled: (readOomKills() ?? 0) > (oomBefore ?? Infinity),
    runnerError: session?.runnerError,
    done: session?.done ?? false,
    marks: marks.length,
    expectedMarks: expected,
    stderrTail: runner.stderr.tail(1),
  });
  return {
    ...outcome,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    marks,
    samples,
    notes: reader?.pidMismatch ? [reader.pidMismatch] : [],
    timings: session?.timings ?? [],
    requests: session?.requests ?? [],
    ...(reader?.cost ? { cost: reader.cost } : {}),
    ...(session?.hello ? { hello: session.hello } : {}),
    ...(loadedLibc ? { libc: loadedLibc } : {}),
    stdout: runner.stdout.text(),
    stderr: runner.stderr.text(),
    startedAt,
    endedAt: new Date().toISOString(),
    wallMs,
    interrupted: opts.signal?.aborted ?? false,
  };
}

/** Which of `libraries` (paths) the process has not mapped, per /proc/PID/maps. */
function unmapped(pid: number, libraries: readonly string[]): string[] {
  if (libraries.length === 0) return [];
  let maps = '';
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return [];
  }
  return libraries.filter((lib) => !maps.includes(lib) && !maps.includes(`/${path.basename(lib)}`));
}

function readOomKills(): number | null {
  try {
    return parseOomKills(readFileSync('/proc/vmstat', 'utf8'));
  } catch {
    return null;
  }
}
