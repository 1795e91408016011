import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runs, writeRun } from '../fixtures/records.js';
import { reclaim, tmp } from './helpers.js';

const env = (glibc: string, torch: string) => ({ glibc, os: { kernel: '6.1.0' }, runtimes: { 'python/cpu': { available: true, detail: 'x', versions: { torch } } } });

/** Two runs of the same scenario that differ by a real factor in one cell and not in another. */
describe('reclaim compare', () => {
  let base: string;
  let worse: string;
  beforeAll(() => {
    const root = tmp('compare');
    base = writeRun(path.join(root, 'base'), [...runs('s', 'del-gc', [340, 350, 345, 352, 348]), ...runs('s', 'malloc-trim', [10.9, 11.0, 10.8, 10.9, 11.1])], env('2.36', '2.5.1'));
    worse = writeRun(path.join(root, 'new'), [...runs('s', 'del-gc', [341, 349, 347, 351, 346]), ...runs('s', 'malloc-trim', [60.2, 61.0, 59.8, 60.5, 60.9])], env('2.39', '1.13.1'));
  });

  it('matches cells, says which change is significant, lists what differs between the environments, exits 3 on a regression', async () => {
    const r = await reclaim(['compare', base, worse, '--figure', 'retained_mib']);
    expect(r.exitCode, r.all).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('del-gc'))).toMatch(/no clear difference$/);
    expect(lines.find((l) => l.startsWith('malloc-trim'))).toMatch(/\+49\.\d+ \[.*\] +0\.008 +REGRESSION \(worse\)$/);
    expect(r.stdout).toContain('glibc: 2.36 -> 2.39');
    expect(r.stdout).toContain('python/cpu torch: 2.5.1 -> 1.13.1');
    expect(r.stdout).toContain('1 regression(s) beyond 5%: malloc-trim retained_mib');
  });

  it('the other way round it is an improvement, not a regression (exit 0); a threshold above the change lets it pass', async () => {
    expect((await reclaim(['compare', worse, base, '--figure', 'retained_mib'])).exitCode).toBe(0);
    expect((await reclaim(['compare', base, worse, '--figure', 'retained_mib', '--threshold', '100'])).exitCode).toBe(0);
  });

  it('--markdown prints a table for a pull request', async () => {
    const r = await reclaim(['compare', base, worse, '--markdown', '--figure', 'retained_mib']);
    expect(r.stdout).toMatch(/^### reclaim compare: `base` -> `new`/);
    expect(r.stdout).toContain('| variant | figure | base | new |');
    expect(r.stdout).toContain('- glibc: 2.36 -&gt; 2.39');
  });

  it('bad input gets a one-line error and exit 1', async () => {
    const root = tmp('compare-bad');
    const other = writeRun(path.join(root, 'other'), runs('t', 'del-gc', [1, 2, 3]));
    const notDir = await reclaim(['compare', base, root]);
    expect(notDir.exitCode).toBe(1);
    expect(notDir.stderr.trim()).toBe(`${root} is not a results directory (no manifest.json); reclaim run writes one`);
    const different = await reclaim(['compare', base, other]);
    expect(different.exitCode).toBe(1);
    expect(different.stderr.trim()).toMatch(/ran different scenarios \(s against t\); nothing to compare$/);
    const none = writeRun(path.join(root, 'none'), runs('s', 'jemalloc', [1, 2, 3]));
    const noCommon = await reclaim(['compare', base, none]);
    expect(noCommon.exitCode).toBe(1);
    expect(noCommon.stderr.trim()).toMatch(/share no cell with runs that ended ok/);
    expect((await reclaim(['compare', base])).exitCode).toBe(1);
    expect((await reclaim(['compare', base, worse, '--threshold', 'lots'])).stderr.trim()).toBe('--threshold expects a number (MiB) or a percentage such as 5%, got "lots"');
  });
});
