import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, liveMallocGrowth, num, readCsv, readJson, reclaim, ROOT, summaryByVariant, tmp } from './helpers.js';

/**
 * The real Python runner (torch from the project virtualenv, or RECLAIM_PYTHON) on tiny models,
 * measured by the real samplers. Figures asserted here are glibc's and the kernel's, not ours.
 */
describe('Python runner: measured memory', () => {
  it('a 64 MiB model shows as 64 MiB of anon memory, and malloc_trim gives it back', async () => {
    const out = tmp('accuracy');
    const r = await reclaim(['run', path.join(FIXTURES, 'accuracy.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const cell = path.join(out, 'cells', 'accuracy.malloc-trim.r1');
    const [before, loaded, released] = readCsv(path.join(cell, 'marks.csv'));
    const grew = num(loaded!.anon) - num(before!.anon);
    // 16 x 4 MiB of tensor storage, plus module objects and allocator headers (well under 1 MiB).
    expect(grew).toBeGreaterThanOrEqual(64);
    expect(grew).toBeLessThan(64 * 1.01 + 1);
    // `private` (statm resident - shared) moves with anon.
    expect(Math.abs(num(loaded!.private) - num(before!.private) - grew)).toBeLessThan(1);
    expect(num(released!.anon) - num(before!.anon)).toBeLessThan(2);
    const samples = readCsv(path.join(cell, 'samples.csv'));
    expect(samples.length).toBeGreaterThan(10);
    const record = readJson<{ status: string; runner: Record<string, string> }>(path.join(cell, 'cell.json'));
    expect(record.runner.torch).toMatch(/^\d+\.\d+/);
  });

  describe('the dynamic mmap threshold, in miniature', () => {
    let out: string;
    let rows: Record<string, Record<string, string>>;
    beforeAll(async () => {
      out = tmp('pinning');
      const r = await reclaim(['run', path.join(FIXTURES, 'pinning.yaml'), '--out', out]);
      expect(r.exitCode, r.all).toBe(0);
      rows = summaryByVariant(out);
    });

    it('plain del + gc.collect() keeps freed heap memory resident, and so does setting the variable in-process', () => {
      for (const v of ['del-gc', 'trim-threshold-setenv']) {
        expect(rows[v]!.status).toBe('ok');
        // The whole 64 MiB hole stays resident below the 1 MiB pin.
        expect(num(rows[v]!.retained_mib), v).toBeGreaterThan(60);
      }
      const marks = readCsv(path.join(out, 'cells', 'pinning.del-gc.r1', 'marks.csv'));
      expect(marks.map((m) => m.label)).toEqual(['initial', 'loaded', 'after del a']);
      expect(num(marks[2]!.private)).toBeCloseTo(num(marks[1]!.private), 0);
    });

    it('malloc_trim(0) and the start-up thresholds give it back', () => {
      for (const v of ['malloc-trim', 'trim-threshold-startup', 'trim-threshold-tunable', 'mmap-threshold-startup', 'jemalloc-no-decay']) {
        expect(rows[v]!.status, v).toBe('ok');
        expect(Math.abs(num(rows[v]!.retained_mib)), v).toBeLessThan(5);
      }
    });

    it('preloaded allocators really load; a missing one is skipped with the reason', () => {
      expect(rows.tcmalloc!.status).toBe('ok');
      expect(rows['needs-missing-library']!.status).toBe('skipped');
      expect(rows['needs-missing-library']!.reason).toBe('strategy needs-missing-library preloads libreclaim-does-not-exist.so.9 is not installed');
      const cell = readJson<{ environment: { strategy: Record<string, string> } }>(path.join(out, 'cells', 'pinning.tcmalloc.r1', 'cell.json'));
      expect(cell.environment.strategy.LD_PRELOAD).toMatch(/libtcmalloc_minimal\.so\.4$/);
    });

    it('summary.csv has the docs/design.md columns and one row per cell', () => {
      const all = readCsv(path.join(out, 'summary.csv'));
      expect(all).toHaveLength(9);
      expect(Object.keys(all[0]!).slice(0, 14)).toEqual([
        'scenario', 'runtime', 'device', 'variant', 'repeat', 'status', 'metric',
        'baseline_mib', 'peak_mib', 'residual_mib', 'retained_mib', 'release_ratio', 'drift_mib_per_cycle', 'wall_s',
      ]);
      expect(all[0]).toMatchObject({ scenario: 'pinning', runtime: 'python', device: 'cpu', repeat: '1', metric: 'private' });
      const manifest = readJson<{ status: string; matrix: unknown[]; environment: { glibc: string; git: { commit: string } } }>(path.join(out, 'manifest.json'));
      expect(manifest.status).toBe('complete');
      expect(manifest.matrix).toHaveLength(9);
      expect(manifest.environment.glibc).toMatch(/^2\.\d+/);
    });
  });

  it('sources: pretrained goes through from_pretrained of a cached checkpoint; a bad hf: path fails only its cell', async () => {
    const out = tmp('sources');
    const r = await reclaim(['run', path.join(FIXTURES, 'sources.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(1); // one cell failed, and the exit code says so
    const rows = readCsv(path.join(out, 'summary.csv'));
    expect(rows.map((x) => [x.source, x.status])).toEqual([
      ['synthetic', 'ok'],
      ['pretrained', 'ok'],
      ['hf:/nonexistent/reclaim-model', 'failed'],
    ]);
    expect(rows[2]!.reason).toMatch(/^the runner exited with code 1 after 1 of 3 marks: .*\/nonexistent\/reclaim-model/);
    const pretrained = readJson<{ sources: Record<string, string>; runner: Record<string, string> }>(path.join(out, 'cells', 'sources.del-gc.source-pretrained.r1', 'cell.json'));
    expect(pretrained.runner.transformers).toBeDefined();
    // from_pretrained maps the safetensors file: the weights appear as file-backed pages too.
    const marks = readCsv(path.join(out, 'cells', 'sources.del-gc.source-pretrained.r1', 'marks.csv'));
    expect(num(marks[1]!.rss)).toBeGreaterThan(num(marks[0]!.rss));
    expect(r.all).toContain('Not ok:');
    // The traceback names the runner's files relative to the checkout: results get published.
    const failed = path.join(out, 'cells', rows[2]!.cell!);
    const stderr = readFileSync(path.join(failed, 'stderr.log'), 'utf8');
    expect(stderr).toContain('File "runners/python/reclaim_runner/');
    expect(stderr).not.toContain(ROOT);
    expect(readJson<{ stderrTail: string }>(path.join(failed, 'cell.json')).stderrTail).not.toContain(ROOT);
  });

  it('infer runs a forward pass on every source; process-per-model keeps the model in a child that exits', async () => {
    const out = tmp('infer');
    const r = await reclaim(['run', path.join(FIXTURES, 'python-infer.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    for (const row of readCsv(path.join(out, 'summary.csv'))) {
      const cell = readJson<{ timings: Record<string, { count: number }> }>(path.join(out, 'cells', row.cell!, 'cell.json'));
      expect(cell.timings.infer!.count).toBe(2);
      if (row.variant === 'process-per-model') {
        const marks = readCsv(path.join(out, 'cells', row.cell!, 'marks.csv'));
        expect(num(marks[1]!.anon) - num(marks[0]!.anon)).toBeGreaterThan(64); // the child holds the 64 MiB
        // the child is gone with the model: what stays (multiprocessing's resource tracker, whose size is
        // the Python build's) is under a quarter of the 64 MiB it held
        expect(num(row.retained_mib)).toBeLessThan(64 / 4);
      }
    }
  });

  it('a cell past --timeout is killed and recorded; the next one runs; --resume keeps what was ok', async () => {
    const out = tmp('slow');
    const r = await reclaim(['run', path.join(FIXTURES, 'slow.yaml'), '--out', out, '--timeout', '12']);
    expect(r.exitCode).toBe(1);
    const rows = readCsv(path.join(out, 'summary.csv'));
    expect(rows.map((x) => [x.pause, x.status])).toEqual([
      ['0', 'ok'],
      ['60', 'timeout'],
    ]);
    expect(rows[1]!.reason).toBe('still running after 12 s (--timeout); killed after 1 of 2 marks');

    const again = await reclaim(['run', path.join(FIXTURES, 'slow.yaml'), '--out', out, '--timeout', '12', '--resume']);
    expect(again.all).toContain('[1/2] slow del-gc (pause=0) r1 ok (kept from the earlier run)');
    expect(again.all).toContain('[2/2] slow del-gc (pause=60) r1 timeout');
  });

  it("accelerate's release_memory runs in the virtualenv that has accelerate, and on the CPU returns no more than del + gc", async () => {
    const out = tmp('accelerate');
    const r = await reclaim(['run', path.join(FIXTURES, 'accelerate.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    const retained = (v: string) => num(rows[v]!.retained_mib);
    const runner = readJson<{ runner: Record<string, string> }>(path.join(out, 'cells', rows['accelerate-release-memory']!.cell!, 'cell.json')).runner;
    expect(runner.accelerate).toBe('1.2.1');
    // gc.collect() is all it does on the CPU: the 64 MiB model is freed (what malloc still hands out live
    // grew by under a quarter of it), and glibc keeps of it what it keeps with del + gc (a quarter, and
    // 5 MiB for two processes' noise; how much that is depends on the machine's threads and arenas)...
    for (const v of ['accelerate-release-memory', 'del-gc']) expect(liveMallocGrowth(path.join(out, 'cells', rows[v]!.cell!)), v).toBeLessThan(64 / 4);
    expect(Math.abs(retained('accelerate-release-memory') - retained('del-gc'))).toBeLessThan(0.25 * retained('del-gc') + 5);
    // ...and malloc_trim(0) keeps no more than either (2 MiB of noise).
    expect(retained('malloc-trim')).toBeLessThanOrEqual(Math.min(retained('accelerate-release-memory'), retained('del-gc')) + 2);
  });
});
