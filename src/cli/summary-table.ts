import { FAMILIES } from '../figures/families.js';
import type { FamilyTable } from '../figures/family.js';
import type { CellRecord, NotOkRecord } from '../store/cell-record.js';
import { textTable } from '../tables/render.js';

/** Every figure family's table for these records, summary first. */
export function familyTables(records: readonly CellRecord[]): FamilyTable[] {
  return FAMILIES.flatMap((f) => f.table?.(records) ?? []);
}

/** The records that did not end ok, with their reasons. */
export function notOk(records: readonly CellRecord[]): NotOkRecord[] {
  return records.filter((r): r is NotOkRecord => r.status !== 'ok');
}

/** The summary a person reads after a run: each family's table, failures explained below. */
export function summaryTable(records: readonly CellRecord[]): string {
  const failures = groupedReasons(notOk(records));
  const notes = records.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.cell}: ${n}`));
  const tables = familyTables(records).flatMap((t, i) => [...(i ? [''] : []), t.terminal, textTable(t.grid)]);
  return [...tables, ...(failures.length ? ['', 'Not ok:', ...failures] : []), ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}

/** One line per cell that was not ok; cells that share a status and reason share a line. */
function groupedReasons(records: readonly NotOkRecord[]): string[] {
  const groups = new Map<string, NotOkRecord[]>();
  for (const r of records) {
    const key = `${r.status}: ${r.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, rs]) => (rs.length === 1 ? `  ${rs[0]!.cell}: ${key}` : `  ${rs.length} cells ${key}`));
}
