/**
 * make bench-attach: how long a process stands still for a trim from outside (reclaim-attach), against
 * malloc_trim's own time inside the same process on the same holes. For each size of holes, alternated
 * rounds: the process trims itself (timed inside), then the holes are made again and the helper trims
 * it from outside (the pause: from the thread's stop to its detach, as the helper measures it; and the
 * function's own time within it). The goal: the pause is the call's own time plus under 5 ms (judged on
 * the 95% interval of pause - call, both from the same stop); pause - the in-process time shows that the
 * function is no slower called from outside (another round's trim, so noisier). Prints a table and writes bench/attach.json. gdb, for comparison, took 300-560 ms on these
 * calls (docs/findings/servers.md), and fails on AMX CPUs.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { releaseFromOutside } from '../src/attach/release.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { estimateMedian } from '../src/stats/median-interval.js';
import { textTable } from '../src/tables/render.js';

const SIZES_MIB = (process.env.BENCH_ATTACH_SIZES ?? '0,64,256,1024').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ATTACH_ROUNDS ?? 21);
const GOAL_MS = 5;

interface Row {
  holes_mib: number;
  rounds: number;
  inside_ms: number;
  outside_call_ms: number;
  pause_ms: number;
  /** pause - malloc_trim's own time inside the process (another round's: noisier), median and 95% interval. */
  vs_inside_ms: number;
  vs_inside_lo: number | undefined;
  vs_inside_hi: number | undefined;
  /** pause - the call's own time in the same stop: what stopping, saving and restoring cost. */
  helper_ms: number;
  helper_lo: number | undefined;
  helper_hi: number | undefined;
}

async function measure(mib: number): Promise<Row> {
  const child = spawn('python3', [path.join(PROJECT_ROOT, 'bench', 'attach_holder.py'), String(mib)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const ask = async (cmd: string) => {
    child.stdin!.write(`${cmd}\n`);
    return next();
  };
  try {
    if ((await next()) !== 'ready') throw new Error('the holder did not start');
    const inside: number[] = [];
    const call: number[] = [];
    const pause: number[] = [];
    const overhead: number[] = [];
    const helper: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const own = Number(await ask('trim'));
      await ask('holes');
      const r = await releaseFromOutside(child.pid!);
      await ask('holes');
      inside.push(own);
      call.push(r.callMs);
      pause.push(r.pauseMs);
      overhead.push(r.pauseMs - own);
      helper.push(r.pauseMs - r.callMs);
    }
    const o = estimateMedian(overhead);
    const h = estimateMedian(helper);
    return {
      holes_mib: mib,
      rounds: ROUNDS,
      inside_ms: estimateMedian(inside).median!,
      outside_call_ms: estimateMedian(call).median!,
      pause_ms: estimateMedian(pause).median!,
      vs_inside_ms: o.median!,
      vs_inside_lo: o.lo,
      vs_inside_hi: o.hi,
      helper_ms: h.median!,
      helper_lo: h.lo,
      helper_hi: h.hi,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main() {
  const rows: Row[] = [];
  for (const mib of SIZES_MIB) {
    process.stderr.write(`bench-attach: ${mib} MiB of holes, ${ROUNDS} rounds\n`);
    rows.push(await measure(mib));
  }
  const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  process.stdout.write(
    `${textTable({
      header: ['holes MiB', 'rounds', 'malloc_trim inside ms', 'pause ms', 'the call in it ms', 'pause - call ms [95%]', 'pause - inside ms [95%]', `goal: + < ${GOAL_MS} ms`],
      rows: rows.map((r) => [
        String(r.holes_mib),
        String(r.rounds),
        f(r.inside_ms),
        f(r.pause_ms),
        f(r.outside_call_ms),
        `${f(r.helper_ms)} [${f(r.helper_lo)}, ${f(r.helper_hi)}]`,
        `${f(r.vs_inside_ms)} [${f(r.vs_inside_lo)}, ${f(r.vs_inside_hi)}]`,
        r.helper_hi !== undefined && r.helper_hi < GOAL_MS ? 'met' : r.helper_lo !== undefined && r.helper_lo >= GOAL_MS ? 'MISSED' : 'undecided',
      ]),
    })}\n`,
  );
  writeFileSync(path.join(PROJECT_ROOT, 'bench', 'attach.json'), `${JSON.stringify({ when: new Date().toISOString(), goal_overhead_ms: GOAL_MS, rows }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench-attach: ${(err as Error).message}\n`);
  process.exit(1);
});
