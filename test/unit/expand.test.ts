import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { expandScenario } from '../../src/scenario/expand.js';
import { interpolate } from '../../src/scenario/interpolate.js';
import { expandMatrix } from '../../src/scenario/matrix.js';
import { parseScenarioFile, parseScenarioText } from '../../src/scenario/parse-file.js';
import { planMarks } from '../../src/protocol/plan.js';
import { SCENARIOS_DIR } from '../../src/paths.js';

describe('interpolation', () => {
  const vars = new Map<string, string | number | boolean>([['n', 3], ['source', 'synthetic'], ['on', true]]);
  it('keeps the type of a whole ${var} and formats embedded ones', () => {
    const unknown: string[] = [];
    const out = interpolate({ times: '${n}', label: 'run ${n} of ${source}', flag: '${on}', list: ['${source}'], keep: 5 }, vars, (_p, name) => unknown.push(name));
    expect(out).toEqual({ times: 3, label: 'run 3 of synthetic', flag: true, list: ['synthetic'], keep: 5 });
    expect(unknown).toEqual([]);
  });

  it('reports unknown names with their path and leaves them as written', () => {
    const seen: [string, string][] = [];
    const out = interpolate({ a: [{ b: 'x ${nope}' }] }, vars, (p, name) => seen.push([p.join('.'), name]));
    expect(out).toEqual({ a: [{ b: 'x ${nope}' }] });
    expect(seen).toEqual([['a.0.b', 'nope']]);
  });
});

describe('matrix expansion', () => {
  it('takes every combination, first axis slowest', () => {
    expect(expandMatrix(new Map(Object.entries({ s: ['a', 'b'], n: [1, 2] })))).toEqual([
      { s: 'a', n: 1 },
      { s: 'a', n: 2 },
      { s: 'b', n: 1 },
      { s: 'b', n: 2 },
    ]);
  });

  it('leaves out excluded combinations (partial matches exclude all they match)', () => {
    expect(expandMatrix(new Map(Object.entries({ s: ['a', 'b'], n: [1, 2] })), [{ s: 'a', n: 2 }, { s: 'b' }])).toEqual([{ s: 'a', n: 1 }]);
  });

  it('no axes is one cell', () => {
    expect(expandMatrix(new Map())).toEqual([{}]);
  });
});

