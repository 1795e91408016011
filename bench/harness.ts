/**
 * reclaim's own benchmark (make bench-harness): what measuring costs. Whole processes, alternated:
 * `reclaim run` of one cell against a bare script doing the same work with in-process statm marks, with
 * 1 and 3 repeats to separate the fixed start-up from the cost per cell; then micro-benchmarks with
 * tinybench: one sampler tick, a mark's round trip, writing CSVs, rendering each chart. Prints a table
 * and writes bench/results.json. Timing targets live here, never in the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { Bench } from 'tinybench';
import { chartsForRun } from '../report/charts-for-run.js';
import { renderSvg } from '../report/render.js';
import { runCell } from '../src/orchestrator/run-cell.js';
import { PROJECT_ROOT } from '../src/paths.js';
import type { CellPlan } from '../src/protocol/plan.js';
import { findPython } from '../src/runtimes/python/find-python.js';
import { METRIC_NAMES } from '../src/samplers/metrics.js';
import { processTree } from '../src/samplers/proc-tree.js';
import { readProcessMemory } from '../src/samplers/read-memory.js';
import { toCsv } from '../src/store/csv.js';
import { loadRun } from '../src/store/load-run.js';
import { textTable } from '../src/tables/render.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'reclaim-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

async function timed(file: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const r = await execa(file, args, { reject: false, env, all: true });
  const s = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.exitCode}): ${r.all?.slice(-2000)}`);
  return s;
}

/** Seconds the cells of a run took, runner start to exit (cell.json's wall_s). */
function cellSeconds(dir: string): number[] {
  return readdirSync(path.join(dir, 'cells')).map((c) => (JSON.parse(readFileSync(path.join(dir, 'cells', c, 'cell.json'), 'utf8')) as { wall_s: number }).wall_s);
}

/**
 * One cell through reclaim against the bare script on the same plan, alternated round by round, and the
 * same cell with --repeat 3: per cell (the 3-repeat run's extra cells) against the bare script, and the
 * fixed start-up of a command (the 1-repeat run less its cell).
 */
async function wholeProcess(name: string, scenario: string[], bare: (plan: string) => [string, string[]]) {
  const warm = path.join(scratch, `${name}-warm`);
  await timed(process.execPath, [CLI, 'run', ...scenario, '--out', warm]); // fills the probe and preparation caches
  const cellDir = path.join(warm, 'cells', readdirSync(path.join(warm, 'cells'))[0]!);
  const plan = path.join(cellDir, 'plan.json');
  const [bareFile, bareArgs] = bare(plan);
  const one: number[] = [];
  const three: number[] = [];
  const bareS: number[] = [];
  const cellS: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const out1 = path.join(scratch, `${name}-1-${i}`);
    one.push(await timed(process.execPath, [CLI, 'run', ...scenario, '--out', out1]));
    cellS.push(...cellSeconds(out1));
    bareS.push(await timed(bareFile, bareArgs));
    const out3 = path.join(scratch, `${name}-3-${i}`);
    three.push(await timed(process.execPath, [CLI, 'run', ...scenario, '--repeat', '3', '--out', out3]));
    cellS.push(...cellSeconds(out3));
  }
  const perCell = (median(three) - median(one)) / 2;
  return { name, rounds: ROUNDS, bare_s: median(bareS), run1_s: median(one), run3_s: median(three), cell_s: median(cellS), per_cell_s: perCell, fixed_s: median(one) - perCell, ratio: perCell / median(bareS), warm };
}

/** A process with `threads` threads and `children` child processes, all asleep (for the sampler tick). */
function sleeper(python: string, threads: number, children: number): ChildProcess {
  const code = `
import os, threading, time
for _ in range(${children}):
    if os.fork() == 0:
        time.sleep(600); os._exit(0)
for _ in range(${threads - 1}):
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
print("ready", flush=True)
time.sleep(600)
`;
  return spawn(python, ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function ready(p: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => p.stdout!.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 200));
}

async function micro(warm: string) {
  const bench = new Bench({ time: 500, warmupTime: 100 });
  const procs: ChildProcess[] = [];
  for (const threads of [1, 8, 64]) {
    const p = sleeper('/usr/bin/python3', threads, 2);
    procs.push(p);
    await ready(p);
    const tree = processTree(p.pid!);
    bench.add(`sampler tick, ${threads} thread(s) + 2 children`, () => void readProcessMemory(p.pid!, { pss: false, cgroup: null }, tree));
    bench.add(`sampler tick with smaps_rollup, ${threads} thread(s) + 2 children`, () => void readProcessMemory(p.pid!, { pss: true, cgroup: null }, tree));
    bench.add(`finding the process tree, ${threads} thread(s) + 2 children`, () => void processTree(p.pid!));
  }
  const rows = Array.from({ length: 100_000 }, (_, i) => ({ t_ms: i * 10, ...Object.fromEntries(METRIC_NAMES.slice(0, 8).map((m) => [m, 300 + (i % 500) / 7])) }));
  bench.add('writing samples.csv of 100,000 samples', () => void toCsv(['t_ms', ...METRIC_NAMES], rows, { t_ms: 2, ...Object.fromEntries(METRIC_NAMES.map((m) => [m, 4])) }));
  const data = loadRun(warm);
  for (const chart of chartsForRun(data, { interactive: false })) bench.add(`rendering the ${chart.id.replace(/^.*?-(?=[a-z]+$)/, '')} chart (SVG)`, async () => void (await renderSvg(chart.spec)));
  await bench.run();
  for (const p of procs) p.kill('SIGKILL');
  return bench.tasks.map((t) => {
    const r = t.result;
    return r.state === 'completed' ? { name: t.name, mean_us: r.latency.mean * 1000, p99_us: r.latency.p99 * 1000, samples: r.latency.samplesCount } : { name: t.name, error: r.state };
  });
}

