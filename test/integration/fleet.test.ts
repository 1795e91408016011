import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { Job } from 'kubernetes-models/batch/v1';
import type { Job as K8sJob } from 'kubernetes-types/batch/v1.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, readCsv, readJson, reclaim, ROOT, tmp } from './helpers.js';

// The C runner on tiny models: six runs (two strategies x three repeats) take about a second.
const FLEET = path.join(FIXTURES, 'fleet.yaml');

/** Runs the three shards of fleet.yaml into dir/s1..s3. */
async function shards(dir: string, env: Record<string, string> = {}) {
  for (const k of [1, 2, 3]) {
    const r = await reclaim(['run', FLEET, '--shard', `${k}/3`, '--out', path.join(dir, `s${k}`)], env);
    expect(r.exitCode, r.all).toBe(0);
  }
}

describe('reclaim run --shard and reclaim merge', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tmp('fleet');
    await shards(dir);
  }, 120_000);

  it('three shards cover every run once and merge into one run with its statistics and report', async () => {
    const manifests = [1, 2, 3].map((k) => readJson<{ shard: { index: number; count: number; runs: string[]; total: number }; matrix: unknown[] }>(path.join(dir, `s${k}`, 'manifest.json')));
    expect(manifests.map((m) => m.shard.runs.length)).toEqual([2, 2, 2]);
    expect(new Set(manifests.flatMap((m) => m.shard.runs)).size).toBe(6);
    for (const m of manifests) expect(m.matrix).toEqual(manifests[0]!.matrix); // each shard's manifest keeps the whole matrix

    const out = path.join(dir, 'merged');
    const r = await reclaim(['merge', ...[1, 2, 3].map((k) => path.join(dir, `s${k}`)), '--out', out, '--report']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('merged 6 run(s) from 3 directories');
    const rows = readCsv(path.join(out, 'summary.csv'));
    expect(rows.map((row) => row.cell).sort()).toEqual(['fleet.del-gc.r1', 'fleet.del-gc.r2', 'fleet.del-gc.r3', 'fleet.malloc-trim.r1', 'fleet.malloc-trim.r2', 'fleet.malloc-trim.r3']);
    expect(rows.every((row) => row.status === 'ok')).toBe(true);
    // Measured memory came through: the C runner's heap keeps what del-gc frees, malloc_trim returns it.
    // (The 1 MiB block's first free raises the mmap threshold to 1 MiB and the trim threshold to 2 MiB: in
    // the second cycle both models, 1.7 MiB, come from the heap, and freed they make a top under 2 MiB.)
    const retained = (v: string) => rows.filter((row) => row.variant === v).map((row) => Number(row.retained_mib));
    expect(Math.min(...retained('del-gc'))).toBeGreaterThan(0.5);
    expect(Math.max(...retained('malloc-trim'))).toBeLessThan(0.5);
    const variants = readCsv(path.join(out, 'variants.csv'));
    expect(variants.map((v) => [v.variant, v.n])).toEqual([['del-gc', '3'], ['malloc-trim', '3']]);
    const manifest = readJson<{ status: string; merged: { sources: { shard: string; runs: number }[]; missing: string[] } }>(path.join(out, 'manifest.json'));
    expect(manifest.status).toBe('complete');
    expect(manifest.merged.sources.map((s) => [s.shard, s.runs])).toEqual([['1/3', 2], ['2/3', 2], ['3/3', 2]]);
    expect(existsSync(path.join(out, 'report', 'index.html'))).toBe(true);
    // Each run's marks and samples were copied with it.
    for (const id of readdirSync(path.join(out, 'cells'))) expect(readdirSync(path.join(out, 'cells', id))).toEqual(expect.arrayContaining(['cell.json', 'marks.csv', 'samples.csv']));
  }, 120_000);

  it('refuses a missing shard, a shard given twice, overlapping shards and a shard of another scenario, writing nothing', async () => {
    const s = (k: number) => path.join(dir, `s${k}`);
    const refused = async (args: string[], message: RegExp) => {
      const out = path.join(dir, `refused-${Math.random().toString(36).slice(2)}`);
      const r = await reclaim(['merge', ...args, '--out', out]);
      expect(r.exitCode, r.all).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(out)).toBe(false);
    };
    await refused([s(1), s(2)], /2 of 6 runs missing \(shard 3\/3 not given\).*--partial/);
    await refused([s(1), s(2), s(2)], /shard 2\/3 given twice/);

    const other = path.join(dir, 'other');
    expect((await reclaim(['run', path.join(FIXTURES, 'golden.yaml'), '--set', 'runtime=native', '--only', 'del-gc', '--repeat', '1', '--shard', '1/3', '--out', other])).exitCode).toBe(0);
    await refused([s(1), other], /ran golden \(sha256 [0-9a-f]{12}\) but .* ran fleet/);

    // A run copied into another shard's directory: the same run twice.
    const overlap = path.join(dir, 'overlap');
    cpSync(s(3), overlap, { recursive: true });
    const moved = readJson<{ shard: { runs: string[] } }>(path.join(s(2), 'manifest.json')).shard.runs[0]!;
    cpSync(path.join(s(2), 'cells', moved), path.join(overlap, 'cells', moved), { recursive: true });
    const extra = await reclaim(['merge', s(1), s(2), overlap, '--out', path.join(dir, 'overlap-merged')]);
    expect(extra.exitCode, extra.all).toBe(0); // the stray copy is left out, with a warning: each run once
    expect(extra.stderr).toContain(`run ${moved} is not one its manifest gives shard 3/3; left out`);
    expect(readCsv(path.join(dir, 'overlap-merged', 'summary.csv')).map((row) => row.cell).filter((c) => c === moved)).toHaveLength(1);
    // A manifest edited to claim another shard's runs.
    const m = readJson<{ shard: { runs: string[] } }>(path.join(overlap, 'manifest.json'));
    m.shard.runs.unshift(moved);
    writeFileSync(path.join(overlap, 'manifest.json'), JSON.stringify(m));
    await refused([s(1), s(2), overlap], /says it is shard 3\/3 but lists other runs than that split gives/);

    // Shards of different splits of the same run overlap.
    const half = path.join(dir, 'half');
    expect((await reclaim(['run', FLEET, '--shard', '2/2', '--out', half])).exitCode).toBe(0);
    await refused([s(1), half], /is shard 2\/2 but .* is shard 1\/3: the shards of one run share their N/);

    // A manifest claiming an absurd split.
    const absurd = path.join(dir, 'absurd');
    cpSync(s(3), absurd, { recursive: true });
    const am = readJson<{ shard: { count: number } }>(path.join(absurd, 'manifest.json'));
    am.shard.count = 4294967295;
    writeFileSync(path.join(absurd, 'manifest.json'), JSON.stringify(am));
    await refused([s(1), s(2), absurd], /manifest\.json: shard: .*without it the runs cannot be matched/);

    // --partial merges what there is and lists the rest.
    const partial = path.join(dir, 'partial');
    const r = await reclaim(['merge', s(1), s(3), '--partial', '--out', partial]);
    expect(r.exitCode, r.all).toBe(0);
    const manifest = readJson<{ status: string; merged: { missing: string[] } }>(path.join(partial, 'manifest.json'));
    expect(manifest.status).toBe('interrupted');
    expect(manifest.merged.missing).toHaveLength(2);
    expect(readCsv(path.join(partial, 'summary.csv'))).toHaveLength(4);
  }, 120_000);

  it('runs in different environments get a machine axis, compared across machines', async () => {
    const a = path.join(dir, 'env-a');
    const b = path.join(dir, 'env-b');
    expect((await reclaim(['run', FLEET, '--out', a])).exitCode).toBe(0);
    expect((await reclaim(['run', FLEET, '--out', b], { MALLOC_ARENA_MAX: '2' })).exitCode).toBe(0);
    const out = path.join(dir, 'machines');
    const r = await reclaim(['merge', a, b, '--out', out, '--report']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('on 2 machines (axis machine: env MALLOC_ARENA_MAX (none) | env MALLOC_ARENA_MAX 2)');
    expect(r.stdout).toMatch(/Across machines: retained MiB against the same cell on env MALLOC_ARENA_MAX \(none\)/);
    const rows = readCsv(path.join(out, 'summary.csv'));
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((row) => row.machine))).toEqual(new Set(['env MALLOC_ARENA_MAX (none)', 'env MALLOC_ARENA_MAX 2']));
    const variants = readCsv(path.join(out, 'variants.csv'));
    expect(variants).toHaveLength(4);
    const second = variants.filter((v) => v.machine === 'env MALLOC_ARENA_MAX 2');
    for (const v of second) expect(v.machine_comparison).toBe('undecided'); // 3 against 3 runs: p cannot go below 0.10
    const manifest = readJson<{ merged: { machines: { label: string; environment: { allocator_env: Record<string, string> } }[] } }>(path.join(out, 'manifest.json'));
    expect(manifest.merged.machines.map((m) => m.environment.allocator_env.MALLOC_ARENA_MAX ?? null)).toEqual([null, '2']);
    expect(readFileSync(path.join(out, 'report', 'summary.md'), 'utf8')).toContain('Across machines');
    // The charts are faceted by machine: one panel each.
    const residual = readFileSync(path.join(out, 'report', 'fleet-residual.svg'), 'utf8');
    for (const m of ['env MALLOC_ARENA_MAX (none)', 'env MALLOC_ARENA_MAX 2']) expect(residual).toContain(`>machine=${m}<`);

    // A merge across machines is not merged again (its machines would be relabelled): its sources are.
    const again2 = path.join(dir, 'remerge');
    const re = await reclaim(['merge', out, a, '--out', again2]);
    expect(re.exitCode, re.all).toBe(1);
    expect(re.stderr).toMatch(/is already a merge of 2 machines; merge its sources/);
    // --same-machine: one environment whatever the fingerprints say, the differences printed.
    const one = path.join(dir, 'one-machine');
    const o = await reclaim(['merge', a, b, '--same-machine', '--out', one]);
    expect(o.exitCode, o.all).toBe(0);
    expect(o.stderr).toContain('differs from');
    expect(o.stderr).toContain('env MALLOC_ARENA_MAX');
    expect(readCsv(path.join(one, 'variants.csv')).map((v) => [v.variant, v.n])).toEqual([['del-gc', '6'], ['malloc-trim', '6']]);

    // Two runs in the same environment: further repeats of the same cells.
    const again = path.join(dir, 'again');
    expect((await reclaim(['run', FLEET, '--out', again])).exitCode).toBe(0);
    const same = path.join(dir, 'same');
    const s = await reclaim(['merge', a, again, '--out', same]);
    expect(s.exitCode, s.all).toBe(0);
    expect(readCsv(path.join(same, 'variants.csv')).map((v) => [v.variant, v.n])).toEqual([['del-gc', '6'], ['malloc-trim', '6']]);
  }, 180_000);
});

