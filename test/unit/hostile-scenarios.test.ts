import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandScenario } from '../../src/scenario/expand.js';
import { LIMITS } from '../../src/limits.js';
import { parseScenarioText, readScenarioText } from '../../src/scenario/parse-file.js';
import { problems } from './scenario-problems.js';

/** A valid scenario around the given steps (and top-level lines). */
const scenario = (steps: string, top = '') => `name: t\n${top}steps:\n  - mark: a\n${steps}`;

/** Each class of issue 11, with its smallest example: a located refusal, never a crash. */
describe('hostile scenarios get a precise refusal', () => {
  it('unbounded expansion is counted before it is built', () => {
    const nested = scenario('  - repeat:\n      times: 100000\n      steps:\n        - repeat:\n            times: 100000\n            steps:\n              - mark: x\n', 'iterations: 100000\n');
    expect(problems(nested)).toEqual([`s.yaml:5:5: steps[1]: a cell would run 10000000001 marks (10000000001 plan steps); at most ${LIMITS.marksPerCell} marks and ${LIMITS.stepsPerCell} steps per cell: fewer iterations or repeats`]);
    const axes = Array.from({ length: 9 }, (_, i) => `  a${i}: [0,1,2,3,4,5,6,7,8,9]`).join('\n');
    expect(problems(`name: t\nmatrix:\n${axes}\nsteps:\n  - mark: a\n`)[0]).toMatch(/^s\.yaml:3:3: matrix: the matrix makes 1000000000 cells \(a0: 10 x a1: 10 .*\); a run may hold at most 10000$/);
    expect(problems(scenario('  - load: { model: tiny-bert, source: synthetic }\n  - train: { model: tiny-bert, steps: 1000000000, batch: 1, seq: 1 }\n'))[0]).toMatch(/train\.steps: expected a whole number from 1 to 100000/);
  });

  it('YAML alias bombs, unresolved and recursive aliases, deep nesting', () => {
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nsteps: [{mark: a}]\n`;
    expect(problems(bomb)).toEqual(['s.yaml:2:8: YAML: Excessive alias count (at most 100 aliases are expanded)']);
    expect(problems('steps: *nope\n')).toEqual(['s.yaml:1:8: YAML: the alias *nope names no anchor set before it']);
    expect(problems('name: t\nsteps: &s [{repeat: {times: 1, steps: *s}}]\n')).toEqual(['s.yaml:2:39: YAML: the alias *s refers to a node that contains it (a cycle)']);
    const deep = 's.yaml:1:71: nested more than 64 levels deep; a scenario needs a handful';
    expect(problems(`steps: ${'['.repeat(80)}${']'.repeat(80)}\n`)).toEqual([deep]);
  });

  it('nesting is measured before the YAML parser recurses: 100,000 [ and 10,000 [ get the limit\'s message (issue 19)', () => {
    const deep = 's.yaml:1:71: nested more than 64 levels deep; a scenario needs a handful';
    expect(problems(`steps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toEqual([deep]);
    expect(problems(`steps: ${'['.repeat(10_000)}\n`)).toEqual([deep]);
    expect(problems(`steps: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`)[0]).toMatch(/^s\.yaml:1:\d+: nested more than 64 levels deep/);
    // Block style: compact sequences and indentation count too.
    expect(problems(`steps:\n  ${'- '.repeat(100)}x\n`)[0]).toMatch(/^s\.yaml:2:\d+: nested more than 64 levels deep/);
    const stairs = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(problems(`${stairs} 1\nsteps: [{mark: a}]\n`)[0]).toMatch(/^s\.yaml:65:\d+: nested more than 64 levels deep/);
  });

  it('brackets in quotes, comments and block scalars are not nesting', () => {
    const many = '['.repeat(200);
    expect(problems(scenario(`  - mark: "${many}"\n  - mark: '${many}'\n  # ${many}\n`))).toEqual([]);
    expect(problems(`name: t\ndescription: |\n  ${many}\n  ${'{'.repeat(200)}\nsteps:\n  - mark: a\n`)).toEqual([]);
  });

  it('prototype names are names like any other', () => {
    expect(problems(scenario('  - mark: "${constructor}"\n'))[0]).toMatch(/^s\.yaml:4:11: steps\[1\]\.mark: unknown variable \$\{constructor\}; defined: iterations, scenario$/);
    expect(problems(scenario('', 'matrix:\n  strategy: [toString]\n'))[0]).toMatch(/^s\.yaml:3:14: matrix\.strategy\[0\]: unknown strategy "toString"/);
    expect(problems(scenario('', 'matrix:\n  strategy: [mine]\nstrategies:\n  mine: { extends: valueOf }\n'))[0]).toMatch(/unknown strategy "valueOf"/);
    expect(problems(scenario('', 'strategies:\n  __proto__: { extends: del-gc }\n'))).toEqual(['s.yaml:3:3: strategies: a key may not be "__proto__"']);
    expect(problems(scenario('  - sleep: ${toString}\n'))[0]).toMatch(/unknown variable \$\{toString\}/);
    // A scenario may define such names itself: they are then its own.
    expect(problems(scenario('', 'matrix:\n  strategy: [constructor]\nstrategies:\n  constructor: { extends: malloc-trim }\n'))).toEqual([]);
  });

  it('values filled in from the matrix meet the schema literal ones meet', () => {
    expect(problems(scenario('  - release: ${a}\n', 'matrix:\n  a: [1]\n'))).toEqual([
      's.yaml:6:14: steps[1].release: expected an action, a list of actions, or a variable such as ${action}; got 1 once interpolated, in the cell a=1',
    ]);
    const train = scenario('  - load: { model: tiny-bert, source: synthetic, name: m }\n  - train: { model: m, steps: 1, batch: 1, seq: 4, checkpointing: "${c}" }\n', 'matrix:\n  c: [1]\n');
    expect(problems(train)[0]).toMatch(/^s\.yaml:7:67: steps\[2\]\.train\.checkpointing: .*got 1 once interpolated/);
    // Environment values are text: a number from the matrix is written as one.
    expect(problems(scenario('', 'matrix:\n  n: [2]\nenv:\n  MALLOC_ARENA_MAX: "${n}"\n'))).toEqual([]);
  });

  it('nothing silently empty: variables in matrix values, an exclude that leaves nothing', () => {
    expect(problems(scenario('', 'matrix:\n  a: ["${b}"]\n  b: [x]\n'))).toEqual(['s.yaml:3:7: matrix.a[0]: matrix values are literal: a variable such as ${x} is not expanded here']);
    expect(problems(scenario('', 'matrix:\n  a: [x, y]\nexclude:\n  - { a: x }\n  - { a: y }\n'))).toEqual(['s.yaml:5:3: exclude: exclude leaves no cell to run: every combination of the matrix matches one of its entries']);
  });

  it('numbers have documented maxima', () => {
    expect(problems(scenario('', 'timeout: 3000000\n'))[0]).toMatch(/^s\.yaml:2:10: timeout: Too big: expected number to be <=604800$/);
    expect(problems(scenario('  - sleep: 1e15\n'))[0]).toMatch(/sleep: expected a number of seconds from 0 to 86400/);
    expect(problems(scenario('', 'sample_interval_ms: 1e308\n'))[0]).toMatch(/sample_interval_ms: Too big/);
    expect(problems(scenario('  - keep: 1e15\n'))[0]).toMatch(/keep: expected a whole number from 0 to 1099511627776/);
    expect(problems(scenario('', 'repeat: 1e15\n'))[0]).toMatch(/repeat: Too big: expected number to be <=1000/);
  });

  it('environment names, scenario names from file names, empty release lists', () => {
    for (const key of ['"A=B"', '""', '"A\\nB"']) expect(problems(scenario('', `env:\n  ${key}: x\n`))[0], key).toMatch(/env\[".*"\]: key ".*": expected a variable name of letters, digits and _/);
    expect(problems(scenario('', 'env:\n  A: "x\\0y"\n'))[0]).toMatch(/env\.A: an environment value cannot hold a NUL character/);
    for (const file of ['<img src=x onerror=alert(1)>.yaml', '.yaml', 'a:1:2.yaml']) {
      expect(() => parseScenarioText(file, 'steps:\n  - mark: a\n'), file).toThrow(/the scenario has no name and its file name .* is not one/);
    }
    expect(problems(scenario('  - release: []\n'))[0]).toMatch(/steps\[1\]\.release: expected at least one action/);
    expect(problems(scenario('', 'strategies:\n  x: { preload: ["a.so b.so"] }\n'))[0]).toMatch(/preload\[0\]: expected a library soname or path, without spaces or ":"/);
  });

  it('only regular files of at most 1 MiB are read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reclaim-hostile-'));
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(() => readScenarioText(fifo)).toThrow(`${fifo}: not a regular file; a scenario is a YAML file`);
    expect(() => readScenarioText('/dev/zero')).toThrow('/dev/zero: not a regular file; a scenario is a YAML file');
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(LIMITS.fileBytes)}\n`);
    expect(() => readScenarioText(big)).toThrow(/big\.yaml: 1048579 bytes; a scenario file may hold at most 1048576/);
  });

  it('the shipped scenarios are within every limit', () => {
    expect(() => expandScenario(parseScenarioText('s.yaml', scenario('')))).not.toThrow();
  });
});
