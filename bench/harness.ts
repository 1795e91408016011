/**
 * reclaim's own benchmark (make bench-harness): what measuring costs. Whole processes, alternated:
 * `reclaim run` of one cell against a bare script doing the same work with in-process statm marks, for
 * the Python and the Node runtime, each invocation split into its cells and its fixed start-up; then
 * micro-benchmarks with tinybench: sampler ticks, a mark's reading and round trip, CSVs, charts. Prints a
 * table and writes bench/results.json. Timing targets live here, never in the tests.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCell } from '../src/orchestrator/run-cell.js';
import { PROJECT_ROOT } from '../src/paths.js';
import type { CellPlan } from '../src/protocol/plan.js';
import { findPython } from '../src/runtimes/python-env/find-python.js';
import { median } from '../src/stats/math.js';
import { textTable } from '../src/tables/render.js';
import { microBenchmarks } from './micro.js';
import { wholeProcess, type WholeProcess } from './whole-process.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const TARGET = { ratio: 1.03, fixedS: 0.5, tickUs: 100 };

type Verdict = 'met' | 'MISSED' | 'undecided';
interface Target {
  name: string;
  wanted: string;
  measured: string;
  verdict: Verdict;
}

/** A mark's round trip through the protocol: the tests' stand-in runner, well-behaved, sends marks one after another, each waiting for its ack. */
async function markRoundTrip(scratch: string): Promise<number> {
  const marks = 300;
  const plan: CellPlan = {
    protocol: 1, cell: 'bench', runtime: 'bench', device: 'cpu', seed: 0, cacheDir: scratch, setenvInProcess: {}, options: {}, isolation: 'in-process', models: {},
    steps: Array.from({ length: marks }, (_, index) => ({ op: 'mark' as const, index, label: `m${index}`, cycle: null, settled: false })),
  };
  const per: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runCell({ command: { file: process.execPath, args: [path.join(PROJECT_ROOT, 'test', 'fixtures', 'runners', 'fake-runner.mjs'), 'well-behaved'], env: { PATH: process.env.PATH ?? '' } }, plan, timeoutMs: 60_000, sampleIntervalMs: 10 });
    const t = r.marks.map((m) => m.t_ms);
    per.push((t[t.length - 1]! - t[0]!) / (marks - 1));
  }
  return median(per)!;
}

function ratioTarget(w: WholeProcess): Target {
  const ci = w.ratio_lo !== undefined ? ` [${w.ratio_lo.toFixed(3)}, ${w.ratio_hi!.toFixed(3)}]` : '';
  // The interval decides: inside the target, beyond it, or straddling it (the machine's noise is larger than the gap).
  const verdict: Verdict = w.ratio_hi !== undefined && w.ratio_hi <= TARGET.ratio ? 'met' : w.ratio_lo !== undefined && w.ratio_lo > TARGET.ratio ? 'MISSED' : 'undecided';
  return { name: `${w.name}: a cell against the bare script`, wanted: `<= ${TARGET.ratio}x`, measured: `${w.ratio.toFixed(3)}x${ci}`, verdict };
}

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: make build');
  const python = await findPython();
  if (typeof python === 'string') throw new Error(python);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'reclaim-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    log(`reclaim bench-harness: whole processes, ${ROUNDS} rounds (about ${Math.ceil(ROUNDS * 2.5)} minutes)`);
    const py = await wholeProcess({
      name: 'python', cli: CLI, scratch, rounds: ROUNDS, log,
      scenario: [path.join(PROJECT_ROOT, 'scenarios', 'article-cpu.yaml'), '--only', 'malloc-trim', '--set', 'source=synthetic', '--iterations', '4'],
      bare: (plan) => [python.python, [path.join(PROJECT_ROOT, 'bench', 'bare_runner.py'), plan]],
    });
    const node = await wholeProcess({
      name: 'node', cli: CLI, scratch, rounds: ROUNDS, log,
      scenario: [path.join(PROJECT_ROOT, 'scenarios', 'onnx-churn.yaml'), '--only', 'release-gc-trim', '--set', 'arena=true', '--set', 'mem_pattern=true', '--iterations', '4'],
      bare: (plan) => [process.execPath, ['--expose-gc', path.join(PROJECT_ROOT, 'bench', 'bare-node.mjs'), plan]],
    });
    log('reclaim bench-harness: micro-benchmarks');
    const markMs = await markRoundTrip(scratch);
    const { micro, ticks } = await microBenchmarks(python.python, path.join(scratch, 'python-warm'));
    const tick64 = ticks.find((t) => t.threads === 64)!;
    const whole = [py, node];
    const targets: Target[] = [
      ...whole.map(ratioTarget),
      ...whole.map((w) => {
        const f = median(w.fixed_s)!;
        return { name: `${w.name}: fixed start-up of reclaim run (probed before)`, wanted: `<= ${TARGET.fixedS} s`, measured: `${f.toFixed(2)} s`, verdict: (f <= TARGET.fixedS ? 'met' : 'MISSED') as Verdict };
      }),
      { name: 'a sampler tick at 100 Hz, 64 threads + 2 children', wanted: `<= ${TARGET.tickUs} us`, measured: `${tick64.amortized_us.toFixed(1)} us (${tick64.amortized_with_status_us.toFixed(1)} us with status)`, verdict: tick64.amortized_us <= TARGET.tickUs ? 'met' : 'MISSED' },
    ];
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_mib: Math.round(os.totalmem() / 2 ** 20), kernel: os.release(), node: process.version, python: python.probe.python, torch: python.probe.torch },
      rounds: ROUNDS,
      whole_process: whole,
      mark_round_trip_ms: markMs,
      sampler_ticks: ticks,
      micro,
      targets,
    };
    writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const f = (v: number | undefined, d = 2) => (v === undefined ? '-' : v.toFixed(d));
    console.log(`Whole processes, ${ROUNDS} rounds (seconds, medians):`);
    console.log(textTable({
      header: ['runtime', 'bare script', 'reclaim cell', 'between cells', 'fixed start-up', 'cell / bare [95% CI]'],
      rows: whole.map((w) => [w.name, f(median(w.bare_s)), f(median(w.cell_s)), f(w.between_s), f(median(w.fixed_s)), `${f(w.ratio, 3)}x [${f(w.ratio_lo, 3)}, ${f(w.ratio_hi, 3)}]`]),
    }));
    console.log('\nSampler tick at 100 Hz (us): a read, plus its share of the tree refreshes');
    console.log(textTable({
      header: ['threads (+2 children)', 'statm read', 'statm + status', 'tree refresh', 'with thread lists', 'tick, amortized', 'with status'],
      rows: ticks.map((t) => [String(t.threads), f(t.read_us, 1), f(t.read_with_status_us, 1), f(t.refresh_us, 1), f(t.refresh_threads_us, 1), f(t.amortized_us, 1), f(t.amortized_with_status_us, 1)]),
    }));
    console.log(`\nA mark's round trip (runner to harness and back, no Pss): ${markMs.toFixed(3)} ms`);
    console.log('\nMicro-benchmarks (tinybench):');
    console.log(textTable({ header: ['what', 'mean us', 'p99 us'], rows: micro.map((m) => [m.name, f(m.mean_us, 1), f(m.p99_us, 1)]) }));
    console.log('\nTargets:');
    console.log(textTable({ header: ['target', 'wanted', 'measured', 'verdict'], rows: targets.map((t) => [t.name, t.wanted, t.measured, t.verdict]) }));
    console.log('\nbench/results.json written');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
