/**
 * make bench-fleet: reclaim at fleet size. A results directory of BENCH_FLEET_RUNS runs (10,000 by
 * default) is generated from real cells (a small run of the article's experiment made here, or
 * `--from DIR`), each run copied under a new run id as a merged fleet run would hold them; then
 * `reclaim report`, `reclaim compare` (against a copy, and against a 5-run directory) and `reclaim
 * merge` are timed as whole processes with their peak resident memory (`--keep DIR` keeps what it
 * generated there). Plus tinybench over the rank
 * test at the sizes fleets reach. Prints a table and writes bench/fleet.json; targets live here.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Bench } from 'tinybench';
import { analyseRun } from '../src/analysis/analyse-run.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { findPython } from '../src/runtimes/python-env/find-python.js';
import { compareSamples } from '../src/stats/rank-test.js';
import { cellJson, runId, type CellRecord } from '../src/store/cell-record.js';
import { readCellRecords, writeJson } from '../src/store/results-dir.js';
import { writeSummaryFiles } from '../src/analysis/summary-files.js';
import { textTable } from '../src/tables/render.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_FLEET_RUNS ?? 10_000);
const VARIANTS = 'del-gc,del-params-gc,malloc-trim,del-params-cpu-trim,trim-threshold-setenv,trim-threshold-startup,mmap-threshold-startup,jemalloc-no-decay,tcmalloc';
const TARGET = { reportS: 30, reportMiB: 1536, compareS: 10, mergeS: 10 };

interface Timed {
  what: string;
  wall_s: number;
  peak_mib: number;
  exit: number;
}

/** A command's wall time and peak resident memory (its own and its children's), measured by Python's getrusage. */
async function timed(python: string, what: string, args: string[]): Promise<Timed> {
  const probe = 'import json,resource,subprocess,sys,time\nt=time.monotonic()\nr=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\nsys.stderr.write(r.stderr.decode()[-2000:])\nprint(json.dumps({"wall_s":time.monotonic()-t,"peak_kib":resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"exit":r.returncode}))';
  const r = await execa(python, ['-c', probe, process.execPath, CLI, ...args], { reject: false });
  const out = JSON.parse(r.stdout) as { wall_s: number; peak_kib: number; exit: number };
  return { what, wall_s: out.wall_s, peak_mib: out.peak_kib / 1024, exit: out.exit };
}

