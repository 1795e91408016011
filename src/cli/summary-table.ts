import { familyTables, type TableChoice } from '../figures/families.js';
import type { RunView } from '../figures/run-view.js';
import { notOk, type CellRecord, type NotOkRecord } from '../store/cell-record.js';
import { textTable } from '../tables/render.js';

/** The summary a person reads after a run: each family's table, failures explained below. */
export function summaryTable(view: RunView, choice: TableChoice = {}): string {
  const failures = groupedReasons(notOk(view.records));
  const notes = groupedNotes(view.records);
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

/**
 * The runs' notes, one line per cell and kind of note: runs of a cell whose notes differ only in their
 * figures share a line, which quotes the first (the report lists every run's).
 */
export function groupedNotes(records: readonly CellRecord[]): string[] {
  const groups = new Map<string, { first: CellRecord; note: string; runs: number }>();
  const runsOf = new Map<string, number>();
  for (const r of records) runsOf.set(r.matrixCell, (runsOf.get(r.matrixCell) ?? 0) + 1);
  for (const r of records) {
    for (const note of r.notes ?? []) {
      const key = JSON.stringify([r.matrixCell, note.replace(/-?\d+(\.\d+)?/g, '#')]);
      const g = groups.get(key);
      if (g) g.runs++;
      else groups.set(key, { first: r, note, runs: 1 });
    }
  }
  return [...groups.values()].map(({ first, note, runs }) => (runs === 1 ? `  ${first.cell}: ${note}` : `  ${first.matrixCell} (${runs} of ${runsOf.get(first.matrixCell)} runs, e.g. r${first.repeat}): ${note}`));
}
