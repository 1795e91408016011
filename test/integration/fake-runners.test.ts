import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CellPlan } from '../../src/protocol/plan.js';
import { runCell } from '../../src/orchestrator/run-cell.js';

const FAKE = fileURLToPath(new URL('../fixtures/runners/fake-runner.mjs', import.meta.url));

const plan: CellPlan = {
  protocol: 1,
  cell: 'fake',
  runtime: 'fake',
  device: 'cpu',
  seed: 0,
  cacheDir: '/nonexistent',
  setenvInProcess: {},
  options: {},
  isolation: 'in-process',
  models: {},
  steps: [0, 1, 2].map((index) => ({ op: 'mark' as const, index, label: `m${index}`, cycle: null, settled: index === 2 })),
};

function run(mode: string, timeoutMs = 20_000, steps = plan.steps) {
  return runCell({
    command: { file: process.execPath, args: [FAKE, mode], env: { PATH: process.env.PATH ?? '' } },
    plan: { ...plan, steps },
    timeoutMs,
    sampleIntervalMs: 10,
  });
}

describe('a runner that misbehaves fails its cell, with the reason', () => {
  it('a well-behaved one is ok, measured at every mark', async () => {
    const r = await run('allocate');
    expect(r.status).toBe('ok');
    expect(r.marks.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(r.hello?.versions).toEqual({ fake: '1' });
    // 32 MiB of Buffer filled with ones appears in anon between mark 0 and mark 1.
    const grew = r.marks[1]!.reading.anon! - r.marks[0]!.reading.anon!;
    expect(grew).toBeGreaterThan(31);
    expect(grew).toBeLessThan(40);
    expect(r.samples.length).toBeGreaterThan(0);
  });

  it('a runner whose hello lacks a step or action the plan needs fails before the first mark', async () => {
    const r = await run('lacks-release', 20_000, [...plan.steps, { op: 'release', actions: ['gc'] }]);
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('the runner does not implement step release and action gc (its hello lists what it does)');
    expect(r.marks).toHaveLength(0);
  });

  it('crash: exit code, the error it reported, how far it got', async () => {
    const r = await run('crash');
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBe(3);
    expect(r.reason).toBe('the runner exited with code 3 after 1 of 3 marks: ValueError: the fake runner crashed');
    expect(r.marks).toHaveLength(1);
    expect(r.stderr).toContain('Traceback: fake crash');
  });

  it('segfault: the signal', async () => {
    const r = await run('segfault');
    expect(r.status).toBe('failed');
    expect(r.signal).toBe('SIGSEGV');
    expect(r.reason).toMatch(/^the runner was killed by SIGSEGV after 1 of 3 marks/);
  });

  it('hang: killed at the timeout', async () => {
    const r = await run('hang', 1500);
    expect(r.status).toBe('timeout');
    expect(r.reason).toBe('still running after 1.5 s (--timeout); killed after 1 of 3 marks');
  });

  it('garbage on fd 3: stopped, with what it wrote', async () => {
    const r = await run('garbage');
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('the runner wrote a malformed event on fd 3: not JSON: "this is not json"');
  });

  it('a mark out of order', async () => {
    const r = await run('wrong-index');
    expect(r.reason).toBe('the runner sent mark 99, expected mark 1');
  });

  it('exit 0 without done', async () => {
    const r = await run('no-done');
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('the runner exited without saying it was done (1 of 3 marks)');
  });

  it('a runner that cannot start', async () => {
    const r = await runCell({ command: { file: path.join('/nonexistent', 'python'), args: [], env: {} }, plan, timeoutMs: 5000, sampleIntervalMs: 10 });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/^the runner could not be started: .*ENOENT/);
  });
});
