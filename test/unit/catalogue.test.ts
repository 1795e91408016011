import { describe, expect, it } from 'vitest';
import { MODELS, findModel, modelBytes, modelParameters } from '../../src/models/catalogue.js';
import { STRATEGIES } from '../../src/strategies/catalogue.js';
import { PYTHON as PYTHON_RUNTIME } from '../../src/runtimes/python/descriptor.js';
import { SERVING } from '../../src/runtimes/serving/descriptor.js';

describe('model catalogue', () => {
  // Parameter counts of the public checkpoints (transformers' num_parameters()).
  it.each([
    ['bert-base-uncased', 109_482_240],
    ['gpt2', 124_439_808],
    ['bert-base-japanese-v2', 111_207_168],
  ])('%s has the public parameter count', (name, count) => {
    expect(modelParameters(findModel(name)!)).toBe(count);
  });

  it('names are unique and every tensor name is unique within its model', () => {
    expect(new Set(MODELS.map((m) => m.name)).size).toBe(MODELS.length);
    for (const m of MODELS) expect(new Set(m.tensors.map((t) => t.name)).size).toBe(m.tensors.length);
  });

  it('blocks-64mib is exactly 64 MiB', () => {
    expect(modelBytes(findModel('blocks-64mib')!)).toBe(64 * 1024 * 1024);
  });
});

describe('strategy catalogue', () => {
  it('has the article six CPU variants under their names', () => {
    const origins = STRATEGIES.filter((s) => s.origin?.startsWith('article CPU')).map((s) => [s.origin, s.name]);
    expect(origins).toEqual([
      ['article CPU 1', 'del-gc'],
      ['article CPU 2', 'del-params-gc'],
      ['article CPU 3', 'malloc-trim'],
      ['article CPU 4', 'del-params-cpu-trim'],
      ['article CPU 5', 'trim-threshold-setenv'],
      ['article CPU 6', 'trim-threshold-startup'],
    ]);
  });

  it('the start-up variants differ only in environment; the in-process one only in setenvInProcess', () => {
    const by = (n: string) => STRATEGIES.find((s) => s.name === n)!;
    expect(by('trim-threshold-startup').env).toEqual({ MALLOC_TRIM_THRESHOLD_: '-1' });
    expect(by('trim-threshold-setenv').env).toEqual({});
    expect(by('trim-threshold-setenv').setenvInProcess).toEqual({ MALLOC_TRIM_THRESHOLD_: '-1' });
    expect(by('jemalloc').preload).toEqual(['libjemalloc.so.2']);
  });

  it('every strategy runs on the python runtime (on the GPU at least) or, done from outside a process, on a server; the article GPU 1-8 are there', () => {
    const anywhere = [...PYTHON_RUNTIME.devices.cuda!.actions, ...SERVING.devices.cpu!.actions];
    for (const s of STRATEGIES) for (const a of [...s.beforeUnload, ...s.afterUnload]) expect(anywhere).toContain(a);
    const gpu = STRATEGIES.filter((s) => s.origin?.startsWith('article GPU')).map((s) => s.origin);
    expect(gpu).toEqual(['article GPU 2', 'article GPU 3', 'article GPU 4', 'article GPU 5', 'article GPU 6', 'article GPU 7', 'article GPU 8']);
  });
});
