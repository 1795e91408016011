import { FAMILIES } from '../figures/families.js';
import type { CellGroup, RunView } from '../figures/run-view.js';
import { axisText } from '../store/cell-record.js';
import { columnsCsv, type CsvColumn } from '../store/csv.js';
import { axisColumn } from './summary-csv.js';
import { settingAxes } from '../scenario/axes.js';

const IDENTITY: readonly CsvColumn<CellGroup>[] = [
  { name: 'scenario', get: (g) => g.scenario },
  { name: 'runtime', get: (g) => g.runtime },
  { name: 'device', get: (g) => g.device },
  { name: 'variant', get: (g) => g.variant },
  { name: 'metric', get: (g) => g.metric },
  { name: 'runs', get: (g) => g.records.length },
  { name: 'n', get: (g) => g.ok.length },
];

/** variants.csv: one row per cell of the matrix, over its runs (n of them ended ok), each family's columns. */
export function variantsCsv(view: RunView): string {
  const family = FAMILIES.flatMap((f) => f.variantColumns?.(view) ?? []);
  const taken = [...IDENTITY, ...family].map((c) => c.name);
  const axes = settingAxes(new Set(view.groups.flatMap((g) => Object.keys(g.axes))));
  const axisColumns = axes.map((a): CsvColumn<CellGroup> => ({ name: axisColumn(a, [...taken, 'cell']), get: (g) => axisText(g, a) || undefined }));
  return columnsCsv([...IDENTITY, ...axisColumns, ...family, { name: 'cell', get: (g) => g.records[0]?.matrixCell }], view.groups);
}