describe('scenario expansion', () => {
  const text = `
name: t
iterations: 2
matrix:
  strategy: [del-gc, malloc-trim]
  source: [synthetic, pretrained]
exclude:
  - { strategy: malloc-trim, source: pretrained }
steps:
  - mark: initial
  - repeat:
      times: \${iterations}
      steps:
        - load: { model: tiny-bert, source: "\${source}", name: a }
        - load: { model: tiny-gpt2, source: "\${source}" }
        - mark: loaded \${source}
        - unload: oldest
        - unload: newest
        - mark: { label: released, settled: true }
`;

  it('makes one cell per combination, with resolved steps and numbered marks', () => {
    const cells = expandScenario(parseScenarioText('t.yaml', text));
    expect(cells.map((c) => c.id)).toEqual(['t.del-gc.source-synthetic', 't.del-gc.source-pretrained', 't.malloc-trim.source-synthetic']);
    const c = cells[2]!;
    expect(c.variant).toBe('malloc-trim');
    expect(c.metric).toBe('private');
    expect(c.steps.slice(0, 7)).toEqual([
      { op: 'mark', index: 0, label: 'initial', cycle: null, settled: false },
      { op: 'load', name: 'a', model: 'tiny-bert', source: 'synthetic' },
      { op: 'load', name: 'tiny-gpt2', model: 'tiny-gpt2', source: 'synthetic' },
      { op: 'mark', index: 1, label: 'loaded synthetic', cycle: 0, settled: false },
      { op: 'unload', name: 'a', before: [], after: ['gc', 'malloc_trim'] },
      { op: 'unload', name: 'tiny-gpt2', before: [], after: ['gc', 'malloc_trim'] },
      { op: 'mark', index: 2, label: 'released', cycle: 0, settled: true },
    ]);
    expect(planMarks(c.steps).map((m) => m.cycle)).toEqual([null, 0, 0, 1, 1]);
  });

  it('applies --iterations, --repeat, --timeout and --set', () => {
    const cells = expandScenario(parseScenarioText('t.yaml', text), { iterations: 5, repeat: 3, timeout: 7, set: { source: ['synthetic'] } });
    // source has one value now: it no longer tells cells apart, so it leaves the ids
    expect(cells.map((c) => c.id)).toEqual(['t.del-gc', 't.malloc-trim']);
    expect(planMarks(cells[0]!.steps)).toHaveLength(1 + 5 * 2);
    expect(cells[0]!.repeats).toBe(3);
    expect(cells[0]!.timeoutS).toBe(7);
  });

  it('article-cpu.yaml has the article sequence: 452 marks per cell, 50 settled, 12 strategies', () => {
    const cells = expandScenario(parseScenarioFile(path.join(SCENARIOS_DIR, 'article-cpu.yaml')));
    expect(cells).toHaveLength(12);
    const marks = planMarks(cells[0]!.steps);
    expect(marks).toHaveLength(1 + 50 * 9 + 1);
    expect(marks.filter((m) => m.settled)).toHaveLength(50);
    expect(marks.slice(0, 10).map((m) => m.label)).toEqual([
      'initial',
      'before get models',
      'after get bert-base-uncased',
      'after get gpt2',
      'after get bert-base-japanese-v2',
      'after get models',
      'after del models[0] (1 of 3)',
      'after del models[0] (2 of 3)',
      'after del models[0] (3 of 3)',
      'after del all models',
    ]);
    const unloads = cells[0]!.steps.filter((s) => s.op === 'unload').slice(0, 3);
    expect(unloads.map((u) => u.op === 'unload' && u.name)).toEqual(['bert-base-uncased', 'gpt2', 'bert-base-japanese-v2']); // oldest first
  });

  it('include adds cells beyond the matrix; env goes to every cell, empty values unset', () => {
    const cells = expandScenario(
      parseScenarioText(
        's.yaml',
        [
          'env: { PYTORCH_CUDA_ALLOC_CONF: "${conf}", OTHER: x }',
          'matrix:',
          '  strategy: [del-gc, malloc-trim]',
          '  conf: [""]',
          'include:',
          '  - { strategy: malloc-trim, conf: "expandable_segments:True" }',
          '  - { strategy: del-gc }',
          'steps:',
          '  - repeat: { times: 0, steps: [{ mark: never }] }',
          '  - mark: a',
        ].join('\n'),
      ),
    );
    expect(cells.map((c) => c.id)).toEqual(['s.del-gc.conf-unset', 's.malloc-trim.conf-unset', 's.malloc-trim.conf-expandable_segments_True']);
    expect(cells.map((c) => c.strategy.env)).toEqual([{ OTHER: 'x' }, { OTHER: 'x' }, { PYTORCH_CUDA_ALLOC_CONF: 'expandable_segments:True', OTHER: 'x' }]);
    expect(planMarks(cells[0]!.steps).map((m) => m.label)).toEqual(['a']); // repeat 0 times: skipped
  });

  it('keep, init and a release action from a matrix axis', () => {
    const cells = expandScenario(
      parseScenarioText('s.yaml', `runtime: native\ndevice: cuda\nmatrix:\n  at_end: [gc, device_reset]\n  bytes: [0, 4096]\nsteps:\n  - init: device\n  - keep: \${bytes}\n  - release: \${at_end}\n  - mark: a\n`),
    );
    expect(cells.map((c) => c.steps.slice(0, 3))).toEqual([
      [{ op: 'init' }, { op: 'keep', bytes: 0 }, { op: 'release', actions: ['gc'] }],
      [{ op: 'init' }, { op: 'keep', bytes: 4096 }, { op: 'release', actions: ['gc'] }],
      [{ op: 'init' }, { op: 'keep', bytes: 0 }, { op: 'release', actions: ['device_reset'] }],
      [{ op: 'init' }, { op: 'keep', bytes: 4096 }, { op: 'release', actions: ['device_reset'] }],
    ]);
  });

  it('a step a runtime does not have on its device is an error', () => {
    expect(() => expandScenario(parseScenarioText('s.yaml', 'steps:\n  - init: device\n'))).toThrow(
      's.yaml:2:11: steps[0].init: runtime python has no step init (it creates its context on the first load)',
    );
    expect(() => expandScenario(parseScenarioText('s.yaml', 'runtime: native\nmatrix:\n  a: [nope]\nsteps:\n  - release: ${a}\n'))).toThrow(
      /s\.yaml:5:14: steps\[0\]\.release: unknown action "nope"/,
    );
  });

  it('scenario strategies extend catalogue ones', () => {
    const cells = expandScenario(
      parseScenarioText(
        's.yaml',
        `matrix:\n  strategy: [mine]\nstrategies:\n  mine:\n    extends: malloc-trim\n    env: { MALLOC_ARENA_MAX: "\${arenas}" }\n    before_unload: [to_cpu]\n  unused: {}\nsteps:\n  - mark: a\n`.replace('${arenas}', '4'),
      ),
    );
    const s = cells[0]!.strategy;
    expect(s).toMatchObject({ name: 'mine', env: { MALLOC_ARENA_MAX: '4' }, beforeUnload: ['to_cpu'], afterUnload: ['gc', 'malloc_trim'] });
  });
});
