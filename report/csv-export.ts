import { FAMILIES } from '../src/figures/families.js';
import { axisValue } from '../src/store/cell-record.js';
import { METRIC_NAMES } from '../src/samplers/metrics.js';
import { toCsv } from '../src/store/csv.js';
import { axisColumn, summaryColumns } from '../src/store/summary-csv.js';
import { columnsCsv } from '../src/store/csv.js';
import { variantsCsv } from '../src/store/variants-csv.js';
import type { RunData } from '../src/store/load-run.js';

/** The report's CSVs: summary (per cell and repeat), each family's files, tidy marks (per cell, mark and metric), samples. */
export function reportCsvs(data: RunData): Record<string, string> {
  const axes = [...new Set(data.records.flatMap((r) => Object.keys(r.axes)))];
  const summary = summaryColumns(data.records, axes);
  const taken = summary.map((c) => c.name);
  const byCell = new Map(data.records.map((r) => [r.cell, r]));
  const others = axes.filter((a) => a !== 'strategy');
  const id = (cell: string) => {
    const r = byCell.get(cell)!;
    const axisValues = Object.fromEntries(others.map((a) => [axisColumn(a, taken), axisValue(r, a) === undefined ? undefined : String(axisValue(r, a))]));
    return { cell, scenario: r.scenario, variant: r.variant, repeat: r.repeat, status: r.status, ...axisValues };
  };
  const idColumns = ['cell', 'scenario', 'variant', 'repeat', 'status', ...others.map((a) => axisColumn(a, taken))];

  const marks = [...data.marks].flatMap(([cell, rows]) =>
    rows.flatMap((m) =>
      METRIC_NAMES.filter((metric) => m.values[metric] !== undefined).map((metric) => ({
        ...id(cell),
        index: m.index,
        label: m.label,
        cycle: m.cycle ?? undefined,
        settled: m.settled,
        t_ms: m.t_ms,
        metric,
        value_mib: m.values[metric],
      })),
    ),
  );
  const samples = [...data.samples].flatMap(([cell, rows]) => rows.map((s) => ({ ...id(cell), t_ms: s.t_ms, ...s.values })));
  return {
    'summary.csv': columnsCsv(summary, data.records),
    'variants.csv': variantsCsv(data.view),
    ...Object.assign({}, ...FAMILIES.map((f) => f.csvFiles?.(data.view) ?? {})),
    'marks.csv': toCsv([...idColumns, 'index', 'label', 'cycle', 'settled', 't_ms', 'metric', 'value_mib'], marks, { value_mib: 4 }),
    'samples.csv': toCsv([...idColumns, 't_ms', ...METRIC_NAMES], samples),
  };
}