describe('reclaim k8s', () => {
  it('writes an Indexed Job and a merge Job that validate against the Kubernetes schema, and whose commands run', async () => {
    const dir = tmp('k8s');
    const r = await reclaim(['k8s', path.relative(ROOT, FLEET), '--shards', '3', '--image', 'registry.example/reclaim:cpu', '--claim', 'reclaim-results', '--out', path.join(dir, 'run')]);
    expect(r.exitCode, r.all).toBe(0);
    const shardsJob = parseYaml(readFileSync(path.join(dir, 'run', 'k8s', 'shards.yaml'), 'utf8')) as K8sJob;
    const mergeJob = parseYaml(readFileSync(path.join(dir, 'run', 'k8s', 'merge.yaml'), 'utf8')) as K8sJob;
    new Job(shardsJob as never).validate();
    new Job(mergeJob as never).validate();
    expect(shardsJob.spec).toMatchObject({ completionMode: 'Indexed', completions: 3 });
    const pod = shardsJob.spec!.template.spec!;
    expect(pod.hostPID).toBeUndefined();
    expect(pod.volumes![0]!.persistentVolumeClaim!.claimName).toBe('reclaim-results');
    expect(() => new Job({ ...shardsJob, spec: { ...shardsJob.spec!, completions: '3' } } as never).validate()).toThrow(/completions must be integer/);

    // The containers' commands, run here: each index with JOB_COMPLETION_INDEX, then the merge.
    const results = path.join(dir, 'volume');
    const local = (c: NonNullable<typeof pod.containers>[number], extra: Record<string, string>) => {
      const env = Object.fromEntries(c.env!.map((e) => [e.name, e.value!]));
      return execa(c.command![0]!, c.command!.slice(1), { cwd: ROOT, env: { ...env, RECLAIM_CLI: path.join(ROOT, 'dist', 'cli.js'), RECLAIM_RESULTS: results, ...extra }, reject: false, all: true });
    };
    for (const index of [0, 1, 2]) {
      const shard = await local(pod.containers[0]!, { JOB_COMPLETION_INDEX: String(index) });
      expect(shard.exitCode, shard.all).toBe(0);
      expect(readJson<{ shard: { index: number } }>(path.join(results, 'shards', String(index + 1), 'manifest.json')).shard.index).toBe(index + 1);
    }
    const merged = await local(mergeJob.spec!.template.spec!.containers[0]!, {});
    expect(merged.exitCode, merged.all).toBe(0);
    expect(readCsv(path.join(results, 'merged', 'summary.csv'))).toHaveLength(6);

    // A GPU scenario asks for a GPU and the host's pid namespace.
    const gpu = path.join(dir, 'gpu.yaml');
    writeFileSync(gpu, 'name: gpu\nruntime: python\ndevice: cuda\nrepeat: 2\nsteps:\n  - mark: a\n');
    const g = await reclaim(['k8s', gpu, '--shards', '2', '--image', 'registry.example/reclaim:cuda', '--claim', 'c', '--out', path.join(dir, 'gpu')]);
    expect(g.exitCode, g.all).toBe(0);
    const gpuJob = parseYaml(readFileSync(path.join(dir, 'gpu', 'k8s', 'shards.yaml'), 'utf8')) as K8sJob;
    expect(gpuJob.spec!.template.spec!.hostPID).toBe(true);
    expect(gpuJob.spec!.template.spec!.containers[0]!.resources!.limits).toEqual({ 'nvidia.com/gpu': '1' });
  }, 120_000);

  it('bad arguments get one line each', async () => {
    for (const [args, message] of [
      [['k8s', FLEET, '--shards', '3', '--claim', 'c'], /--image IMAGE is required/],
      [['k8s', FLEET, '--shards', '3', '--image', 'i'], /--claim PVC is required/],
      [['k8s', FLEET, '--shards', '7', '--image', 'i', '--claim', 'c'], /--shards 7: the run has 6 run\(s\)/],
      [['slurm', FLEET, '--shards', '0'], /--shards expects a whole number from 1/],
      [['slurm', FLEET], /--shards N is required/],
      [['slurm', FLEET, '--shards', '2', '--', 'partition=x'], /after --, options for the engine/],
      [['run', FLEET, '--shard', '4/3'], /--shard expects K\/N/],
      [['slurm', FLEET, '--shards', '2', '--set', 'x=a\nb'], /holds a control character/],
      [['merge', FLEET], /--out DIR is required/],
    ] as const) {
      const r = await reclaim([...args]);
      expect(r.exitCode, `${args.join(' ')}: ${r.all}`).toBe(1);
      expect(r.stderr.trim().split('\n')[0]).toMatch(message);
    }
  }, 60_000);
});
