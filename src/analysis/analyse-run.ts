import { FAMILIES } from '../figures/families.js';
import { runView, type RunView } from '../figures/run-view.js';
import { FIGURES } from './figures.js';
import type { CellRecord, Figures } from '../store/cell-record.js';
import type { Overrides } from '../store/manifest.js';
import { judgementsOf } from '../verdicts/judgements.js';

/** A scenario as a run recorded it: its name and its text as parsed (reference and expectations are read from it). */
export interface ScenarioOfRun {
  name: string;
  raw: unknown;
}

/**
 * The one analysis of a set of runs that every command uses (run, merge, report, compare, the summary
 * files): each record's stored figures checked against its family's schema (results directories are
 * shared: what does not read is left out, and `warn` says so), the records grouped by cell, each
 * scenario's reference and expectations attached. Statistics and verdicts are computed from the view,
 * on demand.
 */
export function analyseRun(records: readonly CellRecord[], scenarios: readonly ScenarioOfRun[], warn: (line: string) => void = () => {}, overrides: Overrides = {}): RunView {
  return runView(records.map((r) => checkFigures(r, warn)), judgementsOf(scenarios, warn, overrides), FIGURES);
}

const checked = new WeakMap<CellRecord, CellRecord>();

/** The record with the figures its families can read (memoized: the same record is analysed by several views). */
function checkFigures(r: CellRecord, warn: (line: string) => void): CellRecord {
  if (r.status !== 'ok') return r;
  const known = checked.get(r);
  if (known) return known;
  let figures: Figures | undefined;
  for (const f of FAMILIES) {
    if (r.figures[f.id] === undefined || !f.schema) continue;
    const parsed = f.schema.safeParse(r.figures[f.id]);
    figures ??= { ...r.figures };
    if (parsed.success) figures[f.id] = parsed.data;
    else {
      delete figures[f.id];
      warn(`${r.cell}: its ${f.id} figures are not readable (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}); left out`);
    }
  }
  const out = figures ? { ...r, figures } : r;
  checked.set(r, out);
  return out;
}
