import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { machineLabels, machineFacts } from '../../src/fleet/machines.js';
import { parseShard, runsOfShard } from '../../src/orchestrator/shard.js';

describe('--shard K/N', () => {
  it('parses K/N counted from 1 and refuses anything else with one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '1/', '/3', 'a/b', '1.5/3', '-1/3', '1/3/4', '1/99999999', '']) {
      expect(() => parseShard(bad), bad).toThrow(UserError);
    }
    expect(() => parseShard('4/3')).toThrow(/--shard expects K\/N with 1 <= K <= N/);
  });

  it('splits the runs into contiguous blocks that cover each run exactly once, the same every time', () => {
    for (const total of [0, 1, 5, 6, 7, 60, 101]) {
      const runs = Array.from({ length: total }, (_, i) => `cell${Math.floor(i / 3)}.r${(i % 3) + 1}`);
      for (const count of [1, 2, 3, 7]) {
        const parts = Array.from({ length: count }, (_, i) => runsOfShard(runs, { index: i + 1, count }));
        expect(parts.flat()).toEqual(runs);
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(parts).toEqual(Array.from({ length: count }, (_, i) => runsOfShard([...runs], { index: i + 1, count })));
      }
    }
    // 2 cells x 3 repeats in 2 shards: each cell's repeats stay on one machine.
    expect(runsOfShard(['a.r1', 'a.r2', 'a.r3', 'b.r1', 'b.r2', 'b.r3'], { index: 2, count: 2 })).toEqual(['b.r1', 'b.r2', 'b.r3']);
  });
});

describe('machine labels of a merge', () => {
  const env = (host: string, glibc: string, extra: Record<string, string> = {}) => machineFacts({ host, glibc, allocator_env: extra });

  it('one environment is one machine, whatever the host; another glibc or setting is another', () => {
    expect(env('a', '2.36').identity).toBe(env('b', '2.36').identity);
    expect(env('a', '2.36').identity).not.toBe(env('a', '2.35').identity);
    expect(env('a', '2.36').identity).not.toBe(env('a', '2.36', { MALLOC_ARENA_MAX: '2' }).identity);
  });

  it('names machines by host when hosts differ, else by what differs, numbered when still equal', () => {
    expect(machineLabels([env('h100-node', '2.36'), env('rtx3090', '2.35')])).toEqual(['h100-node', 'rtx3090']);
    expect(machineLabels([env('a', '2.36'), env('a', '2.36', { MALLOC_ARENA_MAX: '2' })])).toEqual(['env MALLOC_ARENA_MAX (none)', 'env MALLOC_ARENA_MAX 2']);
    const long = 'x'.repeat(100);
    const labels = machineLabels([env('a', `${long}1`), env('a', `${long}2`)]);
    expect(labels[0]).not.toBe(labels[1]);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(70);
    expect(machineLabels([env('a\nb', '1'), env('c', '1')])[0]).toBe('a b');
  });
});
