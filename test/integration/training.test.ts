import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, readJson, reclaim, tmp } from './helpers.js';

interface TrainingRecord {
  figures: { training: { checkpointing: boolean; batch: number; seq: number; steps: { ms: number; loss?: number }[]; train_peak_mib: number } };
}

/**
 * The real Python runner trains an 8-layer tiny BERT (AdamW, 3 steps, batch 64 x 128 tokens) with and
 * without gradient checkpointing; the samplers measure it from outside. Checkpointing keeps one block's
 * activations instead of eight, and must not change the numbers the model computes.
 */
describe('Python runner: training with and without gradient checkpointing', () => {
  let out: string;
  const cell = (cp: string) => path.join(out, 'cells', `train.mmap-threshold-startup.checkpointing-${cp}.r1`);
  beforeAll(async () => {
    out = tmp('train');
    const r = await reclaim(['run', path.join(FIXTURES, 'train.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('Training (peak over the steps');
  });

  it('checkpointing lowers the measured peak while training', () => {
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((r) => [r.checkpointing!, r]));
    const grown = (cp: string) => num(rows[cp]!.train_peak_mib) - num(rows[cp]!.baseline_mib);
    // Eight blocks' attention maps and activations against one block's: far more than noise.
    expect(grown('on')).toBeLessThan(grown('off') * 0.75);
    // After the forward pass, "off" holds every block's activations and "on" only their inputs: 7 more
    // blocks x (Q, K, V and context, 2 MiB each at batch 64 x 128 x hidden 64; the FFN's two 8 MiB; the
    // attention maps and masks) is over 168 MiB.
    const afterForward = (cp: string) => readCsv(path.join(cell(cp), 'marks.csv')).find((m) => m.label === 'bert step 1 after forward')!;
    expect(num(afterForward('off').private) - num(afterForward('on').private)).toBeGreaterThan(100);
  });

  it('the losses are the same both ways, step by step', () => {
    const losses = (cp: string) => readJson<TrainingRecord>(path.join(cell(cp), 'cell.json')).figures.training.steps.map((s) => s.loss!);
    const off = losses('off');
    const on = losses('on');
    expect(off).toHaveLength(3);
    expect(off.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    // The optimizer moved the weights: a model that did not train would repeat its first loss.
    expect(new Set(off).size).toBeGreaterThan(1);
    on.forEach((l, i) => expect(Math.abs(l - off[i]!)).toBeLessThan(1e-5 * Math.abs(off[i]!)));
  });

  it('every step is marked after forward, backward and the optimizer, and timed', () => {
    const marks = readCsv(path.join(cell('on'), 'marks.csv')).map((m) => m.label);
    expect(marks).toEqual([
      'initial',
      'loaded',
      ...[1, 2, 3].flatMap((n) => ['forward', 'backward', 'optimizer'].map((p) => `bert step ${n} after ${p}`)),
      'after training',
      'released',
    ]);
    const record = readJson<TrainingRecord>(path.join(cell('on'), 'cell.json'));
    expect(record.figures.training).toMatchObject({ checkpointing: true, batch: 64, seq: 128 });
    expect(record.figures.training.steps.every((s) => s.ms > 0)).toBe(true);
  });

  it('training.csv pairs the on cell with its off twin', () => {
    const [off, on] = readCsv(path.join(out, 'training.csv'));
    expect(off).toMatchObject({ checkpointing: 'off', batch: '64', seq: '128', steps: '3', saving_mib: '', slowdown_pct: '' });
    expect(on).toMatchObject({ checkpointing: 'on', loss_final: off!.loss_final });
    expect(num(on!.saving_mib)).toBeCloseTo(num(off!.train_peak_mib) - num(on!.train_peak_mib), 1);
    expect(num(on!.saving_pct)).toBeGreaterThan(0);
    expect(num(on!.slowdown_pct)).toBeCloseTo(100 * (num(on!.step_s_median) / num(off!.step_s_median) - 1), 0);
  });
});
