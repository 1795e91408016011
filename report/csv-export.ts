import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { FAMILIES } from '../src/figures/families.js';
import { axisValue } from '../src/store/cell-record.js';
import { METRIC_NAMES } from '../src/metrics/catalogue.js';
import { toCsv, type Value } from '../src/store/csv.js';
import { axisColumn, summaryColumns } from '../src/analysis/summary-csv.js';
import { columnsCsv } from '../src/store/csv.js';
import { variantsCsv } from '../src/analysis/variants-csv.js';
import type { AnalysedRun as RunData } from '../src/analysis/load.js';
import { settingAxes } from '../src/scenario/axes.js';

/** The report's CSVs: summary (per cell and repeat), variants, each family's files. */
export function reportCsvs(data: RunData): Record<string, string> {
  return {
    'summary.csv': columnsCsv(summaryColumns(data.records, axesOf(data)), data.records),
    'variants.csv': variantsCsv(data.view),
    ...Object.assign({}, ...FAMILIES.map((f) => f.csvFiles?.(data.view) ?? {})),
  };
}

/** Runs whose marks and samples the tidy CSVs hold: every run's stay in cells/<cell>/, and thousands in one file help nobody. */
export const TIDY_RUNS = 200;

export const TIDY_FILES = ['marks.csv', 'samples.csv'] as const;

/**
 * marks.csv (a row per run, mark and metric) and samples.csv (a row per run and sample) of the first
 * TIDY_RUNS runs, written into `dir` one run at a time, so memory holds one run's rows whatever the
 * directory's size. Returns how many runs were left out.
 */
export function writeTidyCsvs(data: RunData, dir: string): number {
  const axes = axesOf(data);
  const taken = summaryColumns(data.records, axes).map((c) => c.name);
  const others = settingAxes(axes);
  const idColumns = ['cell', 'scenario', 'variant', 'repeat', 'status', ...others.map((a) => axisColumn(a, taken))];
  const runs = data.records.slice(0, TIDY_RUNS);
  const marks = csvFile(path.join(dir, 'marks.csv'), [...idColumns, 'index', 'label', 'cycle', 'settled', 't_ms', 'metric', 'value_mib'], { value_mib: 4 });
  const samples = csvFile(path.join(dir, 'samples.csv'), [...idColumns, 't_ms', ...METRIC_NAMES]);
  try {
    for (const r of runs) {
      const axisValues = Object.fromEntries(others.map((a) => [axisColumn(a, taken), axisValue(r, a) === undefined ? undefined : String(axisValue(r, a))]));
      const id = { cell: r.cell, scenario: r.scenario, variant: r.variant, repeat: r.repeat, status: r.status, ...axisValues };
      marks.append(
        data.marks(r.cell).flatMap((m) =>
          METRIC_NAMES.filter((metric) => m.values[metric] !== undefined).map((metric) => ({ ...id, index: m.index, label: m.label, cycle: m.cycle ?? undefined, settled: m.settled, t_ms: m.t_ms, metric, value_mib: m.values[metric] })),
        ),
      );
      samples.append(data.samples(r.cell).map((s) => ({ ...id, t_ms: s.t_ms, ...s.values })));
    }
  } finally {
    marks.close();
    samples.close();
  }
  return data.records.length - runs.length;
}

function axesOf(data: RunData): string[] {
  return [...new Set(data.records.flatMap((r) => Object.keys(r.axes)))];
}

/** A CSV file written in pieces: the header once, then rows as they come. */
function csvFile(file: string, columns: readonly string[], digits: Readonly<Record<string, number>> = {}) {
  const fd = openSync(file, 'w');
  writeSync(fd, toCsv(columns, [], digits));
  return {
    append(rows: readonly Record<string, Value>[]) {
      if (rows.length) writeSync(fd, toCsv(columns, rows, digits, false));
    },
    close: () => closeSync(fd),
  };
}
