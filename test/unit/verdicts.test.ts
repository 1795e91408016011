import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runView } from '../../src/figures/run-view.js';
import { FIGURES } from '../../src/analysis/figures.js';
import { versusReference } from '../../src/figures/statistics/aggregate.js';
import type { Expectation } from '../../src/scenario/expectation-schema.js';
import { judge, verdictLines } from '../../src/verdicts/judge.js';
import { junitXml } from '../../src/verdicts/junit.js';
import { runs } from '../fixtures/records.js';

const view = (expect: Expectation[], ...records: ReturnType<typeof runs>[]) =>
  runView(records.flat(), new Map([['s', { reference: 'del-gc', expect }]]), FIGURES);

describe('verdicts on constructed runs', () => {
  const kept = runs('s', 'del-gc', [338, 354, 509, 344, 351]);
  const trimmed = runs('s', 'malloc-trim', [10.9, 10.9, 11.0, 10.8, 10.9]);
  const noisy = runs('s', 'noisy', [10, 30, 50, 20, 40]);
  const few = runs('s', 'few', [10.9, 10.9, 10.9]);

  it('a bound: PASS when a one-sided 95% bound is on its side, FAIL when the other is past it, UNDECIDED between', () => {
    const judged = judge(
      view(
        [
          { variant: 'malloc-trim', at_most: 25 },
          { variant: 'del-gc', at_most: 25 },
          { variant: 'noisy', at_most: 25 },
          { variant: 'del-gc', at_least: 100 },
        ],
        kept,
        trimmed,
        noisy,
      ),
    );
    expect(judged.map((j) => j.verdict)).toEqual(['PASS', 'FAIL', 'UNDECIDED', 'PASS']);
    expect(judged[2]!.cells[0]!.why).toBe('the runs do not settle it: 10..50 straddles 25');
  });

  it('fewer than 5 runs: UNDECIDED, with how many it needs', () => {
    const [j] = judge(view([{ variant: 'few', at_most: 25 }], few));
    expect(j!.verdict).toBe('UNDECIDED');
    expect(j!.cells[0]!.why).toBe('3 runs: a 95% bound on the median needs at least 5 (--repeat 5)');
  });

  it('a comparison: PASS when the runs are better by the exact rank-sum test, FAIL when worse, UNDECIDED otherwise', () => {
    const judged = judge(
      view(
        [
          { variant: 'malloc-trim', better_than: 'del-gc' },
          { variant: 'del-gc', better_than: 'malloc-trim' },
          { variant: 'few', better_than: 'del-gc' },
          { variant: 'del-gc', worse_than: 'malloc-trim' },
        ],
        kept,
        trimmed,
        runs('s', 'few', [10, 10]),
      ),
    );
    expect(judged.map((j) => j.verdict)).toEqual(['PASS', 'FAIL', 'UNDECIDED', 'PASS']);
    // 2 against 5 runs: the smallest two-sided p is 2/21, above 5%.
    expect(judged[2]!.cells[0]!.why).toBe('2 and 5 runs cannot show a difference at 5% (the smallest p they can give is 0.095) (--repeat 5)');
  });

  it('the verdict and the summary table use one rule: they agree on every case, ties and 1 against 39 included (issue 19)', () => {
    let x = 7;
    const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648);
    const cases: [number[], number[]][] = [
      [[1], Array.from({ length: 39 }, (_, i) => 10 + i)],
      [[100, 100, 100, 101, 101, 101, 101], Array(11).fill(101)],
    ];
    for (let i = 0; i < 300; i++) {
      const n1 = 1 + Math.floor(next() * 9);
      const n2 = 1 + Math.floor(next() * 9);
      const shift = Math.floor(next() * 4);
      cases.push([Array.from({ length: n1 }, () => Math.round(next() * 4)), Array.from({ length: n2 }, () => shift + Math.round(next() * 4))]);
    }
    for (const [a, b] of cases) {
      const v = view([{ variant: 'a', better_than: 'del-gc' }], runs('s', 'del-gc', b), runs('s', 'a', a));
      const verdict = judge(v)[0]!.verdict;
      const word = versusReference(v, v.groups.find((g) => g.variant === 'a')!)!.word;
      expect(verdict, `${a} against ${b}: ${word}`).toBe(word === 'better' ? 'PASS' : word === 'worse' ? 'FAIL' : 'UNDECIDED');
    }
  });

  it('against other axis values: checkpointing on is better than off', () => {
    const off = runs('s', 'del-gc', [900, 910, 905, 902, 908], { checkpointing: 'off' });
    const on = runs('s', 'del-gc', [600, 605, 602, 610, 601], { checkpointing: 'on' });
    const [j] = judge(view([{ where: { checkpointing: 'on' }, better_than: { checkpointing: 'off' } }], off, on));
    expect(j!.verdict).toBe('PASS');
    expect(j!.cells).toHaveLength(1);
  });

  it('several cells: any FAIL fails, all PASS passes; no matching cell is UNDECIDED', () => {
    const judged = judge(view([{ variant: ['malloc-trim', 'del-gc'], at_most: 25 }, { variant: 'gone', at_most: 1 }], kept, trimmed));
    expect(judged.map((j) => j.verdict)).toEqual(['FAIL', 'UNDECIDED']);
    expect(verdictLines(judged)).toEqual(['s: 0 of 2 expectations hold (1 failed, 1 about cells this run did not have)']);
  });

  it('JUnit XML parses, with one test case per expectation, failures and skips where they are', () => {
    const judged = judge(view([{ variant: 'malloc-trim', at_most: 25 }, { variant: 'del-gc', at_most: 25 }, { variant: 'few', at_most: 25 }], kept, trimmed, few));
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junitXml(judged)) as { testsuites: { testsuite: { '@_tests': string; '@_failures': string; testcase: Record<string, unknown>[] } } };
    const suite = xml.testsuites.testsuite;
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    expect(suite.testcase).toHaveLength(3);
    expect(suite.testcase.map((t) => ('failure' in t ? 'failure' : 'skipped' in t ? 'skipped' : 'ok'))).toEqual(['ok', 'failure', 'skipped']);
  });
});

