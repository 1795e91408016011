import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, readJson, reclaim, tmp } from './helpers.js';

describe("onnxruntime's Python API (source onnx of the python runtime)", () => {
  it('runs the ONNX file the node runtime builds under the session and run options users set, and measures what each keeps', async () => {
    const out = tmp('onnx-python');
    const r = await reclaim(['run', path.join(FIXTURES, 'onnx-python.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    const retained = (v: string) => num(rows[v]!.retained_mib);
    const cell = (v: string) => path.join(out, 'cells', rows[v]!.cell!);
    for (const v of Object.keys(rows)) {
      expect(rows[v]!.status, v).toBe('ok');
      const marks = readCsv(path.join(cell(v), 'marks.csv'));
      // The 64 MiB of initializers are in the process once the session exists.
      expect(num(marks[1]!.private) - num(marks[0]!.private), v).toBeGreaterThan(60);
      expect(readCsv(path.join(cell(v), 'requests.csv'))[0]!.statuses, v).toBe('200:4');
    }
    expect(readJson<{ runner: Record<string, string> }>(path.join(cell('del-gc'), 'cell.json')).runner.onnxruntime).toMatch(/^1\.\d+\.\d+$/);
    // A released session leaves its weights in glibc's free chunks, whatever its arena settings say...
    for (const v of ['del-gc', 'arena-off', 'shrink-arena', 'initializers-outside-arena']) expect(retained(v), v).toBeGreaterThan(50);
    // ...which malloc_trim(0) returns.
    expect(retained('del-gc-trim')).toBeLessThan(retained('del-gc') - 50);
    // An arena registered with onnxruntime's environment (the Python API's only way to set its extend
    // strategy) outlives the session: it keeps the weights in use.
    expect(retained('same-as-requested')).toBeGreaterThan(retained('del-gc') + 40);
  });

  it('an option value onnxruntime would not take is a validate error at its place', async () => {
    const file = path.join(tmp('onnx-python-bad'), 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'name: bad\nruntime: python\noptions: { ort_arena_extend: kDoubling }\nsteps:\n  - load: { model: blocks-64mib, source: onnx }\n');
    const r = await reclaim(['validate', file]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(/bad\.yaml:3:\d+.*ort_arena_extend/);
  });
});
