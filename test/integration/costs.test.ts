import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, reclaim, summaryByVariant, tmp } from './helpers.js';

const pageSize = () => Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
const thpAlways = () => {
  try {
    return /\[always\]/.test(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'));
  } catch {
    return false;
  }
};

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
    // Trimming makes at least one more model's worth (64 MiB) fault in: 64 MiB of pages of this kernel's
    // size, or of 2 MiB where transparent huge pages are always on (a re-faulted heap can get huge pages).
    const pages = (64 * 1024 * 1024) / (thpAlways() ? 2 * 1024 * 1024 : pageSize());
    expect(num(rows['malloc-trim']!.minor_faults)).toBeGreaterThan(num(rows['del-gc']!.minor_faults) + pages);
    // The first free of a mmapped 1024x1024 block raises glibc's mmap threshold to 4 MiB + 4 KiB, so from
    // the second cycle both models are on the heap below the 64 KiB keeps: 128 MiB freed and kept each
    // cycle (the median of the settled marks), far above 60.
    expect(num(rows['del-gc']!.retained_mib)).toBeGreaterThan(60);
    expect(num(rows['malloc-trim']!.retained_mib)).toBeLessThan(5);
    const variants = Object.fromEntries(readCsv(path.join(out, 'variants.csv')).map((v) => [v.variant!, v]));
    expect(num(variants['malloc-trim']!.reload_ms)).toBeGreaterThan(0);
    expect(variants['malloc-trim']!.pareto).toBe('true');
    expect(r.stdout).toMatch(/Costs \(medians/);
  });
});
