import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, reclaim, summaryByVariant, tmp } from './helpers.js';

/**
 * The cost columns on a real run of the C runner: with 64 KiB kept after each load, malloc_trim(0)
 * gives 128 MiB back at every unload, so every reload faults its pages in again; free() keeps them.
 */
describe('costs of a strategy', () => {
  it('load, release and reload times, CPU seconds and page faults per run and per cell', async () => {
    const out = tmp('costs');
    const r = await reclaim(['run', path.join(FIXTURES, 'native-costs.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = summaryByVariant(out);
    for (const v of ['del-gc', 'malloc-trim']) {
      for (const c of ['load_ms', 'release_ms', 'reload_ms', 'cpu_s', 'minor_faults']) expect(num(rows[v]![c]), `${v} ${c}`).toBeGreaterThan(0);
    }
    // Each model is 64 MiB = 16384 pages; trimming makes at least one more model's worth fault in.
    expect(num(rows['malloc-trim']!.minor_faults)).toBeGreaterThan(num(rows['del-gc']!.minor_faults) + 16384);
    expect(num(rows['del-gc']!.retained_mib)).toBeGreaterThan(60);
    expect(num(rows['malloc-trim']!.retained_mib)).toBeLessThan(5);
    const variants = Object.fromEntries(readCsv(path.join(out, 'variants.csv')).map((v) => [v.variant!, v]));
    expect(num(variants['malloc-trim']!.reload_ms)).toBeGreaterThan(0);
    expect(variants['malloc-trim']!.pareto).toBe('true');
    expect(r.stdout).toMatch(/Costs \(medians/);
  });
});