/** The directory `dir` grown to `runs` runs: every run of `source` copied under new run ids, cell by cell in turn. */
function grow(source: string, dir: string, runs: number): number {
  const records = readCellRecords(source).filter((r) => r.status === 'ok');
  if (!records.length) throw new Error(`${source} has no run that ended ok to copy`);
  const byCell = new Map<string, CellRecord[]>();
  for (const r of records) byCell.set(r.matrixCell, [...(byCell.get(r.matrixCell) ?? []), r]);
  const cells = [...byCell.keys()];
  const written: CellRecord[] = [];
  mkdirSync(path.join(dir, 'cells'), { recursive: true });
  for (let i = 0; i < runs; i++) {
    const matrixCell = cells[i % cells.length]!;
    const repeat = Math.floor(i / cells.length) + 1;
    const from = byCell.get(matrixCell)!;
    const original = from[(repeat - 1) % from.length]!;
    const cell = runId(matrixCell, repeat);
    const to = path.join(dir, 'cells', cell);
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(path.join(source, 'cells', original.cell))) if (f !== 'cell.json') copyFileSync(path.join(source, 'cells', original.cell, f), path.join(to, f));
    const record = { ...original, cell, repeat } as CellRecord;
    writeFileSync(path.join(to, 'cell.json'), cellJson(record));
    written.push(record);
  }
  const manifest = JSON.parse(readFileSync(path.join(source, 'manifest.json'), 'utf8')) as { matrix: { cell: string; repeats: number }[] } & Record<string, unknown>;
  const repeats = new Map<string, number>();
  for (const r of written) repeats.set(r.matrixCell, Math.max(repeats.get(r.matrixCell) ?? 0, r.repeat));
  manifest.matrix = manifest.matrix.filter((m) => repeats.has(m.cell)).map((m) => ({ ...m, repeats: repeats.get(m.cell)! }));
  writeJson(path.join(dir, 'manifest.json'), manifest);
  writeSummaryFiles(dir, analyseRun(written, []), [...new Set(written.flatMap((r) => Object.keys(r.axes)))]);
  return cells.length;
}

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: make build');
  const python = await findPython();
  if (typeof python === 'string') throw new Error(python);
  const keepArg = process.argv.indexOf('--keep');
  // --keep DIR: the generated directories stay there (to profile a command on them).
  const scratch = keepArg > 0 ? path.resolve(process.argv[keepArg + 1]!) : mkdtempSync(path.join(os.tmpdir(), 'reclaim-fleet-'));
  if (keepArg > 0) mkdirSync(scratch, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const fromArg = process.argv.indexOf('--from');
  try {
    let source = fromArg > 0 ? process.argv[fromArg + 1]! : path.join(scratch, 'source');
    if (fromArg < 0) {
      log('reclaim bench-fleet: a real run to copy (the article\'s nine variants, 3 iterations, about 2 minutes)');
      const r = await execa(process.execPath, [CLI, 'run', path.join(PROJECT_ROOT, 'scenarios', 'article-cpu.yaml'), '--only', VARIANTS, '--iterations', '3', '--out', source], { reject: false, all: true });
      if (r.exitCode !== 0 && r.exitCode !== 3) throw new Error(`the source run failed (${r.exitCode}): ${r.all?.slice(-2000)}`);
    }
    source = path.resolve(source);
    const big = path.join(scratch, 'big');
    log(`reclaim bench-fleet: generating ${RUNS} runs`);
    const t0 = Date.now();
    const cells = grow(source, big, RUNS);
    const small = path.join(scratch, 'small');
    grow(source, small, 5 * cells);
    const copy = path.join(scratch, 'copy');
    cpSync(big, copy, { recursive: true });
    log(`reclaim bench-fleet: ${RUNS} runs of ${cells} cells written in ${((Date.now() - t0) / 1000).toFixed(1)} s; timing the commands`);
    // What this file system charges for the directories and files a merge must create, whatever the code.
    const floorDir = path.join(scratch, 'floor');
    mkdirSync(floorDir);
    const f0 = Date.now();
    for (let i = 0; i < RUNS; i++) {
      mkdirSync(path.join(floorDir, `d${i}`));
      writeFileSync(path.join(floorDir, `d${i}`, 'cell.json'), 'x'.repeat(2048));
    }
    const floorS = (Date.now() - f0) / 1000;
    rmSync(floorDir, { recursive: true, force: true });
    log(`reclaim bench-fleet: this file system makes ${RUNS} directories with a 2 KiB file each in ${floorS.toFixed(1)} s`);
    const measured: Timed[] = [];
    for (const [what, args] of [
      [`report of ${RUNS} runs`, ['report', big]],
      [`compare ${RUNS} runs against a copy`, ['compare', copy, big]],
      [`compare ${RUNS} runs against ${5 * cells}`, ['compare', small, big]],
      [`merge ${RUNS} + ${5 * cells} runs`, ['merge', big, small, '--out', path.join(scratch, 'merged')]],
    ] as const) {
      const t = await timed(python.python, what, [...args]);
      log(`  ${what}: ${t.wall_s.toFixed(1)} s, ${t.peak_mib.toFixed(0)} MiB, exit ${t.exit}`);
      measured.push(t);
    }
    const stats = new Bench({ time: 1000, warmupTime: 100 });
    const seq = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + ((i * 7919) % n) / 10);
    for (const [a, b] of [[30, 4], [100, 3], [50, 50], [200, 200], [1000, 1000]] as const) stats.add(`compareSamples ${a} vs ${b}`, () => void compareSamples(seq(a), seq(b, 1)));
    await stats.run();
    const rank = stats.tasks.map((t) => ({ name: t.name, mean_ms: t.result.state === 'completed' ? t.result.latency.mean : NaN }));
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const [report, copyCompare, smallCompare, merge] = measured as [Timed, Timed, Timed, Timed];
    const targets = [
      { target: `report of ${RUNS} runs`, wanted: `<= ${TARGET.reportS} s, <= ${TARGET.reportMiB} MiB`, measured: `${report.wall_s.toFixed(1)} s, ${report.peak_mib.toFixed(0)} MiB`, verdict: verdict(report.exit === 0 && report.wall_s <= TARGET.reportS && report.peak_mib <= TARGET.reportMiB) },
      ...[copyCompare, smallCompare].map((c) => ({ target: c.what, wanted: `<= ${TARGET.compareS} s`, measured: `${c.wall_s.toFixed(1)} s, ${c.peak_mib.toFixed(0)} MiB`, verdict: verdict(c.exit <= 3 && c.wall_s <= TARGET.compareS) })),
      { target: merge.what, wanted: `<= ${TARGET.mergeS} s`, measured: `${merge.wall_s.toFixed(1)} s, ${merge.peak_mib.toFixed(0)} MiB (file-system floor ${floorS.toFixed(1)} s)`, verdict: verdict(merge.exit === 0 && merge.wall_s <= TARGET.mergeS) },
    ];
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_mib: Math.round(os.totalmem() / 2 ** 20), kernel: os.release(), node: process.version },
      runs: RUNS,
      cells,
      file_system_floor_s: floorS,
      commands: measured,
      rank_test_ms: rank,
      targets,
    };
    writeFileSync(path.join(PROJECT_ROOT, 'bench', 'fleet.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`A results directory of ${RUNS} runs (${cells} cells of real runs, copied under new run ids):`);
    console.log(textTable({ header: ['command', 'wall s', 'peak MiB', 'exit'], rows: measured.map((m) => [m.what, m.wall_s.toFixed(1), m.peak_mib.toFixed(0), String(m.exit)]) }));
    console.log(`(this file system makes ${RUNS} directories with a 2 KiB file each in ${floorS.toFixed(1)} s: merge's floor)`);
    console.log('\nThe rank test (tinybench, mean ms):');
    console.log(textTable({ header: ['sizes', 'ms'], rows: rank.map((r) => [r.name.replace('compareSamples ', ''), r.mean_ms.toFixed(3)]) }));
    console.log('\nTargets:');
    console.log(textTable({ header: ['target', 'wanted', 'measured', 'verdict'], rows: targets.map((t) => [t.target, t.wanted, t.measured, t.verdict]) }));
    console.log('\nbench/fleet.json written');
  } finally {
    if (keepArg < 0) rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
