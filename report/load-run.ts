import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../src/errors.js';
import { METRIC_NAMES, type Reading } from '../src/samplers/metrics.js';
import type { CellRecord } from '../src/store/cell-record.js';
import type { Manifest } from '../src/store/manifest.js';
import { cellDir, readCellRecords, readJson } from '../src/store/results-dir.js';
import type { MarkRow, SampleRow } from '../src/store/rows.js';

export type { MarkRow, SampleRow };

/** A results directory as the report stage sees it. Records are in the run's matrix order. */
export interface RunData {
  dir: string;
  manifest: Manifest;
  records: CellRecord[];
  marks: Map<string, MarkRow[]>;
  samples: Map<string, SampleRow[]>;
}

export function loadRun(dir: string, warn: (line: string) => void = () => {}): RunData {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new UserError(`${dir} is not a results directory (no manifest.json); reclaim run writes one`);
  const manifest = readJson<Manifest>(manifestFile);
  const order = new Map(manifest.matrix.map((m, i) => [m.cell, i]));
  const records = readCellRecords(dir, warn).sort((a, b) => (order.get(a.matrixCell) ?? 1e9) - (order.get(b.matrixCell) ?? 1e9) || a.repeat - b.repeat);
  const marks = new Map<string, MarkRow[]>();
  const samples = new Map<string, SampleRow[]>();
  for (const r of records) {
    const d = cellDir(dir, r.cell);
    const m = readCsv(path.join(d, 'marks.csv'));
    if (m.length) {
      marks.set(r.cell, m.map((row) => ({
        index: Number(row.index),
        label: row.label ?? '',
        cycle: row.cycle === '' || row.cycle === undefined ? null : Number(row.cycle),
        settled: row.settled === 'true',
        t_ms: Number(row.t_ms),
        values: reading(row),
      })));
    }
    const s = readCsv(path.join(d, 'samples.csv'));
    if (s.length) samples.set(r.cell, s.map((row) => ({ t_ms: Number(row.t_ms), values: reading(row) })));
  }
  return { dir, manifest, records, marks, samples };
}

function readCsv(file: string): Record<string, string>[] {
  if (!existsSync(file)) return [];
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function reading(row: Record<string, string>): Reading {
  const out: Reading = {};
  for (const m of METRIC_NAMES) {
    const v = row[m];
    if (v !== undefined && v !== '') out[m] = Number(v);
  }
  return out;
}
