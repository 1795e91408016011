import type { CellGroup, RunView } from '../figures/run-view.js';
import { figureIn } from '../figures/figure-def.js';
import { estimateOf, valuesOf, wordFor } from '../figures/statistics/aggregate.js';
import { axisValue } from '../store/cell-record.js';
import { compareSamples } from '../stats/rank-test.js';
import { DEFAULT_FIGURE, describeExpectation, describeOther, otherAxes, type Expectation } from './expectation.js';

export type Verdict = 'PASS' | 'FAIL' | 'UNDECIDED';

/** One expectation of a scenario, judged on the cells it selects. */
export interface Judged {
  scenario: string;
  expectation: Expectation;
  text: string;
  verdict: Verdict;
  /** Per cell: the figure as measured, and why that cell's verdict is what it is. */
  cells: { group: CellGroup; verdict: Verdict; figure: string; why: string }[];
}

const fmt = (v: number | undefined) => (v === undefined ? '?' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3).replace(/\.?0+$/, ''));

/** The cells an expectation selects: its variants (default all) with its axis values. */
export function selectedCells(view: RunView, scenario: string, e: Expectation): CellGroup[] {
  const variants = e.variant === undefined ? undefined : Array.isArray(e.variant) ? e.variant : [e.variant];
  return view.groups.filter(
    (g) =>
      g.scenario === scenario &&
      (!variants || variants.includes(g.variant)) &&
      Object.entries(e.where ?? {}).every(([axis, v]) => String(axisValue(g, axis)) === String(v)),
  );
}

/**
 * A bound holds when a one-sided 95% confidence bound of the median is on its side; it fails when the
 * other bound is past it; otherwise (an interval across the bound, or too few runs for a 95% bound:
 * fewer than 5) nobody can tell, and the verdict says UNDECIDED rather than guess.
 */
function judgeBound(g: CellGroup, figure: string, bound: number, atMost: boolean): { verdict: Verdict; figure: string; why: string } {
  const e = estimateOf(g, figure);
  const shown = `${fmt(e.median)} (n=${e.n}${e.lower !== undefined ? `, 95% bounds ${fmt(e.lower)}..${fmt(e.upper)}` : ''})`;
  if (e.median === undefined) return { verdict: 'UNDECIDED', figure: shown, why: 'no run ended ok' };
  if (e.upper === undefined || e.lower === undefined) return { verdict: 'UNDECIDED', figure: shown, why: `${e.n} run${e.n === 1 ? '' : 's'}: a 95% bound on the median needs at least 5 (--repeat 5)` };
  const [pass, fail] = atMost ? [e.upper <= bound, e.lower > bound] : [e.lower >= bound, e.upper < bound];
  if (pass) return { verdict: 'PASS', figure: shown, why: `the median is ${atMost ? 'at most' : 'at least'} ${fmt(atMost ? e.upper : e.lower)} with 95% confidence` };
  if (fail) return { verdict: 'FAIL', figure: shown, why: `the median is ${atMost ? 'above' : 'below'} ${bound} with 95% confidence` };
  return { verdict: 'UNDECIDED', figure: shown, why: `the runs do not settle it: ${fmt(e.lower)}..${fmt(e.upper)} straddles ${bound}` };
}

/**
 * "Better than X": PASS when this cell's runs are better than X's by the rule every table uses
 * (decideDifference: the exact rank-sum test at 5%, the direction from the data), FAIL when they are
 * worse, UNDECIDED otherwise, including sizes that cannot show a difference at 5%. The shift and its
 * interval are shown beside it.
 */
