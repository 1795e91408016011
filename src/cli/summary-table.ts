import type { CellRecord } from '../store/cell-record.js';
import { mib, table } from './format.js';

/** The summary a person reads after a run: one row per cell and repeat, failures explained below. */
export function summaryTable(records: readonly CellRecord[]): string {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes).filter((a) => a !== 'strategy')))];
  const repeats = records.some((r) => r.repeat > 1);
  const header = ['variant', ...axes, ...(repeats ? ['rep'] : []), 'status', 'metric', 'baseline', 'peak', 'residual', 'retained', 'release', 'drift/cycle', 'wall s'];
  const rows = records.map((r) => {
    const s = r.summary;
    return [
      r.variant,
      ...axes.map((a) => String(r.axes[a] ?? '') + (a === 'source' && s.sources && s.sources !== r.axes[a] ? `->${s.sources}` : '')),
      ...(repeats ? [String(r.repeat)] : []),
      r.status,
      r.metric,
      mib(s.baseline_mib),
      mib(s.peak_mib),
      mib(s.residual_mib),
      mib(s.retained_mib),
      s.release_ratio === undefined || s.release_ratio === '' ? '-' : `${Math.round(Number(s.release_ratio) * 100)}%`,
      s.drift_mib_per_cycle === undefined || s.drift_mib_per_cycle === '' ? '-' : Number(s.drift_mib_per_cycle).toFixed(2),
      s.wall_s === undefined || s.wall_s === '' ? '-' : Number(s.wall_s).toFixed(1),
    ];
  });
  const notes = records.filter((r) => r.status !== 'ok').map((r) => `  ${r.cell}: ${r.status}: ${r.reason ?? ''}`);
  return [`All figures in MiB.`, table(header, rows), ...(notes.length ? ['', 'Not ok:', ...notes] : [])].join('\n');
}
