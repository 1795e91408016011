import { FAMILIES } from '../figures/families.js';
import { axisValue, type CellRecord } from '../store/cell-record.js';
import { columnsCsv, type CsvColumn } from '../store/csv.js';
import { settingAxes } from '../scenario/axes.js';

/** The identity columns of summary.csv (docs/design.md); the figure families' columns follow, then axes, then details. */
export const IDENTITY_COLUMNS: readonly CsvColumn<CellRecord>[] = [
  { name: 'scenario', get: (r) => r.scenario },
  { name: 'runtime', get: (r) => r.runtime },
  { name: 'device', get: (r) => r.device },
  { name: 'variant', get: (r) => r.variant },
  { name: 'repeat', get: (r) => r.repeat },
  { name: 'status', get: (r) => r.status },
  { name: 'metric', get: (r) => r.metric },
];

export const DETAIL_COLUMNS: readonly CsvColumn<CellRecord>[] = [
  { name: 'cell', get: (r) => r.cell },
  { name: 'sources', get: (r) => (r.sources ? [...new Set(Object.values(r.sources))].join('+') : undefined) },
  { name: 'marks', get: (r) => r.marks },
  { name: 'reason', get: (r) => (r.status === 'ok' ? undefined : r.reason) },
];

/** The figure families' columns for these records (a family's optional ones only when some record has its figures). */
function figureColumns(records: readonly CellRecord[]): CsvColumn<CellRecord>[] {
  return FAMILIES.flatMap((f) =>
    !f.summaryColumns || (f.columnsOnlyWithFigures && !records.some((r) => r.status === 'ok' && r.figures[f.id] !== undefined)) ? [] : [...f.summaryColumns],
  );
}

/** Column name of a matrix axis; prefixed where it would clash with another column. */
export function axisColumn(axis: string, taken: readonly string[]): string {
  return taken.includes(axis) ? `axis_${axis}` : axis;
}

/** Every column of summary.csv for these records, the axes (strategy is `variant`) between figures and details. */
export function summaryColumns(records: readonly CellRecord[], axes: readonly string[]): CsvColumn<CellRecord>[] {
  const fixed = [...IDENTITY_COLUMNS, ...figureColumns(records)];
  const taken = [...fixed, ...DETAIL_COLUMNS, ...FAMILIES.flatMap((f) => f.summaryColumns ?? [])].map((c) => c.name);
  const axisColumns = [...new Set(settingAxes(axes))].map(
    (a): CsvColumn<CellRecord> => ({ name: axisColumn(a, taken), get: (r) => { const v = axisValue(r, a); return v === undefined ? undefined : String(v); } }),
  );
  return [...fixed, ...axisColumns, ...DETAIL_COLUMNS];
}

/** summary.csv: one row per run of a cell, in the order given. */
export function summaryCsv(records: readonly CellRecord[], axes: readonly string[]): string {
  return columnsCsv(summaryColumns(records, axes), records);
}
