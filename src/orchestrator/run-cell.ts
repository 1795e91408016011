import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Duplex } from 'node:stream';
import { execa } from 'execa';
import { ackLine, parseEvent, type ErrorEvent, type HelloEvent, type RequestsEvent, type TimingEvent } from '../protocol/events.js';
import { planMarks, type CellPlan } from '../protocol/plan.js';
import { GPU_HELD_METRICS, MIB } from '../samplers/metrics.js';
import { BackgroundSampler } from '../samplers/background.js';
import { observeGpu } from '../samplers/gpu.js';
import { GpuSampler } from '../samplers/gpu-sampler.js';
import { processTree } from '../samplers/proc-tree.js';
import { cgroupMemoryOf } from '../samplers/cgroup.js';
import { readProcessCost, type ProcessCost } from '../samplers/cpu-time.js';
import { CgroupPeak, resetResidentPeaks } from '../samplers/peaks.js';
import { parseOomKills } from '../samplers/proc-parse.js';
import type { CellResult, CellStatus, MarkRecord } from './cell-result.js';
import { OutputBuffer } from './output-buffer.js';
import type { RunnerCommand } from './runner-command.js';

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
  /** Read GPU memory (nvidia-smi) at marks and every `gpuIntervalMs` (default 200) in between. */
  gpu?: boolean;
  gpuIntervalMs?: number;
  /** The cell's primary metric: what the background sampler must read (statm alone serves most). */
  metric?: string;
  /** Read Pss (smaps_rollup, about 49 ms per mark for a torch process) at marks. */
  pss?: boolean;
  /** Record the cgroup's usage even without a memory limit (the cell's own container). */
  cgroupEvenUnlimited?: boolean;
}

export type RunCellResult = CellResult & { interrupted: boolean };

/**
 * Runs one cell in a fresh runner process: hands it the plan on stdin, reads its events on fd 3,
 * measures at each mark while the runner waits, samples in the background, and turns whatever
 * happens (crash, signal, OOM kill, timeout, garbage on fd 3) into a status and a reason.
 */
