import { describe, expect, it } from 'vitest';
import type { MarkRecord } from '../../src/protocol/measurement.js';
import type { CellPlan } from '../../src/protocol/plan.js';
import { expandScenario } from '../../src/scenario/expand.js';
import { parseScenarioText } from '../../src/scenario/parse-file.js';
import { problems } from './scenario-problems.js';
import { trainingFigures } from '../../src/figures/training/figures.js';
import type { CellRecord } from '../../src/store/cell-record.js';
import { trainingRows } from '../../src/figures/training/rows.js';

const scenario = (train: string, runtime = 'python') => `
name: t
runtime: ${runtime}
matrix:
  checkpointing: ["off", "on"]
steps:
  - load: { model: tiny-bert, source: synthetic, name: m }
  - train: ${train}
  - unload: m
`;


describe('the train step', () => {
  it('becomes begin, three marked phases per step, end', () => {
    const [off, on] = expandScenario(parseScenarioText('t.yaml', scenario('{ model: m, steps: 2, batch: 8, seq: 32, checkpointing: "${checkpointing}" }')));
    expect(on!.steps[1]).toEqual({ op: 'train_begin', name: 'm', batch: 8, seq: 32, lr: 1e-4, checkpointing: true });
    expect(off!.steps[1]).toMatchObject({ op: 'train_begin', checkpointing: false });
    const phases = on!.steps.slice(2, 8);
    expect(phases.filter((s) => s.op === 'train_phase').map((s) => s.op === 'train_phase' && `${s.step} ${s.phase}`)).toEqual(['1 forward', '1 backward', '1 optimizer']);
    expect(phases[1]).toEqual({ op: 'mark', index: 0, label: 'm step 1 after forward', cycle: null, settled: false, training: true });
    expect(on!.steps.filter((s) => s.op === 'mark')).toHaveLength(6);
    expect(on!.steps[14]).toEqual({ op: 'train_end', name: 'm' });
  });

  it('says precisely what is wrong with one', () => {
    expect(problems(scenario('{ model: gone, steps: 1, batch: 1, seq: 8 }'))).toEqual(['s.yaml:8:21: steps[1].train.model: cannot train "gone": loaded: m']);
    expect(problems(scenario('{ model: m, steps: 1, batch: 1, seq: 8, checkpointing: maybe }'))).toEqual([
      's.yaml:8:67: steps[1].train.checkpointing: expected on or off, got "maybe"',
    ]);
    expect(problems(scenario('{ model: m, steps: 0, batch: 1, seq: 8 }'))).toEqual(['s.yaml:8:31: steps[1].train.steps: expected a whole number from 1 to 100000, or a variable such as ${steps}']);
    expect(problems(scenario('{ model: m, steps: 1, seq: 8 }'))).toEqual(['s.yaml:8:12: steps[1].train.batch: expected a whole number from 1 to 65536, or a variable such as ${batch}']);
    expect(problems(scenario('{ model: m, steps: 1, batch: 1, seq: 8 }', 'node'))).toEqual(['s.yaml:8:12: steps[1].train: runtime node has no step train on this device']);
  });

  it('checks matrix values once they are filled in', () => {
    const text = scenario('{ model: m, steps: 1, batch: "${checkpointing}", seq: 8 }');
    expect(problems(text)).toEqual([
      's.yaml:8:41: steps[1].train.batch: expected a whole number from 1 to 65536, or a variable such as ${batch}; got "off" once interpolated, in the cell checkpointing=off',
      's.yaml:8:41: steps[1].train.batch: expected a whole number from 1 to 65536, or a variable such as ${batch}; got "on" once interpolated, in the cell checkpointing=on',
    ]);
  });
});

describe('training figures', () => {
  const plan = { steps: [{ op: 'train_begin', name: 'm', batch: 4, seq: 16, lr: 1e-4, checkpointing: true }] } as unknown as CellPlan;
  const mark = (t_ms: number, v: number, training = false): MarkRecord => ({ index: 0, label: '', cycle: null, settled: false, ...(training ? { training } : {}), t_ms, reading: { private: v } });

  it('peak over the training marks and the samples between them; median step time; final loss', () => {
    const marks = [mark(0, 100), mark(10, 300, true), mark(20, 250, true), mark(30, 900)];
    const samples = [{ t_ms: 5, reading: { private: 400 } }, { t_ms: 25, reading: { private: 800 } }, { t_ms: 15, reading: { private: 350 } }];
    const timings = [1, 3, 2].map((s, i) => ({ event: 'timing' as const, op: 'step', name: 'm', ms: s * 1000, loss: 1 - i / 10 }));
    expect(trainingFigures(plan, marks, samples, timings, 'private')).toEqual({
      checkpointing: true,
      batch: 4,
      seq: 16,
      steps: [{ ms: 1000, loss: 1 }, { ms: 3000, loss: 0.9 }, { ms: 2000, loss: 0.8 }],
      // 800 was sampled after the last training mark, 900 is a later mark: neither counts.
      train_peak_mib: 400,
      step_s_median: 2,
      loss_final: 0.8,
    });
  });

  it('cells that do not train have none', () => {
    expect(trainingFigures({ steps: [] } as unknown as CellPlan, [], [], [], 'private')).toBeUndefined();
  });
});

describe('training.csv', () => {
  const record = (variant: string, cp: boolean, batch: number, peak: number, step: number): CellRecord =>
    ({
      scenario: 't',
      variant,
      repeat: 1,
      device: 'cpu',
      status: 'ok',
      cell: `t.${variant}.${cp}.${batch}`,
      axes: { strategy: variant, checkpointing: cp ? 'on' : 'off', batch },
      figures: { training: { checkpointing: cp, batch, seq: 8, steps: [{ ms: step * 1000 }], train_peak_mib: peak, step_s_median: step } },
    }) as unknown as CellRecord;

  it('gives each "on" row the saving and slowdown against the "off" row that differs in nothing else', () => {
    const rows = trainingRows([record('a', false, 4, 1000, 2), record('a', false, 8, 2000, 4), record('a', true, 8, 1500, 5), record('b', true, 4, 900, 3)]);
    expect(rows.map((r) => [r.record.variant, r.figures.checkpointing ? 'on' : 'off', r.figures.batch, r.saving_mib, r.saving_pct, r.slowdown_pct])).toEqual([
      ['a', 'off', 4, undefined, undefined, undefined],
      ['a', 'off', 8, undefined, undefined, undefined],
      ['a', 'on', 8, 500, 25, 25],
      // no "off" twin for variant b: nothing to compare with
      ['b', 'on', 4, undefined, undefined, undefined],
    ]);
  });
});
