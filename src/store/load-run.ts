import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { type Reading } from '../protocol/measurement.js';
import type { CellRecord } from './cell-record.js';
import type { Manifest } from './manifest.js';
import { parseManifest } from './read-manifest.js';
import { readCellRecords } from './results-dir.js';
import type { MarkRow, SampleRow } from './rows.js';
import { READ_LIMITS, readInside, UnreadableFile } from './safe-read.js';

export type { MarkRow, SampleRow };

/** A results directory as the report stage sees it. Records are in the run's matrix order. */
export interface RunData {
  dir: string;
  manifest: Manifest;
  records: CellRecord[];
  /**
   * A run's marks and samples (by cell id), read from its CSVs when asked: a fleet-sized directory
   * (10,000 runs) holds more than is worth keeping in memory, and most commands never need them.
   * What cannot be read is [] and a line in `problems`.
   */
  marks(cell: string): MarkRow[];
  samples(cell: string): SampleRow[];
  /** What could not be used, file by file (a shared directory may be damaged): shown in the report. */
  problems: string[];
}

/**
 * Reads a results directory, trusting nothing in it: every file is read only if it lies inside the
 * directory and within its size cap, every record and row is checked, and what cannot be used is left
 * out with a line in `problems` (also passed to `warn`), so a damaged directory still gets a report.
 */
export function loadRun(dir: string, warn: (line: string) => void = () => {}): RunData {
  const problems: string[] = [];
  const note = (line: string) => {
    problems.push(line);
    warn(`reclaim: ${line}`);
  };
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new UserError(`${dir} is not a results directory (no manifest.json); reclaim run writes one`);
  let json: unknown = null;
  try {
    json = JSON.parse(readInside(dir, 'manifest.json', READ_LIMITS.jsonBytes) ?? 'null');
  } catch (err) {
    note(`${path.join(dir, 'manifest.json')}: ${err instanceof UnreadableFile ? err.message : `not JSON (${(err as Error).message})`}; the report is built from the cells alone`);
  }
  const manifest = parseManifest(json, (line) => note(`${path.join(dir, 'manifest.json')}: ${line}`));
  const order = new Map(manifest.matrix.map((m, i) => [m.cell, i]));
  const records = readCellRecords(dir, note).sort(
    (a, b) => (order.get(a.matrixCell) ?? Infinity) - (order.get(b.matrixCell) ?? Infinity) || a.cell.localeCompare(b.cell) || a.repeat - b.repeat,
  );
  if (!manifest.scenarios.length) manifest.scenarios = [...new Set(records.map((r) => r.scenario))].map((name) => ({ file: '', name, sha256: '', text: '', raw: null }));
  const cells = new Set(records.map((r) => r.cell));
  const marks = cached(CACHED_RUNS, (cell: string) =>
    cells.has(cell) ? readCsv(dir, cell, 'marks.csv', note).map(markRow).filter((row): row is MarkRow => row !== undefined) : [],
  );
  const samples = cached(CACHED_RUNS, (cell: string) =>
    cells.has(cell) ? readCsv(dir, cell, 'samples.csv', note).flatMap((row) => (Number.isFinite(Number(row.t_ms)) ? [{ t_ms: Number(row.t_ms), values: reading(row) }] : [])) : [],
  );
  return { dir, manifest, records, marks, samples, problems };
}

/** Runs whose marks and samples are kept once read: a chart reads each of its runs once, and another chart the same ones. */
const CACHED_RUNS = 512;

/** `read`, remembering its last `size` answers (forgetting the oldest first). */
function cached<V>(size: number, read: (key: string) => V): (key: string) => V {
  const map = new Map<string, V>();
  return (key) => {
    if (map.has(key)) return map.get(key)!;
    const v = read(key);
    map.set(key, v);
    if (map.size > size) map.delete(map.keys().next().value!);
    return v;
  };
}

function markRow(row: Record<string, string>): MarkRow | undefined {
  const index = Number(row.index);
  const t_ms = Number(row.t_ms);
  if (!Number.isInteger(index) || !Number.isFinite(t_ms)) return undefined;
  const cycle = row.cycle === '' || row.cycle === undefined ? null : Number(row.cycle);
  return { index, label: row.label ?? '', cycle: Number.isFinite(cycle) ? cycle : null, settled: row.settled === 'true', t_ms, values: reading(row) };
}

/** A cell's CSV, rows of the wrong length skipped (and said so); [] when it is missing or unusable. */
function readCsv(dir: string, cell: string, name: string, note: (line: string) => void): Record<string, string>[] {
  const rel = path.join('cells', cell, name);
  try {
    const text = readInside(dir, rel, READ_LIMITS.csvBytes);
    if (text === undefined) return [];
    let skipped = 0;
    const rows = parse(text, {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: Record<string, string>, { error }: { error?: Error }) => {
        if (error) return void skipped++;
        return record;
      },
    }) as Record<string, string>[];
    if (skipped) note(`${path.join(dir, rel)}: ${skipped} row(s) with the wrong number of fields; left out`);
    return rows;
  } catch (err) {
    note(`${path.join(dir, rel)}: ${err instanceof UnreadableFile ? err.message : `not CSV (${(err as Error).message.split('\n')[0]})`}; left out`);
    return [];
  }
}

/** The columns of marks.csv and samples.csv that are not metrics. */
const NOT_METRICS = new Set(['index', 'label', 'cycle', 'settled', 't_ms']);

/** A row's metrics: every other column that holds a number (what metrics exist is metrics/'s to say, not the store's). */
function reading(row: Record<string, string>): Reading {
  const out: Reading = {};
  for (const [m, text] of Object.entries(row)) {
    if (NOT_METRICS.has(m) || text === '' || !/^[a-z][a-z0-9_]*$/.test(m)) continue;
    const v = Number(text);
    if (Number.isFinite(v)) out[m] = v;
  }
  return out;
}
