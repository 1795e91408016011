import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reclaim, tmp } from './helpers.js';

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('reclaim CLI', () => {
  it('validate: every problem with file:line:col, exit 1, no stack trace', async () => {
    const dir = tmp('validate');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'matrix:\n  strategy: [del-gc, malloc-trm]\nsteps:\n  - mark: a\n  - lod: { model: gpt2 }\n');
    const r = await reclaim(['validate', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')).toEqual([`${bad}:5:5: steps[1].lod: unknown step "lod" (did you mean "load"?); expected one of: load, to, unload, infer, train, release, mark, sleep, keep, spike, init, requests, repeat`]);
    noStack(r.all ?? '');
  });

  it('validate: semantic problems after the schema ones are fixed', async () => {
    const dir = tmp('validate');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'matrix:\n  strategy: [del-gc, malloc-trm]\nsteps:\n  - mark: a\n  - load: { model: gtp2 }\n');
    const r = await reclaim(['validate', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bad}:2:22: matrix.strategy[1]: unknown strategy "malloc-trm" (did you mean "malloc-trim"?)`);
    expect(r.stderr).toContain(`${bad}:5:20: steps[1].load.model: unknown model "gtp2" (did you mean "gpt2"?)`);
  });

  it('validate: the shipped scenarios are valid', async () => {
    const r = await reclaim(['validate', 'scenarios/article-cpu.yaml']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('ok: scenarios/article-cpu.yaml: scenario article-cpu, 12 cell(s), 452 marks per cell');
  });

  it('a missing file, an unknown command, an unknown flag, an unknown variant: one line each, exit 1', async () => {
    for (const args of [['validate', 'nope.yaml'], ['frobnicate'], ['run', '--frob', 'x.yaml'], ['run', 'scenarios/article-cpu.yaml', '--only', 'malloc-trimm']]) {
      const r = await reclaim(args);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      noStack(r.all ?? '');
    }
    expect((await reclaim(['run', 'scenarios/article-cpu.yaml', '--only', 'malloc-trimm'])).stderr).toMatch(/^--only: no variant malloc-trimm in these scenarios; variants: del-gc, /);
  });

  it('an existing results directory is not overwritten', async () => {
    const out = tmp('exists');
    writeFileSync(path.join(out, 'keep.txt'), 'x');
    const r = await reclaim(['run', 'scenarios/article-cpu.yaml', '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe(`${out} already holds results; pass --resume to finish that run, or choose another --out`);
  });

  it('list: runtimes, strategies, models and scenarios, with availability', async () => {
    const r = await reclaim(['list']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^python\s+cpu\s+available\s+.*torch/m);
    expect(r.stdout).toMatch(/^native\s+cpu\s+available\s+runners\/native\/build\/reclaim-heap/m);
    expect(r.stdout).toMatch(/^native\s+cuda\s+(available|unavailable)\s+/m);
    expect(r.stdout).toMatch(/^node\s+cpu\s+available\s+.*onnxruntime-node \d/m);
    expect(r.stdout).toMatch(/^node\s+cuda\s+unavailable\s+onnxruntime-node's CUDA provider is not installed/m);
    expect(r.stdout).toMatch(/^malloc-trim\s+article CPU 3\s+available/m);
    expect(r.stdout).toMatch(/^bert-base-uncased\s+109\.5 M/m);
    expect(r.stdout).toMatch(/^scenarios\/article-cpu\.yaml\s+12\s+452/m);
  });

  it('env: the fingerprint as JSON', async () => {
    const r = await reclaim(['env']);
    expect(r.exitCode, r.all).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env).toMatchObject({ node: process.version, os: { kernel: expect.any(String) }, runtimes: { 'python/cpu': { available: true }, 'native/cpu': { available: true } } });
    expect(env.glibc).toMatch(/^2\.\d+$/);
    expect(env.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(env.transparent_hugepages).toHaveProperty('enabled');
  });
});
