import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, readCsv, readJson, reclaim, ROOT, tmp } from './helpers.js';

// A real one-node Slurm cluster (scripts/slurm-cluster.sh: Debian's slurmctld, slurmd and munge, which
// `make test` installs as root): reclaim slurm --submit sends fleet.yaml as a 3-task array job and a
// merge job after it; the test waits for both and reads the merged run. It starts and stops the daemons.
const CLUSTER = path.join(ROOT, 'scripts', 'slurm-cluster.sh');

async function why(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the Slurm daemons need root';
  for (const tool of ['slurmctld', 'slurmd', 'munged', 'sbatch']) {
    if ((await execa('sh', ['-c', `command -v ${tool}`], { reject: false, env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin` } })).exitCode !== 0) return `${tool} is not installed (make test installs slurmctld slurmd slurm-client munge as root)`;
  }
  return undefined;
}

const missing = await why();

describe.skipIf(missing !== undefined)(`reclaim slurm on a one-node cluster${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const state = tmp('slurm');
  let env: Record<string, string> = {};
  beforeAll(async () => {
    const r = await execa(CLUSTER, ['start', state], { reject: false, all: true });
    if (r.exitCode !== 0) throw new Error(`the cluster did not start: ${r.all}`);
    env = { SLURM_CONF: String(r.stdout).trim().replace(/^SLURM_CONF=/, '') };
  }, 60_000);
  afterAll(async () => {
    await execa(CLUSTER, ['stop', state], { reject: false });
    // Nothing the test started is left running.
    for (const file of ['slurmctld.pid', 'slurmd.pid', 'munged.started']) expect(existsSync(path.join(state, file))).toBe(false);
  }, 60_000);

  it('submits a 3-task array job and a merge job after it; the merged summary has every run exactly once', async () => {
    const out = path.join(tmp('slurm-run'), 'run');
    const r = await reclaim(['slurm', path.join(FIXTURES, 'fleet.yaml'), '--shards', '3', '--out', out, '--submit'], env);
    expect(r.exitCode, r.all).toBe(0);
    const [, array, merge] = /array job (\d+) \(3 tasks\), merge job (\d+) after it/.exec(r.stdout) ?? [];
    expect(array, r.stdout).toBeDefined();
    const script = readFileSync(path.join(out, 'slurm', 'shards.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --array=0-2');
    expect(readFileSync(path.join(out, 'slurm', 'merge.sbatch'), 'utf8')).toContain('merge');

    // Wait until both jobs have left the queue (bounded).
    const deadline = Date.now() + 150_000;
    for (;;) {
      const q = await execa('squeue', ['-h', '-j', `${array},${merge}`], { env, reject: false });
      if (!String(q.stdout).trim()) break;
      if (Date.now() > deadline) throw new Error(`jobs still queued after 150 s:\n${q.stdout}`);
      await new Promise((res) => setTimeout(res, 1000));
    }
    const merged = path.join(out, 'merged');
    expect(existsSync(path.join(merged, 'summary.csv')), `merge job output: ${readIfThere(path.join(out, 'slurm', 'merge.out'))}`).toBe(true);
    const rows = readCsv(path.join(merged, 'summary.csv'));
    const cells = rows.map((row) => row.cell).sort();
    expect(cells).toEqual(['fleet.del-gc.r1', 'fleet.del-gc.r2', 'fleet.del-gc.r3', 'fleet.malloc-trim.r1', 'fleet.malloc-trim.r2', 'fleet.malloc-trim.r3']);
    expect(new Set(cells).size).toBe(cells.length);
    expect(rows.every((row) => row.status === 'ok')).toBe(true);
    const manifest = readJson<{ merged: { sources: { shard: string }[] } }>(path.join(merged, 'manifest.json'));
    expect(manifest.merged.sources.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(existsSync(path.join(merged, 'report', 'index.html'))).toBe(true);
  }, 200_000);
});

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '(none)';
}
