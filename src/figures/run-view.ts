import { axisValue, isOk, type CellRecord, type OkRecord } from '../store/cell-record.js';
import type { Expectation } from '../scenario/expectation-schema.js';
import type { FigureCatalogue } from './figure-def.js';
import { STRATEGY_AXIS } from '../scenario/axes.js';

/** The runs of one matrix cell (its repeats): what statistics, comparisons and verdicts are about. */
export interface CellGroup {
  key: string;
  scenario: string;
  variant: string;
  runtime: string;
  device: string;
  metric: string;
  /** The cell's matrix values (strategy included), from its first run. */
  axes: CellRecord['axes'];
  records: CellRecord[];
  ok: OkRecord[];
  /** The figures its runs may have (the run's catalogue). */
  figures: FigureCatalogue;
}

/** Per scenario: the variant others are compared with, and the outcomes it expects. */
export interface ScenarioJudgement {
  reference: string;
  expect: readonly Expectation[];
  /** What the run changed of the scenario as written (--iterations, --set), when it did: said with a FAIL. */
  changed?: string;
}

/** A run (or a results directory) as the figure families see it: records, grouped by cell, and how to judge them. */
export interface RunView {
  records: readonly CellRecord[];
  groups: readonly CellGroup[];
  /** Every figure the analysis defines, by name. */
  figures: FigureCatalogue;
  judgement(scenario: string): ScenarioJudgement | undefined;
  /** The cell of `variant` that differs from `g` in nothing else (the same scenario and other axes). */
  twin(g: CellGroup, variant: string): CellGroup | undefined;
  /** The cell that has these axis values (strategy: a variant) and `g`'s others. */
  twinWith(g: CellGroup, change: Readonly<Record<string, string | number | boolean>>): CellGroup | undefined;
}

export function runView(records: readonly CellRecord[], judgements: ReadonlyMap<string, ScenarioJudgement>, figures: FigureCatalogue): RunView {
  const byKey = new Map<string, CellGroup>();
  for (const r of records) {
    const key = JSON.stringify([r.scenario, r.matrixCell]);
    let g = byKey.get(key);
    if (!g) {
      g = { key, scenario: r.scenario, variant: r.variant, runtime: r.runtime, device: r.device, metric: r.metric, axes: r.axes, records: [], ok: [], figures };
      byKey.set(key, g);
    }
    g.records.push(r);
    if (isOk(r)) g.ok.push(r);
  }
  const groups = [...byKey.values()];
  const axesOf = new Map<string, string[]>();
  for (const g of groups) axesOf.set(g.scenario, [...new Set([...(axesOf.get(g.scenario) ?? []), ...Object.keys(g.axes)])]);
  return {
    records,
    groups,
    figures,
    judgement: (scenario) => judgements.get(scenario),
    twin(g, variant) {
      return this.twinWith(g, { strategy: variant });
    },
    twinWith(g, change) {
      const names = axesOf.get(g.scenario) ?? [];
      const value = (x: CellGroup, a: string) => (a === STRATEGY_AXIS ? x.variant : String(axisValue(x, a) ?? ''));
      const wanted = (a: string) => (Object.hasOwn(change, a) ? String(change[a]) : value(g, a));
      return groups.find((o) => o !== g && o.scenario === g.scenario && [...new Set([...names, STRATEGY_AXIS])].every((a) => value(o, a) === wanted(a)));
    },
  };
}
