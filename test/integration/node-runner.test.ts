import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, readJson, reclaim, ROOT, tmp } from './helpers.js';

describe('node runtime: onnxruntime-node sessions', () => {
  it("a session's initializers are resident after create: 64 MiB of anon for 64 MiB of weights", async () => {
    const out = tmp('node');
    const r = await reclaim(['run', path.join(FIXTURES, 'node-initializers.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const cell = path.join(out, 'cells', 'node-initializers.mmap-threshold-startup.r1');
    const [before, tiny, loaded, run, released] = readCsv(path.join(cell, 'marks.csv'));
    const grew = num(loaded!.anon) - num(tiny!.anon);
    // The weights are copied out of the file once: at least their 64 MiB, plus a session's own
    // bookkeeping (one intra-op thread: nothing that grows with the machine); 2% for allocator rounding.
    expect(grew).toBeGreaterThanOrEqual(64);
    expect(grew).toBeLessThan(64 * 1.02);
    expect(num(run!.anon) - num(loaded!.anon)).toBeLessThan(2); // one inference on a [1, 1024] input
    // Both sessions released, the 64 MiB unmapped (the mmap threshold): no more than when the tiny one
    // was loaded (the first session's one-off set-up, thread pools included, is in that mark already).
    expect(num(released!.anon) - num(tiny!.anon)).toBeLessThan(2);
    expect(num(tiny!.anon)).toBeGreaterThanOrEqual(num(before!.anon));
    expect(num(loaded!.node_heap)).toBeGreaterThan(0);
    const record = readJson<{ runner: Record<string, string>; timings: Record<string, { count: number }> }>(path.join(cell, 'cell.json'));
    expect(record.runner.onnxruntime).toMatch(/^\d+\.\d+/);
    expect(Object.keys(record.timings).sort()).toEqual(['infer', 'load', 'unload']);
  });

  it('onnx-churn.yaml: released sessions leave memory behind; malloc_trim and a child process per session do not', async () => {
    const out = tmp('churn');
    const r = await reclaim([
      'run', path.join(ROOT, 'scenarios', 'onnx-churn.yaml'), '--iterations', '3',
      '--only', 'release-gc,release-gc-trim,release-in-child', '--set', 'arena=false', '--set', 'mem_pattern=false', '--out', out,
    ]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((x) => [x.variant!, x]));
    // How much glibc keeps of released sessions depends on the machine (its threads, hence arenas); what
    // follows from the run: a trim keeps no more than no trim (2 MiB: two processes' noise), keeps under a
    // quarter of the 418 MiB model, and does not grow from cycle to cycle.
    const retained = (v: string) => num(rows[v]!.retained_mib);
    expect(retained('release-gc-trim')).toBeLessThanOrEqual(retained('release-gc') + 2);
    expect(retained('release-gc-trim')).toBeLessThan(418 / 4);
    expect(Math.abs(num(rows['release-gc-trim']!.drift_mib_per_cycle))).toBeLessThan(1);
    expect(Math.abs(num(rows['release-in-child']!.retained_mib))).toBeLessThan(5);
    // The child process held the session: the runner's own heap never saw the model.
    const marks = readCsv(path.join(out, 'cells', 'onnx-churn.release-in-child.r1', 'marks.csv'));
    expect(num(marks[1]!.anon) - num(marks[0]!.anon)).toBeGreaterThan(400);
  });
});
