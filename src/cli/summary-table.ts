import type { CellRecord } from '../store/cell-record.js';
import { mib, table } from './format.js';
import { trainingGrid } from './training-grid.js';

/** The summary as rows of display strings: shared by the terminal, summary.md and index.html. */
export interface SummaryGrid {
  header: string[];
  rows: string[][];
  /** Per row, the record it shows (for status styling and reasons). */
  records: CellRecord[];
}

export function summaryGrid(records: readonly CellRecord[]): SummaryGrid {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes).filter((a) => a !== 'strategy')))];
  const scenarios = new Set(records.map((r) => r.scenario)).size > 1;
  const repeats = records.some((r) => r.repeat > 1);
  const header = [...(scenarios ? ['scenario'] : []), 'variant', ...axes, ...(repeats ? ['rep'] : []), 'status', 'metric', 'baseline', 'peak', 'residual', 'retained', 'release', 'drift/cycle', 'wall s'];
  const rows = records.map((r) => {
    const s = r.summary;
    const blank = (v: unknown) => v === undefined || v === '';
    return [
      ...(scenarios ? [r.scenario] : []),
      r.variant,
      ...axes.map((a) => {
        const v = r.axes[a];
        if (v === undefined) return '';
        if (v === '') return '(unset)';
        return String(v) + (a === 'source' && v === 'auto' && s.sources ? `->${s.sources}` : '');
      }),
      ...(repeats ? [String(r.repeat)] : []),
      r.status,
      r.metric,
      mib(s.baseline_mib),
      mib(s.peak_mib),
      mib(s.residual_mib),
      mib(s.retained_mib),
      blank(s.release_ratio) ? '-' : `${Math.round(Number(s.release_ratio) * 100)}%`,
      blank(s.drift_mib_per_cycle) ? '-' : Number(s.drift_mib_per_cycle).toFixed(2),
      blank(s.wall_s) ? '-' : Number(s.wall_s).toFixed(1),
    ];
  });
  return { header, rows, records: [...records] };
}

/** The records that did not end ok, with their reasons. */
export function notOk(records: readonly CellRecord[]): CellRecord[] {
  return records.filter((r) => r.status !== 'ok');
}

/** The summary a person reads after a run: one row per cell and repeat, failures explained below. */
export function summaryTable(records: readonly CellRecord[]): string {
  const g = summaryGrid(records);
  const failures = groupedReasons(notOk(records));
  const notes = records.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.cell}: ${n}`));
  const training = trainingGrid(records);
  return [
    'All figures in MiB.',
    table(g.header, g.rows),
    ...(training ? ['', 'Training (peak over the steps; saved and slower: checkpointing on against off):', table(training.header, training.rows)] : []),
    ...(failures.length ? ['', 'Not ok:', ...failures] : []),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** One line per cell that was not ok; cells that share a status and reason share a line. */
function groupedReasons(records: readonly CellRecord[]): string[] {
  const groups = new Map<string, CellRecord[]>();
  for (const r of records) {
    const key = `${r.status}: ${r.reason ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, rs]) => (rs.length === 1 ? `  ${rs[0]!.cell}: ${key}` : `  ${rs.length} cells ${key}`));
}