function judgeComparison(view: RunView, g: CellGroup, figure: string, against: Expectation['better_than'] & {}, better: boolean): { verdict: Verdict; figure: string; why: string } {
  const other = describeOther(against);
  const twin = view.twinWith(g, otherAxes(against));
  if (!twin) return { verdict: 'UNDECIDED', figure: '-', why: `no cell of ${other} with the same other axes` };
  const c = compareSamples(valuesOf(g, figure), valuesOf(twin, figure));
  if (!c) return { verdict: 'UNDECIDED', figure: '-', why: 'no runs ended ok on one side' };
  const shown = `${c.shift >= 0 ? '+' : ''}${fmt(c.shift)}${c.shiftLo !== undefined ? ` [${fmt(c.shiftLo)}, ${fmt(c.shiftHi)}]` : ''} vs ${other} (p=${c.p.toFixed(3)}, n=${c.n1}/${c.n2})`;
  // The same rule as the tables' words (decideDifference): a verdict and its row never disagree.
  const { word, why } = wordFor(c, figureIn(view.figures, figure));
  if (word === 'better' || word === 'worse') {
    const holds = (word === 'better') === better;
    return { verdict: holds ? 'PASS' : 'FAIL', figure: shown, why: `${word} than ${other} with 95% confidence (p=${c.p < 0.001 ? '<0.001' : c.p.toFixed(3)})` };
  }
  return { verdict: 'UNDECIDED', figure: shown, why: word === 'undecided' ? `${why ?? 'too few runs'} (--repeat 5)` : `no clear difference${why ? ` (${why})` : ''}` };
}

const judgedViews = new WeakMap<RunView, Judged[]>();

/** Every expectation of the view's scenarios, judged (memoized per view: tables, CSVs and the report ask). */
export function judge(view: RunView): Judged[] {
  let judged = judgedViews.get(view);
  if (!judged) judgedViews.set(view, (judged = judgeAll(view)));
  return judged;
}

function judgeAll(view: RunView): Judged[] {
  const out: Judged[] = [];
  for (const scenario of new Set(view.groups.map((g) => g.scenario))) {
    for (const e of view.judgement(scenario)?.expect ?? []) {
      const figure = e.figure ?? DEFAULT_FIGURE;
      const cells = selectedCells(view, scenario, e).map((group) => {
        const r =
          e.at_most !== undefined
            ? judgeBound(group, figure, e.at_most, true)
            : e.at_least !== undefined
              ? judgeBound(group, figure, e.at_least, false)
              : judgeComparison(view, group, figure, (e.better_than ?? e.worse_than)!, e.better_than !== undefined);
        // A run that changed the scenario (fewer iterations) can fail expectations written for it as it is: said.
        const changed = view.judgement(scenario)?.changed;
        return { group, ...r, ...(r.verdict === 'FAIL' && changed ? { why: `${r.why}; this run changed the scenario (${changed}): its expectations were written for the scenario as it is` } : {}) };
      });
      const verdict: Verdict = !cells.length ? 'UNDECIDED' : cells.some((c) => c.verdict === 'FAIL') ? 'FAIL' : cells.every((c) => c.verdict === 'PASS') ? 'PASS' : 'UNDECIDED';
      out.push({ scenario, expectation: e, text: describeExpectation(e), verdict, cells });
    }
  }
  return out;
}

/** "article-cpu: 10 of 10 expectations hold" per scenario, with what did not. */
export function verdictLines(judged: readonly Judged[]): string[] {
  const lines: string[] = [];
  for (const scenario of new Set(judged.map((j) => j.scenario))) {
    const mine = judged.filter((j) => j.scenario === scenario);
    const count = (v: Verdict) => mine.filter((j) => j.verdict === v).length;
    const absent = mine.filter((j) => !j.cells.length).length;
    const undecided = count('UNDECIDED') - absent;
    const extra = [
      count('FAIL') ? `${count('FAIL')} failed` : '',
      undecided ? `${undecided} undecided` : '',
      absent ? `${absent} about cells this run did not have` : '',
    ].filter(Boolean).join(', ');
    lines.push(`${scenario}: ${count('PASS')} of ${mine.length} expectations hold${extra ? ` (${extra})` : ''}`);
  }
  return lines;
}
