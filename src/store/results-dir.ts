import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { writeDirAtomic, writeFileAtomic } from './atomic.js';
import type { CellRecord } from './cell-record.js';
import { toCsv } from './csv.js';
import { summaryColumns, type SummaryRow } from './summary-row.js';
import { TRAINING_TABLE_COLUMNS, trainingRows } from './training-table.js';

/** results/<date>-<time>-<scenarios>, under the current directory. */
export function defaultRunDir(scenarioNames: readonly string[], now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const names = [...new Set(scenarioNames)].join('+').slice(0, 80);
  return path.join('results', `${stamp}-${names}`);
}

export const cellDir = (runDir: string, id: string) => path.join(runDir, 'cells', id);

export function writeCell(runDir: string, id: string, files: Record<string, string>): void {
  writeDirAtomic(cellDir(runDir, id), files);
}

/** Every cell.json of a results directory (finished runs only: in-progress ones are not renamed in yet). */
export function readCellRecords(runDir: string): CellRecord[] {
  const cells = path.join(runDir, 'cells');
  if (!existsSync(cells)) return [];
  const out: CellRecord[] = [];
  for (const id of readdirSync(cells).sort()) {
    const file = path.join(cells, id, 'cell.json');
    if (existsSync(file)) out.push(JSON.parse(readFileSync(file, 'utf8')) as CellRecord);
  }
  return out;
}

/** summary.csv, in the matrix's order (rows are given in run order). */
export function writeSummary(runDir: string, rows: readonly SummaryRow[], axes: readonly string[]): void {
  const training = rows.some((r) => r.step_s_median !== undefined && r.step_s_median !== '');
  writeFileAtomic(path.join(runDir, 'summary.csv'), toCsv(summaryColumns(axes, training), rows));
}

/** training.csv, when the run trained anything. */
export function writeTrainingTable(runDir: string, records: readonly CellRecord[]): void {
  const rows = trainingRows(records);
  if (rows.length) writeFileAtomic(path.join(runDir, 'training.csv'), toCsv(TRAINING_TABLE_COLUMNS, rows));
}

export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`${file}: cannot read it (${(err as Error).message})`);
  }
}
