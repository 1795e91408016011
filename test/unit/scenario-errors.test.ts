import { describe, expect, it } from 'vitest';
import { problems } from './scenario-problems.js';

const ok = `
name: t
steps:
  - mark: initial
  - load: { model: tiny-bert, source: synthetic }
  - unload: oldest
  - mark: { label: end, settled: true }
`;

describe('malformed scenarios get file:line:col, the path and what was expected', () => {
  it('accepts a good one', () => {
    expect(problems(ok)).toEqual([]);
  });

  it('wrong type', () => {
    expect(problems(`name: t\nrepeat: "three"\nsteps:\n  - mark: a\n`)).toEqual(['s.yaml:2:9: repeat: expected number, received string']);
  });

  it('unknown step, with a suggestion', () => {
    expect(problems(`steps:\n  - mark: a\n  - lod: { model: gpt2 }\n`)).toEqual([
      's.yaml:3:5: steps[1].lod: unknown step "lod" (did you mean "load"?); expected one of: load, to, unload, infer, train, release, mark, sleep, keep, spike, init, requests, repeat',
    ]);
  });

  it('a step with two keys', () => {
    expect(problems(`steps:\n  - mark: a\n    sleep: 1\n`)[0]).toMatch(/^s\.yaml:2:5: steps\[0\]: a step has one key, .*found mark, sleep$/);
  });

  it('unknown key inside a step', () => {
    expect(problems(`steps:\n  - load: { model: gpt2, sorce: synthetic }\n`)).toEqual([
      's.yaml:2:26: steps[0].load.sorce: unknown key "sorce" (did you mean "source"?); expected one of: model, source, name',
    ]);
  });

  it('bad indentation', () => {
    expect(problems(`steps:\n  - mark: a\n   - mark: b\n`)).toEqual(['s.yaml:3:4: YAML: bad indentation: All sequence items must start at the same column']);
  });

  it('a variable inside flow braces gets a hint to quote it', () => {
    expect(problems(`steps:\n  - repeat: {times: \${n}, steps: [{mark: a}]}\n`)[0]).toMatch(/^s\.yaml:2:\d+: YAML: .*quote values that use variables/);
  });

  it('unknown strategy, at the matrix value', () => {
    expect(problems(`matrix:\n  strategy: [del-gc, malloc-trm]\nsteps:\n  - mark: a\n`)).toEqual([
      expect.stringMatching(/^s\.yaml:2:22: matrix\.strategy\[1\]: unknown strategy "malloc-trm" \(did you mean "malloc-trim"\?\); expected one of: del-gc, /),
    ]);
  });

  it('unknown model, unknown variable and an impossible unload, all at once', () => {
    const p = problems(`steps:\n  - load: { model: gtp2, source: synthetic }\n  - repeat:\n      times: \${iters}\n      steps:\n        - unload: bert\n`);
    expect(p).toEqual([
      expect.stringMatching(/^s\.yaml:2:20: steps\[0\]\.load\.model: unknown model "gtp2" \(did you mean "gpt2"\?\)/),
      expect.stringMatching(/^s\.yaml:4:14: steps\[1\]\.repeat\.times: unknown variable \$\{iters\}; defined: iterations, scenario$/),
    ]);
  });

  it('unloading what is not loaded', () => {
    expect(problems(`steps:\n  - load: { model: tiny-bert, source: synthetic }\n  - unload: gpt2\n`)).toEqual([
      's.yaml:3:13: steps[1].unload: cannot unload "gpt2": loaded: tiny-bert',
    ]);
    expect(problems(`steps:\n  - unload: oldest\n`)).toEqual(['s.yaml:2:13: steps[0].unload: cannot unload "oldest": nothing is loaded at this point']);
  });

  it('unknown action in a release step', () => {
    expect(problems(`steps:\n  - release: [gc, malloc_trimm]\n`)[0]).toMatch(/^s\.yaml:2:19: steps\[0\]\.release\[1\]: unknown action "malloc_trimm"; expected one of: gc, malloc_trim/);
  });

  it('an action the runtime does not have', () => {
    expect(problems(`steps:\n  - release: node_gc\n`)).toEqual([
      's.yaml:2:14: steps[0].release: runtime python has no action node_gc; it has: gc, malloc_trim, del_params, to_cpu, jemalloc_purge, tcmalloc_release_free_memory, accelerate_release_memory',
    ]);
  });

  it('pretrained needs a transformers architecture', () => {
    expect(problems(`steps:\n  - load: { model: blocks-64mib, source: pretrained }\n`)).toEqual([
      's.yaml:2:42: steps[0].load.source: model blocks-64mib has no transformers architecture; use source synthetic',
    ]);
  });

  it("a runtime's options, bounded: the serving runtime's pool, endpoints, trim timer and timeouts", () => {
    const opts = (o: string) => problems(`runtime: serving\noptions: { ${o} }\nsteps:\n  - mark: a\n`);
    expect(opts('threads: 0')).toEqual(['s.yaml:2:21: options.threads: runtime serving: option threads Too small: expected number to be >=1; got 0 (strategy del-gc)']);
    expect(opts('endpoints: asink')[0]).toMatch(/options\.endpoints: .*expected one of "sync"\|"async"; got "asink"/);
    expect(opts('trim_every_ms: 1')[0]).toMatch(/option trim_every_ms is 0 \(off\) or from 10 to 3600000 ms; got 1/);
    expect(opts('start_timeout_s: 1e12')[0]).toMatch(/option start_timeout_s Too big: expected number to be <=604800/);
    expect(opts('threads: 8, endpoints: async, trim_every_ms: 1000, arena: false')).toEqual([]);
  });

  it('unknown runtime and metric', () => {
    expect(problems(`runtime: pyhton\nsteps:\n  - mark: a\n`)).toEqual(['s.yaml:1:10: runtime: unknown runtime "pyhton" (did you mean "python"?); expected one of: python, native, node, serving']);
    expect(problems(`metric: privat\nsteps:\n  - mark: a\n`)[0]).toMatch(/^s\.yaml:1:9: metric: unknown metric "privat" \(did you mean "private"\?\)/);
  });

  it('an empty file', () => {
    expect(problems('')).toEqual(['s.yaml:1:1: the file is empty; expected a scenario mapping with steps']);
  });

  it('missing steps', () => {
    expect(problems('name: t\n')).toEqual(['s.yaml:1:1: steps: expected array, received undefined']);
  });

  it('a strategy that extends itself', () => {
    expect(problems(`matrix:\n  strategy: [a]\nstrategies:\n  a: { extends: b }\n  b: { extends: a }\nsteps:\n  - mark: x\n`)).toEqual([
      's.yaml:2:14: matrix.strategy[0]: strategy "a" extends itself (a -> b -> a)',
    ]);
  });
});

