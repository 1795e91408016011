import { familyTables } from '../src/figures/families.js';
import type { Chart } from '../src/figures/chart.js';
import type { FamilyTable } from '../src/figures/family.js';
import type { AnalysedRun as RunData } from '../src/analysis/load.js';
import { notOk, type NotOkRecord } from '../src/store/cell-record.js';
import { judge, verdictLines } from '../src/verdicts/judge.js';

/** The per-run table is cut here in the report (summary.csv keeps every run): thousands of rows answer nothing. */
export const PER_RUN_ROWS = 500;

/**
 * What a report shows, in the order a reader wants it: first the answer (the verdict line, the
 * residual chart, the summary with its words), then the other tables and charts, and every run last,
 * collapsed. index.html and summary.md both follow it.
 */
export interface ReportLayout {
  verdicts: string[];
  /** The residual chart of each scenario: memory left per variant, best first. */
  headline: Chart[];
  summary: FamilyTable | undefined;
  tables: FamilyTable[];
  failures: NotOkRecord[];
  charts: Chart[];
  perRun: FamilyTable | undefined;
  /** Rows of the per-run table left out (they are in summary.csv). */
  perRunCut: number;
  /** The runs' notes (the first PER_RUN_ROWS), and how many more there are (in each cell's cell.json). */
  notes: { cell: string; note: string }[];
  notesCut: number;
}

const isHeadline = (c: Chart) => c.id.endsWith('-residual');

export function reportLayout(data: RunData, charts: readonly Chart[]): ReportLayout {
  const tables = familyTables(data.view, { both: true });
  const perRun = tables.find((t) => t.rows === 'per-run');
  const summary = tables.find((t) => t.rows === 'per-cell');
  const cut = perRun ? Math.max(0, perRun.grid.rows.length - PER_RUN_ROWS) : 0;
  const notes = data.records.flatMap((r) => (r.notes ?? []).map((note) => ({ cell: r.cell, note })));
  return {
    verdicts: verdictLines(judge(data.view)),
    headline: charts.filter(isHeadline),
    summary,
    // The verdicts' detail first: it explains the verdict line above.
    tables: tables.filter((t) => t !== perRun && t !== summary).sort((a, b) => Number(b.id === 'verdicts') - Number(a.id === 'verdicts')),
    failures: notOk(data.records),
    charts: charts.filter((c) => !isHeadline(c)),
    perRun: perRun && cut ? { ...perRun, grid: { ...perRun.grid, rows: perRun.grid.rows.slice(0, PER_RUN_ROWS), ...(perRun.grid.rowClass ? { rowClass: perRun.grid.rowClass.slice(0, PER_RUN_ROWS) } : {}) } } : perRun,
    perRunCut: cut,
    notes: notes.slice(0, PER_RUN_ROWS),
    notesCut: Math.max(0, notes.length - PER_RUN_ROWS),
  };
}
