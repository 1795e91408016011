import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { num, readCsv, reclaim, ROOT, summaryByVariant, tmp } from './helpers.js';

/**
 * The article's published CPU outcome, on its three models through AutoModel.from_pretrained, in
 * two iterations: trimming and the start-up threshold return to the baseline, plain del + gc and the
 * in-process setenv do not. (make bench runs more iterations; make reproduce-article all 50.)
 */
describe('article-cpu.yaml reproduces the article', () => {
  it('malloc_trim and MALLOC_TRIM_THRESHOLD_=-1 at start-up release; del + gc and setenv inside do not', async () => {
    const out = tmp('article');
    const variants = 'del-gc,trim-threshold-setenv,malloc-trim,trim-threshold-startup';
    const r = await reclaim(['run', path.join(ROOT, 'scenarios', 'article-cpu.yaml'), '--iterations', '2', '--only', variants, '--set', 'source=pretrained', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = summaryByVariant(out);
    for (const v of ['malloc-trim', 'trim-threshold-startup']) expect(Math.abs(num(rows[v]!.retained_mib)), v).toBeLessThan(25);
    for (const v of ['del-gc', 'trim-threshold-setenv']) expect(num(rows[v]!.retained_mib), v).toBeGreaterThanOrEqual(100);
    // Three ~110-124 M-parameter models were really held at once.
    for (const v of Object.values(rows)) expect(num(v.peak_mib) - num(v.baseline_mib)).toBeGreaterThan(400);
    const marks = readCsv(path.join(out, 'cells', 'article-cpu.malloc-trim.r1', 'marks.csv'));
    expect(marks).toHaveLength(1 + 2 * 9 + 1);
  });
});