/** A mark's round trip: runner says mark, the harness reads /proc (with smaps_rollup), resets the peak, acks. */
async function markRoundTrip(): Promise<number> {
  const marks = 300;
  const plan: CellPlan = {
    protocol: 1, cell: 'bench', runtime: 'fake', device: 'cpu', seed: 0, cacheDir: scratch, setenvInProcess: {}, options: {}, isolation: 'in-process', models: {},
    steps: Array.from({ length: marks }, (_, index) => ({ op: 'mark' as const, index, label: `m${index}`, cycle: null, settled: false })),
  };
  const runner = path.join(PROJECT_ROOT, 'bench', 'mark-runner.mjs');
  const per: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runCell({ command: { file: process.execPath, args: [runner], env: { PATH: process.env.PATH ?? '' } }, plan, timeoutMs: 60_000, sampleIntervalMs: 10 });
    const t = r.marks.map((m) => m.t_ms);
    per.push((t[t.length - 1]! - t[0]!) / (marks - 1));
  }
  return median(per);
}

async function main() {
  const python = await findPython();
  if (typeof python === 'string') throw new Error(python);
  console.error('reclaim bench-harness: whole processes (this takes a few minutes)');
  const py = await wholeProcess('python', [path.join(PROJECT_ROOT, 'scenarios', 'article-cpu.yaml'), '--only', 'malloc-trim', '--set', 'source=synthetic', '--iterations', '4'], (plan) => [python.python, [path.join(PROJECT_ROOT, 'bench', 'bare_runner.py'), plan]]);
  const node = await wholeProcess(
    'node',
    [path.join(PROJECT_ROOT, 'scenarios', 'onnx-churn.yaml'), '--only', 'release-gc-trim', '--set', 'arena=true', '--set', 'mem_pattern=true', '--iterations', '4'],
    (plan) => [process.execPath, ['--expose-gc', path.join(PROJECT_ROOT, 'bench', 'bare-node.mjs'), plan]],
  );
  console.error('reclaim bench-harness: micro-benchmarks');
  const mark_ms = await markRoundTrip();
  const micros = await micro(py.warm);
  const tick64 = micros.find((m) => m.name === 'sampler tick, 64 thread(s) + 2 children');
  const targets: Target[] = [
    ...[py, node].map((w) => ({ name: `${w.name}: a cell against the bare script`, target: '<= 1.03x', measured: `${w.ratio.toFixed(3)}x (${w.per_cell_s.toFixed(2)} s vs ${w.bare_s.toFixed(2)} s)`, met: w.ratio <= 1.03 })),
    ...[py, node].map((w) => ({ name: `${w.name}: fixed start-up of reclaim run (probed before)`, target: '<= 0.5 s', measured: `${w.fixed_s.toFixed(2)} s`, met: w.fixed_s <= 0.5 })),
    { name: 'one sampler tick, 64 threads + 2 children', target: '<= 100 us', measured: tick64 && 'mean_us' in tick64 ? `${tick64.mean_us!.toFixed(1)} us` : '?', met: !!tick64 && 'mean_us' in tick64 && tick64.mean_us! <= 100 },
  ];
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_mib: Math.round(os.totalmem() / 2 ** 20), kernel: os.release(), node: process.version, python: python.probe.python, torch: python.probe.torch },
    whole_process: [py, node].map(({ warm: _w, ...w }) => w),
    mark_round_trip_ms: mark_ms,
    micro: micros,
    targets,
  };
  writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const f = (v: number) => v.toFixed(2);
  console.log('Whole processes (median of rounds, seconds):');
  console.log(textTable({ header: ['runtime', 'bare script', 'reclaim run, 1 cell', 'reclaim run, 3 cells', 'per cell', 'fixed start-up', 'per cell / bare'], rows: [py, node].map((w) => [w.name, f(w.bare_s), f(w.run1_s), f(w.run3_s), f(w.per_cell_s), f(w.fixed_s), `${w.ratio.toFixed(3)}x`]) }));
  console.log(`\nA mark's round trip (runner to harness and back, /proc read with smaps_rollup): ${mark_ms.toFixed(3)} ms`);
  console.log('\nMicro-benchmarks (tinybench):');
  console.log(textTable({ header: ['what', 'mean us', 'p99 us'], rows: micros.map((m) => ['mean_us' in m ? [m.name, m.mean_us!.toFixed(1), m.p99_us!.toFixed(1)] : [m.name, '-', '-']][0]!) }));
  console.log('\nTargets:');
  console.log(textTable({ header: ['target', 'wanted', 'measured', 'met'], rows: targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO']) }));
  console.log('\nbench/results.json written');
  rmSync(scratch, { recursive: true, force: true });
}

if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: make build');
await main();