describe('a run that changed its scenario', () => {
  it('a FAIL says that the run changed the scenario (--iterations) its expectations were written for', async () => {
    const { judgementsOf } = await import('../../src/verdicts/judgements.js');
    const raw = { iterations: 3, reference: 'del-gc', expect: [{ variant: 'malloc-trim', at_most: 5 }] };
    const judgements = judgementsOf([{ name: 's', raw }], () => {}, { iterations: 1 });
    expect(judgements.get('s')!.changed).toBe('--iterations 1 where it says 3');
    const v = runView([...runs('s', 'del-gc', [350, 351, 352, 353, 354]), ...runs('s', 'malloc-trim', [60, 61, 62, 63, 64])], judgements, FIGURES);
    const [j] = judge(v);
    expect(j!.verdict).toBe('FAIL');
    expect(j!.cells[0]!.why).toBe('the median is above 5 with 95% confidence; this run changed the scenario (--iterations 1 where it says 3): its expectations were written for the scenario as it is');
    // As written, nothing is said.
    expect(judgementsOf([{ name: 's', raw }], () => {}, { iterations: 3 }).get('s')!.changed).toBeUndefined();
  });
});

describe('tables that cannot mislead (issue 19)', () => {
  it('one run per cell (make bench-docker): no comparison columns of p = 1 and d = +-1, one line saying what a verdict needs', async () => {
    const { statisticsGrid, statisticsNotes } = await import('../../src/figures/statistics/table.js');
    const v = view([], runs('s', 'del-gc', [350]), runs('s', 'malloc-trim', [11]), runs('s', 'jemalloc', [13]));
    expect(statisticsGrid(v).header).not.toContain('p');
    expect(statisticsNotes(v).filter((l) => l.startsWith('no comparison'))).toEqual([
      'no comparison with del-gc: 1 and 1 runs cannot show a difference at 5% (the smallest p they can give is 1.000); a verdict needs at least 4 runs of each cell, and a bound on a median 5 (--repeat 5)',
    ]);
    const five = view([], runs('s', 'del-gc', [350, 352, 351, 349, 353]), runs('s', 'malloc-trim', [11, 11, 11, 11, 11]));
    expect(statisticsGrid(five).header).toContain('p');
  });

  it('the same warning for many cells is one line (24 one-run cells of make bench-docker)', async () => {
    const { statisticsNotes } = await import('../../src/figures/statistics/table.js');
    const cells = Array.from({ length: 24 }, (_, i) => runs('s', `v${i}`, [300 + i]));
    const notes = statisticsNotes(view([], runs('s', 'del-gc', [350]), ...cells));
    expect(notes.filter((l) => l.includes('1 run: no interval'))).toEqual(['every cell (25): 1 run: no interval and no verdict below 3 (run more: --repeat 5)']);
    const mixed = statisticsNotes(view([], runs('s', 'del-gc', [350, 351, 352]), runs('s', 'a', [1]), runs('s', 'b', [2]), runs('s', 'c', [3]), runs('s', 'd', [4])));
    expect(mixed.filter((l) => l.includes('1 run: no interval'))).toEqual(['4 cells (s a, s b, s c, ...): 1 run: no interval and no verdict below 3 (run more: --repeat 5)']);
  });

  it('a run with no finite headline shows in n as 2/3', async () => {
    const { statisticsGrid } = await import('../../src/figures/statistics/table.js');
    const [a, b, c] = runs('s', 'del-gc', [350, 352, 0]);
    const lost = { ...c!, figures: {} } as typeof c;
    expect(statisticsGrid(view([], [a!, b!, lost!])).rows[0]).toContain('2/3');
  });

  it('the trade-off front: medians a few ms apart inside their spread push nobody off it; a significant lead does', async () => {
    const { frontOf } = await import('../../src/figures/costs/trade-off.js');
    const withCosts = (variant: string, kept: number[], ms: number[]) =>
      runs('s', variant, kept).map((r, i) => ({ ...r, figures: { ...(r.status === 'ok' ? r.figures : {}), costs: { release_ms: ms[i]!, reload_ms: 0 } } }) as typeof r);
    const noisy = view(
      [],
      withCosts('a', [11, 11.1, 11, 11.1, 11], [193, 240, 201, 230, 199]),
      withCosts('b', [11, 11.1, 11, 11.1, 11], [205, 210, 195, 236, 220]),
      withCosts('c', [11, 11.1, 11, 11.1, 11], [198, 226, 204, 209, 239]),
    );
    const f = frontOf(noisy, 's');
    expect(f.front.size).toBe(3);
    expect(f.timesDiffer).toBe(false);
    const clear = view([], withCosts('a', [11, 11, 11, 11, 11], [100, 101, 102, 103, 104]), withCosts('slow', [11, 11, 11, 11, 11], [300, 301, 302, 303, 304]));
    expect([...frontOf(clear, 's').front].map((g) => g.variant)).toEqual(['a']);
  });
});