describe('expectations that cannot be judged are refused at validate (issue 19)', () => {
  it('retained_mib (the default figure) or residual_mib in a scenario without a settled mark', () => {
    const text = `name: t\nmatrix:\n  strategy: [del-gc, malloc-trim]\nexpect:\n  - { variant: malloc-trim, at_most: 20 }\n  - { variant: malloc-trim, figure: residual_mib, better_than: del-gc }\n  - { variant: malloc-trim, figure: peak_mib, at_most: 2000 }\nsteps:\n  - mark: initial\n  - load: { model: tiny-bert, source: synthetic }\n  - unload: oldest\n  - mark: end\n`;
    expect(problems(text)).toEqual([
      's.yaml:5:5: expect[0]: retained_mib is measured at settled marks (mark: { label: ..., settled: true }, the end of an unload cycle); the cells it selects have none',
      's.yaml:6:5: expect[1]: residual_mib is measured at settled marks (mark: { label: ..., settled: true }, the end of an unload cycle); the cells it selects have none',
    ]);
  });

  it('an unknown model is the one problem: the variants are still known', () => {
    const text = `name: t\nmatrix:\n  strategy: [del-gc, malloc-trim]\nreference: del-gc\nexpect:\n  - { variant: malloc-trim, better_than: del-gc }\nsteps:\n  - mark: initial\n  - load: { model: no-such-model, source: synthetic }\n  - unload: oldest\n  - mark: { label: end, settled: true }\n`;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^s\.yaml:9:\d+: .*no-such-model/);
  });
});

describe('reserved axes are checked at validate, with file:line:col (scenario/axes.ts)', () => {
  const steps = 'steps:\n  - mark: a\n';
  it('memory_limit takes Docker sizes', () => {
    expect(problems(`name: t\nmatrix:\n  memory_limit: [2048m, lots]\n${steps}`)).toEqual(['s.yaml:3:25: matrix.memory_limit[1]: memory_limit "lots" is not a size: write it as Docker does, e.g. 2048m or 4g']);
    expect(problems(`name: t\nmatrix:\n  memory_limit: [2048m, ""]\n${steps}`)).toEqual([]);
  });
  it('threads is a whole number from 1 to 1024', () => {
    expect(problems(`name: t\nmatrix:\n  threads: [4, 0]\n${steps}`)).toEqual(['s.yaml:3:16: matrix.threads[1]: threads 0 is not a whole number from 1 to 1024']);
  });
  it('machine is reclaim merge\'s to set', () => {
    expect(problems(`name: t\nmatrix:\n  machine: [a, b]\n${steps}`)[0]).toMatch(/^s\.yaml:3:3: matrix\.machine: a scenario may not have a matrix axis "machine": reclaim merge/);
  });
});
