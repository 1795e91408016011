import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { extrasPython } from '../../src/runtimes/python-env/extras.js';
import { findPython } from '../../src/runtimes/python-env/find-python.js';
import { FIXTURES, liveMallocGrowth, num, readCsv, readJson, reclaim, tmp } from './helpers.js';

// An ONNX file of the user's: a BERT (16.8 M parameters, 64 MiB) exported with torch.onnx.export,
// inputs input_ids and attention_mask with a dynamic batch and sequence.
const EXPORT_BERT = `
import sys, torch
from transformers import BertConfig, BertModel
torch.manual_seed(0)
m = BertModel(BertConfig(vocab_size=8000, hidden_size=512, num_hidden_layers=4, num_attention_heads=8, intermediate_size=2048)).eval()
ids = torch.ones((1, 16), dtype=torch.long)
torch.onnx.export(m, (ids, torch.ones_like(ids)), sys.argv[1], input_names=["input_ids", "attention_mask"],
                  dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}, opset_version=17)
`;

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
    // A released session keeps none of its weights live, whatever its arena settings say: what malloc still
    // hands out grew by under a quarter of the 64 MiB. (How much of it glibc keeps resident in free chunks
    // depends on the machine's threads and arenas: 25-82 MiB seen; docs/findings/onnx-python.md.)
    for (const v of ['del-gc', 'arena-off', 'shrink-arena', 'initializers-outside-arena']) expect(liveMallocGrowth(cell(v)), v).toBeLessThan(64 / 4);
    // malloc_trim(0) keeps no more than no trim (2 MiB of noise between two processes), and under a quarter of the model.
    expect(retained('del-gc-trim')).toBeLessThanOrEqual(retained('del-gc') + 2);
    expect(retained('del-gc-trim')).toBeLessThan(64 / 4);
    // An arena registered with onnxruntime's environment (the Python API's only way to set its extend
    // strategy) outlives the session: it keeps the 64 MiB of weights live, and resident.
    expect(liveMallocGrowth(cell('same-as-requested'))).toBeGreaterThan(60);
    expect(retained('same-as-requested')).toBeGreaterThan(60);
  });

  it('runs an ONNX file of the user\'s (onnx:<path>) with inputs built from its session, and advise takes it', async () => {
    await reclaim(['setup', '--servers']); // the virtualenv with onnxruntime, accelerate and onnx (once)
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    const dir = tmp('onnx-own');
    const file = path.join(dir, 'bert-own.onnx');
    const exported = await execa(extrasPython(found), ['-c', EXPORT_BERT, file], { reject: false });
    expect(exported.exitCode, exported.stderr).toBe(0);
    const scenario = path.join(dir, 'own.yaml');
    writeFileSync(
      scenario,
      `name: onnx-own\nruntime: python\nmatrix:\n  strategy: [del-gc, malloc-trim]\nsteps:\n  - mark: initial\n  - load: { source: "onnx:${file}", name: m }\n  - requests: { model: m, count: 4 }\n  - mark: loaded\n  - unload: m\n  - mark: { label: released, settled: true }\n`,
    );
    const out = tmp('onnx-own-run');
    const r = await reclaim(['run', scenario, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    for (const v of ['del-gc', 'malloc-trim']) {
      const cell = path.join(out, 'cells', rows[v]!.cell!);
      const marks = readCsv(path.join(cell, 'marks.csv'));
      expect(num(marks[1]!.private) - num(marks[0]!.private), v).toBeGreaterThan(50);
      expect(readCsv(path.join(cell, 'requests.csv'))[0]!.statuses, v).toBe('200:4');
    }
    // The trim keeps no more than del + gc (2 MiB of noise), and under a quarter of the 64 MiB model.
    expect(num(rows['malloc-trim']!.retained_mib)).toBeLessThanOrEqual(num(rows['del-gc']!.retained_mib) + 2);
    expect(num(rows['malloc-trim']!.retained_mib)).toBeLessThan(64 / 4);
    // advise knows the prefix, and wants the file to be there.
    const missing = await reclaim(['advise', `onnx:${path.join(dir, 'missing.onnx')}`]);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.all).toMatch(/missing\.onnx: no such file here/);
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
