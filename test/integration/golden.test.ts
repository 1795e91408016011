import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShape, type RunShape } from '../fixtures/golden/shape.js';
import { FIXTURES, ROOT, reclaim, tmp } from './helpers.js';

const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden', 'run-shape.json');

/**
 * The in-process metric columns of marks.csv follow the runtime registry's order since the redesign
 * (each runtime declares its own): compared as a set, after the columns measured from outside.
 */
function normalized(shape: RunShape): RunShape {
  const outside = 15; // index, label, cycle, settled, t_ms, rss ... vram_device
  const cells = Object.fromEntries(
    Object.entries(shape.cells).map(([id, c]) => [id, { ...c, markColumns: [...c.markColumns.slice(0, outside), ...c.markColumns.slice(outside).sort()] }]),
  );
  return { ...shape, cells };
}

/**
 * The redesign must not change what a run writes: the golden run (every runtime, a skipped and a
 * failed cell, training, the report) is compared with the shape recorded before it, figures aside.
 * RECLAIM_UPDATE_GOLDEN=1 records a new one (say why in the commit).
 */
describe('golden run', () => {
  it('writes the same columns, marks, statuses and report files as before', async () => {
    const out = tmp('golden');
    const r = await reclaim(['run', path.join(FIXTURES, 'golden.yaml'), path.join(FIXTURES, 'golden-python.yaml'), '--out', out, '--report']);
    expect(r.exitCode, r.all).toBe(1); // the hf: cell fails, on purpose
    const shape = runShape(out);
    if (process.env.RECLAIM_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(shape, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as RunShape;
    expect(normalized(shape)).toEqual(normalized(golden));
  });
});
