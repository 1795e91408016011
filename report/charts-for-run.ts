import type { Chart, ChartContext, ChartOptions } from '../src/figures/chart.js';
import { NO_FACET } from '../src/figures/chart.js';
import { FAMILIES } from '../src/figures/families.js';
import { axisText, isOk, type CellRecord } from '../src/store/cell-record.js';
import { plainName } from '../src/store/safe-read.js';
import type { AnalysedRun as RunData } from '../src/analysis/load.js';
import { STRATEGY_AXIS } from '../src/scenario/axes.js';

/**
 * Every chart the run has data for, per scenario, in the figure families' order. Only runs that
 * finished ok are drawn (failed ones are in the summary table with their reason); a chart without
 * data is left out, not drawn empty.
 */
export function chartsForRun(data: RunData, opts: ChartOptions): Chart[] {
  const charts: Chart[] = [];
  const stems = new Set<string>();
  for (const scenario of [...new Set(data.records.map((r) => r.scenario))]) {
    // File names come from data: made plain (no "/", no ".."), and unique.
    let stem = plainName(scenario);
    for (let n = 2; stems.has(stem); n++) stem = `${plainName(scenario)}-${n}`;
    stems.add(stem);
    const ctx = chartContext(data, scenario, stem);
    for (const family of FAMILIES) for (const chart of family.charts ?? []) {
      const built = chart.build(ctx, opts);
      if (built) charts.push(built);
    }
  }
  return charts;
}

function chartContext(data: RunData, scenario: string, stem: string): ChartContext {
  const records = data.records.filter((r) => r.scenario === scenario);
  const facets = facetLabeller(records);
  return {
    scenario,
    stem,
    records,
    ok: records.filter(isOk),
    metricOf: (r) => r.metric,
    metric: [...new Set(records.map((r) => r.metric))].join(' / '),
    variants: [...new Set(records.map((r) => r.variant))],
    facets,
    runLabel: (r) => [r.variant, facets.label(r), `r${r.repeat}`].filter(Boolean).join(' · '),
    marks: (r) => data.marks(r.cell),
    samples: (r) => data.samples(r.cell),
    view: data.view,
    groups: data.view.groups.filter((g) => g.scenario === scenario),
  };
}

/** Labels each record by the matrix axes (other than strategy) that take more than one value in the scenario. */
function facetLabeller(records: readonly CellRecord[]): ChartContext['facets'] {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes)))].filter(
    (a) => a !== STRATEGY_AXIS && new Set(records.map((r) => axisText(r, a))).size > 1,
  );
  const label = (r: CellRecord) => (axes.length ? axes.map((a) => `${a}=${axisText(r, a)}`).join(', ') : NO_FACET);
  return { title: axes.join(', '), label };
}
