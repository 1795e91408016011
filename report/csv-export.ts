import { METRIC_NAMES } from '../src/samplers/metrics.js';
import { round, toCsv } from '../src/store/csv.js';
import { axisColumn, summaryColumns } from '../src/store/summary-row.js';
import { TRAINING_TABLE_COLUMNS, trainingRows } from '../src/store/training-table.js';
import type { RunData } from './load-run.js';

/** The report's CSVs: summary (per cell and repeat), tidy marks (per cell, mark and metric), samples. */
export function reportCsvs(data: RunData): Record<string, string> {
  const axes = [...new Set(data.records.flatMap((r) => Object.keys(r.axes)))];
  const id = (cell: string) => {
    const r = data.records.find((x) => x.cell === cell)!;
    const axisValues = Object.fromEntries(axes.filter((a) => a !== 'strategy').map((a) => [axisColumn(a), r.axes[a] === undefined ? undefined : String(r.axes[a])]));
    return { cell, scenario: r.scenario, variant: r.variant, repeat: r.repeat, status: r.status, ...axisValues };
  };
  const idColumns = ['cell', 'scenario', 'variant', 'repeat', 'status', ...axes.filter((a) => a !== 'strategy').map(axisColumn)];

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
        value_mib: round(m.values[metric]),
      })),
    ),
  );
  const samples = [...data.samples].flatMap(([cell, rows]) => rows.map((s) => ({ ...id(cell), t_ms: s.t_ms, ...s.values })));
  const training = trainingRows(data.records);
  return {
    'summary.csv': toCsv(summaryColumns(axes, training.length > 0), data.records.map((r) => r.summary)),
    ...(training.length ? { 'training.csv': toCsv(TRAINING_TABLE_COLUMNS, training) } : {}),
    'marks.csv': toCsv([...idColumns, 'index', 'label', 'cycle', 'settled', 't_ms', 'metric', 'value_mib'], marks),
    'samples.csv': toCsv([...idColumns, 't_ms', ...METRIC_NAMES], samples),
  };
}
