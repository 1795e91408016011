import { FAMILIES } from '../figures/families.js';
import type { FamilyTable } from '../figures/family.js';
import type { RunView } from '../figures/run-view.js';
import type { CellRecord, NotOkRecord } from '../store/cell-record.js';
import { textTable } from '../tables/render.js';

export interface TableChoice {
  /** One row per run instead of one per cell (reclaim run --per-repeat); the report shows both. */
  perRepeat?: boolean;
  both?: boolean;
}

/** Every figure family's table for this run, in family order; of the per-run and per-cell views, the one chosen. */
export function familyTables(view: RunView, choice: TableChoice = {}): FamilyTable[] {
  const hidden = choice.both ? undefined : choice.perRepeat ? 'per-cell' : 'per-run';
  return FAMILIES.flatMap((f) => f.table?.(view) ?? []).filter((t) => t.rows === undefined || t.rows !== hidden);
}

/** The records that did not end ok, with their reasons. */
export function notOk(records: readonly CellRecord[]): NotOkRecord[] {
  return records.filter((r): r is NotOkRecord => r.status !== 'ok');
}

/** The summary a person reads after a run: each family's table, failures explained below. */
export function summaryTable(view: RunView, choice: TableChoice = {}): string {
  const failures = groupedReasons(notOk(view.records));
  const notes = view.records.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.cell}: ${n}`));
  const tables = familyTables(view, choice).flatMap((t, i) => [...(i ? [''] : []), t.terminal, textTable(t.grid), ...(t.after?.length ? ['', ...t.after] : [])]);
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
