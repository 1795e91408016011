import type { Chart, ChartContext, ChartOptions } from '../src/figures/chart.js';
import { NO_FACET } from '../src/figures/chart.js';
import { FAMILIES } from '../src/figures/families.js';
import { isOk, type CellRecord } from '../src/store/cell-record.js';
import type { RunData } from './load-run.js';

/**
 * Every chart the run has data for, per scenario, in the figure families' order. Only runs that
 * finished ok are drawn (failed ones are in the summary table with their reason); a chart without
 * data is left out, not drawn empty.
 */
export function chartsForRun(data: RunData, opts: ChartOptions): Chart[] {
  const charts: Chart[] = [];
  for (const scenario of [...new Set(data.records.map((r) => r.scenario))]) {
    const ctx = chartContext(data, scenario);
    for (const family of FAMILIES) for (const chart of family.charts ?? []) {
      const built = chart.build(ctx, opts);
      if (built) charts.push(built);
    }
  }
  return charts;
}

function chartContext(data: RunData, scenario: string): ChartContext {
  const records = data.records.filter((r) => r.scenario === scenario);
  const facets = facetLabeller(records);
  return {
    scenario,
    records,
    ok: records.filter(isOk),
    metric: records[0]?.metric ?? 'private',
    variants: [...new Set(records.map((r) => r.variant))],
    facets,
    runLabel: (r) => [r.variant, facets.label(r), `r${r.repeat}`].filter(Boolean).join(' · '),
    marks: (r) => data.marks.get(r.cell) ?? [],
    samples: (r) => data.samples.get(r.cell) ?? [],
  };
}

/** Labels each record by the matrix axes (other than strategy) that take more than one value in the scenario. */
function facetLabeller(records: readonly CellRecord[]): ChartContext['facets'] {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes)))].filter(
    (a) => a !== 'strategy' && new Set(records.map((r) => String(r.axes[a]))).size > 1,
  );
  const label = (r: CellRecord) => (axes.length ? axes.map((a) => `${a}=${r.axes[a] === '' ? '(unset)' : (r.axes[a] ?? '')}`).join(', ') : NO_FACET);
  return { title: axes.join(', '), label };
}
