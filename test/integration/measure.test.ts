import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPython } from '../../src/runtimes/python-env/find-python.js';
import { FIXTURES, num, readCsv, readJson, reclaim, tmp } from './helpers.js';

describe('measuring without disturbing', () => {
  it('a 200 MiB spike between two marks: the sampler misses it, the exact peak (VmHWM reset at each mark) shows it', async () => {
    const out = tmp('spike');
    const r = await reclaim(['run', path.join(FIXTURES, 'spike.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    for (const row of readCsv(path.join(out, 'summary.csv'))) {
      const cell = path.join(out, 'cells', row.cell!);
      const [before, after] = readCsv(path.join(cell, 'marks.csv'));
      const sampled = Math.max(...readCsv(path.join(cell, 'samples.csv')).map((s) => num(s.rss)), num(before!.rss), num(after!.rss));
      expect(sampled - num(before!.rss), `${row.runtime}: the sampler saw no spike`).toBeLessThan(50);
      // VmHWM at the second mark is the peak since the first: 200 MiB above it.
      expect(num(after!.hwm) - num(before!.rss), row.runtime).toBeGreaterThan(199);
      expect(row.peak_source, row.runtime).toBe('exact');
      expect(num(row.peak_mib) - num(row.baseline_mib), row.runtime).toBeGreaterThan(199);
    }
  });

  it("glibc's own account on a real run: what del-gc retains is free chunks inside glibc's heap; malloc-trim's are released, and not named", async () => {
    const out = tmp('attribution');
    const r = await reclaim(['run', path.join(FIXTURES, 'pinning.yaml'), '--out', out, '--only', 'del-gc,malloc-trim']);
    expect(r.exitCode, r.all).toBe(0);
    type Parts = { figures: { summary: { retained_mib: number }; attribution?: { retained_mib: number; parts: { what: string; mib: number }[] } } };
    const figures = (variant: string) => readJson<Parts>(path.join(out, 'cells', `pinning.${variant}.r1`, 'cell.json')).figures;
    const freeChunks = (variant: string) => figures(variant).attribution?.parts.find((p) => p.what === "free chunks inside glibc's heap")?.mib ?? 0;
    expect(figures('del-gc').summary.retained_mib).toBeGreaterThan(60);
    expect(freeChunks('del-gc')).toBeGreaterThan(0.8 * figures('del-gc').summary.retained_mib);
    // glibc's free count (mallinfo2 fordblks) keeps the chunks malloc_trim(0) gave back (their pages
    // are released, the chunks stay on the free list): it grows as much under malloc-trim, which keeps
    // nothing resident. That is why the attribution names no free chunks where the strategy trims.
    const freeGrowth = (variant: string) => {
      const m = readCsv(path.join(out, 'cells', `pinning.${variant}.r1`, 'marks.csv'));
      const settled = m.filter((row) => row.settled === 'true').at(-1)!;
      return num(settled.malloc_free) - num(m[0]!.malloc_free);
    };
    expect(freeGrowth('del-gc')).toBeGreaterThan(0.8 * figures('del-gc').summary.retained_mib);
    expect(freeGrowth('malloc-trim')).toBeGreaterThan(60);
    expect(figures('malloc-trim').summary.retained_mib).toBeLessThan(5);
    expect(freeChunks('malloc-trim')).toBe(0);
    expect(r.stdout).toMatch(/pinning del-gc: up to \d+\.\d of \d+\.\d MiB retained are free chunks inside glibc's heap: malloc_trim\(0\) would return them/);
    const marks = readCsv(path.join(out, 'cells', 'pinning.del-gc.r1', 'marks.csv'));
    expect(num(marks[0]!.malloc_heap)).toBeGreaterThan(0);
  });

  it('Pss (smaps_rollup, the costly read) is read at marks only with --pss or when it is the metric; samples read statm alone', async () => {
    const scenario = path.join(FIXTURES, 'native-costs.yaml');
    const marksOf = (out: string) => readCsv(path.join(out, 'cells', 'native-costs.del-gc.r1', 'marks.csv'));
    const plain = tmp('no-pss');
    expect((await reclaim(['run', scenario, '--only', 'del-gc', '--iterations', '1', '--out', plain])).exitCode).toBe(0);
    expect(marksOf(plain).every((m) => (m.pss ?? '') === '')).toBe(true);
    const samples = readCsv(path.join(plain, 'cells', 'native-costs.del-gc.r1', 'samples.csv'));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.private !== '' && (s.file ?? '') === '')).toBe(true);
    for (const [args, name] of [[['--pss'], 'pss-flag'], [['--metric', 'pss'], 'pss-metric']] as const) {
      const out = tmp(name);
      const r = await reclaim(['run', scenario, '--only', 'del-gc', '--iterations', '1', '--out', out, ...args]);
      expect(r.exitCode, r.all).toBe(0);
      // Two 64 MiB blocks loaded: their Pss shows at the "loaded" mark.
      const loaded = marksOf(out).find((m) => m.label === 'loaded')!;
      expect(num(loaded.pss), name).toBeGreaterThan(128);
    }
  });

  it('weights mapped from a safetensors file: the primary metric misses them, the run says so and --metric rss counts them', async () => {
    const found = await findPython();
    if (typeof found === 'string' || !found.probe.transformers) throw new Error(`this test needs transformers: ${typeof found === 'string' ? found : 'not installed'}`);
    const dir = tmp('hf-model');
    // A BERT of 42 MB saved as transformers saves every model (save_pretrained, safetensors).
    execFileSync(found.python, ['-c', `
import torch
from transformers import BertConfig, BertModel
torch.manual_seed(0)
BertModel(BertConfig(vocab_size=30000, hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024)).save_pretrained(${JSON.stringify(dir)}, safe_serialization=True)
`]);
    const scenario = path.join(dir, 'hf-file.yaml');
    (await import('node:fs')).writeFileSync(scenario, `name: hf-file\nsteps:\n  - mark: initial\n  - load: { source: "hf:${dir}", name: m }\n  - infer: m\n  - mark: loaded\n  - unload: m\n  - mark: { label: released, settled: true }\n`);
    const r = await reclaim(['run', scenario, '--out', path.join(dir, 'private')]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/the primary metric private saw \d+\.\d of the \d+\.\d MiB the process grew by in rss \(\d+ MiB of it file-backed pages.*--metric rss counts every resident page/);
    const withRss = await reclaim(['run', scenario, '--out', path.join(dir, 'rss'), '--metric', 'rss']);
    expect(withRss.exitCode, withRss.all).toBe(0);
    expect(withRss.stdout).not.toContain('the primary metric');
    expect(readCsv(path.join(dir, 'rss', 'summary.csv'))[0]!.metric).toBe('rss');
    expect((await reclaim(['run', scenario, '--metric', 'rsss'])).stderr).toContain('--metric: unknown metric "rsss" (did you mean "rss"?)');
  });
});