export async function runCell(opts: RunCellOptions): Promise<RunCellResult> {
  const { command, plan } = opts;
  const expected = planMarks(plan.steps);
  const oomBefore = readOomKills();
  const startedAt = new Date().toISOString();
  const stop = new AbortController();
  let protocolFailure: string | undefined;
  const fail = (reason: string) => {
    protocolFailure ??= reason;
    stop.abort();
  };
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const t0 = performance.now();
  const child = execa(command.file, command.args, {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    input: JSON.stringify(plan),
    env: command.env,
    extendEnv: false,
    cwd: command.cwd,
    reject: false,
    buffer: false,
    timeout: opts.timeoutMs,
    forceKillAfterDelay: 2000,
    cancelSignal: stop.signal,
  });

  const stdout = new OutputBuffer();
  const stderr = new OutputBuffer();
  child.stdout?.on('data', (c: Buffer) => stdout.push(c));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c));

  const marks: MarkRecord[] = [];
  const timings: TimingEvent[] = [];
  const requests: RequestsEvent[] = [];
  const plannedRequests = new Set(plan.steps.flatMap((s) => (s.op === 'requests_begin' ? [s.id] : [])));
  let hello: HelloEvent | undefined;
  let pidMismatch: string | undefined;
  let runnerError: ErrorEvent | undefined;
  let done = false;
  let cost: ProcessCost | undefined;
  let sampler: BackgroundSampler | undefined;
  let cgroupPeak: CgroupPeak | undefined;
  let gpuSampler: GpuSampler | undefined;
  let closed: Promise<void> = Promise.resolve();

  const pid = child.pid;
  // The process measured: the runner, or a server it started and drives (its hello says which).
  let measured = pid ?? 0; // (without a pid no event arrives)
  if (pid !== undefined) {
    const cgroup = cgroupMemoryOf(pid, opts.cgroupEvenUnlimited ?? false);
    sampler = new BackgroundSampler(pid, t0, opts.sampleIntervalMs, cgroup, opts.metric ?? 'private');
    cgroupPeak = cgroup ? CgroupPeak.open(cgroup) : undefined;
    sampler.start();
    if (opts.gpu) {
      gpuSampler = new GpuSampler(pid, t0, opts.gpuIntervalMs ?? 200);
      gpuSampler.start();
    }
    const fd3 = child.stdio[3] as Duplex;
    fd3.on('error', () => {}); // EPIPE when the runner dies mid-ack: its exit says why
    const lines = readline.createInterface({ input: fd3 });
    closed = new Promise((resolve) => lines.once('close', resolve));
    // Events are handled one at a time, in order (a mark waits for the GPU reading).
    let queue = Promise.resolve();
    lines.on('line', (line) => {
      queue = queue.then(() => handle(line));
    });
    closed = closed.then(() => queue);
    const handle = async (line: string): Promise<void> => {
      if (protocolFailure !== undefined || line.trim() === '') return;
      const event = parseEvent(line);
      if (typeof event === 'string') return fail(`the runner wrote a malformed event on fd 3: ${event}`);
      switch (event.event) {
        case 'hello': {
          hello = event;
          if (event.measured_pid !== undefined && event.measured_pid !== pid) {
            // Only a descendant of the runner: the harness ends it with the cell.
            if (!processTree(pid).includes(event.measured_pid)) return fail(`the runner named process ${event.measured_pid} to measure, which is not one of its descendants`);
            measured = event.measured_pid;
            sampler?.reroot(measured);
            if (gpuSampler) gpuSampler.pid = measured;
          }
          const missing = unmapped(measured, opts.expectMapped ?? []);
          if (missing.length) return fail(`LD_PRELOAD did not take effect: ${missing.join(', ')} is not mapped into the runner`);
          const lacking = unimplemented(plan, event.implements);
          if (lacking) return fail(`the runner does not implement ${lacking} (its hello lists what it does)`);
          break;
        }
        case 'timing':
          timings.push(event);
          break;
        case 'info':
          break;
        case 'requests':
          // One per requests step of the plan: anything else is a runner's mistake, not more to keep.
          if (!plannedRequests.has(event.id) || requests.some((r) => r.id === event.id)) return fail(`the runner sent a requests event for step ${event.id}, which ${plannedRequests.has(event.id) ? 'it had already reported' : 'the plan does not have'}`);
          requests.push(event);
          break;
        case 'error':
          runnerError = event;
          break;
        case 'done':
          done = true;
          break;
        case 'mark': {
          const want = expected[marks.length];
          if (!want || want.index !== event.index) {
            return fail(`the runner sent mark ${event.index}, expected ${want ? `mark ${want.index}` : 'no more marks'}`);
          }
          const { reading, pids: tree } = sampler!.markReading(opts.pss ?? false);
          if (!reading) return fail(`the runner's process ${pid} could not be read at mark ${event.index}`);
          cost = readProcessCost(measured) ?? cost;
          // From here VmHWM (and memory.peak) count anew: at the next mark they are the exact peak in between.
          const peak = cgroupPeak?.read();
          if (peak !== undefined) reading.cgroup_peak = peak / MIB;
          resetResidentPeaks(tree);
          cgroupPeak?.reset();
          const gpu = opts.gpu ? await observeGpu(tree) : null;
          // The process says it holds GPU memory, nvidia-smi lists processes, none of them ours: the
          // pids nvidia-smi sees are another namespace's (a container without --pid=host).
          const holds = GPU_HELD_METRICS.some((m) => (event.inproc[m] ?? 0) > 0);
          if (gpu && holds && !gpu.matched && gpu.otherPids.length > 0 && !pidMismatch) {
            pidMismatch =
              `nvidia-smi charges GPU memory to pid(s) ${gpu.otherPids.join(', ')} but to none of the runner's (${tree.join(', ')}): ` +
              'the runner runs in another pid namespace (in a container, start it with --pid=host); vram_process is left empty rather than reported as 0';
          }
          marks.push({
            index: want.index,
            label: want.label,
            cycle: want.cycle,
            settled: want.settled,
            ...(want.training ? { training: true } : {}),
            t_ms: performance.now() - t0,
            reading: { ...reading, ...gpu?.reading, ...event.inproc },
          });
          fd3.write(ackLine(event.index));
          opts.onMark?.(marks.length);
          break;
        }
      }
    };
  }

  const result = await child;
  // A server the runner started does not outlive its cell (nor keep its port): the fd held open on its
  // statm says the pid is still that process.
  if (pid !== undefined && measured !== pid && sampler?.rootAlive()) {
    try {
      process.kill(measured, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
  opts.signal?.removeEventListener('abort', onAbort);
  // fd 3 closes with the runner, unless a grandchild inherited it: do not wait for that.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((r) => (grace = setTimeout(r, 1000)))]);
  clearTimeout(grace); // else it holds the process open for a second after the last cell
  sampler?.stop();
  cgroupPeak?.close();
  await gpuSampler?.stop();
  const wallMs = performance.now() - t0;

  const interrupted = opts.signal?.aborted ?? false;
  const samples = [...(sampler?.samples ?? []), ...(gpuSampler?.samples ?? [])].sort((a, b) => a.t_ms - b.t_ms);
  if (pidMismatch) for (const r of [...marks.map((m) => m.reading), ...samples.map((x) => x.reading)]) delete r.vram_process;
  const outcome = classify({
    spawnError: pid === undefined || (result.exitCode === undefined && result.signal === undefined) ? result.shortMessage : undefined,
    timedOut: result.timedOut,
    timeoutMs: opts.timeoutMs,
    protocolFailure,
    exitCode: result.exitCode,
    signal: result.signal,
    oomKilled: (readOomKills() ?? 0) > (oomBefore ?? Infinity),
    runnerError,
    done,
    marks: marks.length,
    expectedMarks: expected.length,
    stderrTail: stderr.tail(1),
  });
  return {
    ...outcome,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    marks,
    samples,
    notes: pidMismatch ? [pidMismatch] : [],
    timings,
    requests,
    ...(cost ? { cost } : {}),
    ...(hello ? { hello } : {}),
    stdout: stdout.text(),
    stderr: stderr.text(),
    startedAt,
    endedAt: new Date().toISOString(),
    wallMs,
    interrupted,
  };
}

interface Facts {
  spawnError: string | undefined;
  timedOut: boolean;
  timeoutMs: number;
  protocolFailure: string | undefined;
  exitCode: number | undefined;
  signal: string | undefined;
  oomKilled: boolean;
  runnerError: ErrorEvent | undefined;
  done: boolean;
  marks: number;
  expectedMarks: number;
  stderrTail: string;
}

/** The status of a finished runner and the one-line reason a user reads in the summary. */
export function classify(f: Facts): { status: CellStatus; reason?: string } {
  // The first line: CUDA errors come with paragraphs of advice (kept in cell.json's stderr).
  const said = f.runnerError ? `: ${f.runnerError.message.split('\n')[0]}` : f.stderrTail ? `: ${f.stderrTail}` : '';
  if (f.spawnError) return { status: 'failed', reason: `the runner could not be started: ${f.spawnError}` };
  if (f.timedOut) return { status: 'timeout', reason: `still running after ${f.timeoutMs / 1000} s (--timeout); killed after ${f.marks} of ${f.expectedMarks} marks` };
  if (f.protocolFailure) return { status: 'failed', reason: f.protocolFailure };
  if (f.signal === 'SIGKILL' && f.oomKilled) return { status: 'oom', reason: `killed by the kernel's OOM killer after ${f.marks} of ${f.expectedMarks} marks` };
  if (f.signal) return { status: 'failed', reason: `the runner was killed by ${f.signal} after ${f.marks} of ${f.expectedMarks} marks${said}` };
  if (f.runnerError?.kind === 'oom') return { status: 'oom', reason: `out of memory${said}` };
  if (f.exitCode !== 0) return { status: 'failed', reason: `the runner exited with code ${f.exitCode} after ${f.marks} of ${f.expectedMarks} marks${said}` };
  if (f.runnerError) return { status: 'failed', reason: `the runner reported an error${said}` };
  if (!f.done) return { status: 'failed', reason: `the runner exited without saying it was done (${f.marks} of ${f.expectedMarks} marks)` };
  if (f.marks !== f.expectedMarks) return { status: 'failed', reason: `the runner finished after ${f.marks} of ${f.expectedMarks} marks` };
  return { status: 'ok' };
}

/** The steps and actions the plan needs that the runner's hello does not list, if any. */
function unimplemented(plan: CellPlan, has: { ops: string[]; actions: string[] }): string | undefined {
  const ops = [...new Set(plan.steps.map((s) => s.op))].filter((op) => !has.ops.includes(op));
  const actions = [...new Set(plan.steps.flatMap((s) => (s.op === 'unload' ? [...s.before, ...s.after] : s.op === 'release' ? s.actions : [])))].filter((a) => !has.actions.includes(a));
  const parts = [...(ops.length ? [`step ${ops.join(', ')}`] : []), ...(actions.length ? [`action ${actions.join(', ')}`] : [])];
  return parts.length ? parts.join(' and ') : undefined;
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
