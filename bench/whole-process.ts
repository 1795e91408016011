import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { median } from '../src/stats/math.js';
import { compareSamples } from '../src/stats/rank-test.js';

export interface WholeProcess {
  name: string;
  rounds: number;
  /** The bare script, start to exit (seconds, every run). */
  bare_s: number[];
  /** Each cell of reclaim's runs: the runner's start to its exit, as the harness saw it. */
  cell_s: number[];
  /** Each `reclaim run`: its wall time less its cells': start-up, checks, writing results, the summary. */
  fixed_s: number[];
  /** What a run of 3 cells spends between cells beyond a run of 1 (writing each cell's files), per cell. */
  between_s: number;
  /** (a cell + between) / the bare script: Hodges-Lehmann on log times, with its 95% interval. */
  ratio: number;
  ratio_lo: number | undefined;
  ratio_hi: number | undefined;
}

async function timed(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await execa(file, args, { reject: false, all: true });
  const s = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.exitCode}): ${r.all?.slice(-2000)}`);
  return s;
}

function cellSeconds(dir: string): number[] {
  return readdirSync(path.join(dir, 'cells')).map((c) => (JSON.parse(readFileSync(path.join(dir, 'cells', c, 'cell.json'), 'utf8')) as { wall_s: number }).wall_s);
}

/**
 * `reclaim run` of one cell against the bare script on the same plan, alternated round by round
 * (bare, reclaim with 1 repeat, bare, reclaim with 3 repeats) so that a slow minute of the machine
 * hits both. Each invocation splits exactly into its cells and the rest (fixed start-up).
 */
export async function wholeProcess(o: { name: string; cli: string; scratch: string; rounds: number; scenario: string[]; bare: (plan: string) => [string, string[]]; log: (line: string) => void }): Promise<WholeProcess> {
  const warm = path.join(o.scratch, `${o.name}-warm`);
  await timed(process.execPath, [o.cli, 'run', ...o.scenario, '--out', warm]); // fills the probe and preparation caches
  const plan = path.join(warm, 'cells', readdirSync(path.join(warm, 'cells'))[0]!, 'plan.json');
  const [bareFile, bareArgs] = o.bare(plan);
  const bare: number[] = [];
  const cells: number[] = [];
  const fixed: number[] = [];
  const extra: number[] = [];
  const reclaim = async (out: string, repeat: number) => {
    const wall = await timed(process.execPath, [o.cli, 'run', ...o.scenario, '--repeat', String(repeat), '--out', out]);
    const mine = cellSeconds(out);
    cells.push(...mine);
    return wall - mine.reduce((a, b) => a + b, 0);
  };
  for (let i = 0; i < o.rounds; i++) {
    bare.push(await timed(bareFile, bareArgs));
    fixed.push(await reclaim(path.join(o.scratch, `${o.name}-1-${i}`), 1));
    bare.push(await timed(bareFile, bareArgs));
    extra.push(await reclaim(path.join(o.scratch, `${o.name}-3-${i}`), 3));
    o.log(`  ${o.name} round ${i + 1}/${o.rounds}: bare ${bare.slice(-2).map((s) => s.toFixed(2)).join(', ')} s; reclaim cells ${cells.slice(-4).map((s) => s.toFixed(2)).join(', ')} s`);
  }
  const between = Math.max(0, (median(extra)! - median(fixed)!) / 2);
  const log = (xs: number[]) => xs.map(Math.log);
  const c = compareSamples(log(cells.map((s) => s + between)), log(bare))!;
  return {
    name: o.name,
    rounds: o.rounds,
    bare_s: bare,
    cell_s: cells,
    fixed_s: fixed,
    between_s: between,
    ratio: Math.exp(c.shift),
    ratio_lo: c.shiftLo === undefined ? undefined : Math.exp(c.shiftLo),
    ratio_hi: c.shiftHi === undefined ? undefined : Math.exp(c.shiftHi),
  };
}
