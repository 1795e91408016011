import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { writeDirAtomic, writeFileAtomic } from './atomic.js';
import { cellJson, type CellRecord } from './cell-record.js';
import { parseCellRecord } from './read-record.js';
import { isPlainName, READ_LIMITS, readInside, UnreadableFile } from './safe-read.js';

/** results/<date>-<time>-<scenarios>, under the current directory. */
export function defaultRunDir(scenarioNames: readonly string[], now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const names = [...new Set(scenarioNames)].join('+').slice(0, 80);
  return path.join('results', `${stamp}-${names}`);
}

export const cellDir = (runDir: string, id: string) => path.join(runDir, 'cells', id);

/** A finished run's files, all at once: a crash leaves the previous directory or the complete new one. */
export function writeCell(runDir: string, id: string, files: Record<string, string>): void {
  if (!isPlainName(id)) throw new Error(`refusing to write a cell directory named ${JSON.stringify(id)}`);
  writeDirAtomic(cellDir(runDir, id), files);
}

/**
 * A run's files into a new cell directory of a directory being built (merge): its other files first
 * (`place`), its cell.json last and atomically, so that a crash leaves a cell without cell.json, which
 * every reader skips as a run in progress. Half the file-system work of writeCell, which matters at
 * 10,000 runs.
 */
export function buildCell(runDir: string, id: string, record: CellRecord, place: (dir: string) => void): void {
  if (!isPlainName(id)) throw new Error(`refusing to write a cell directory named ${JSON.stringify(id)}`);
  const dir = cellDir(runDir, id);
  mkdirSync(dir);
  place(dir);
  writeFileAtomic(path.join(dir, 'cell.json'), cellJson(record));
}

/** A run's record into its existing directory (e.g. with what its container said): atomically, the one writer of cell.json. */
export function writeCellRecord(runDir: string, record: CellRecord): void {
  writeFileAtomic(path.join(cellDir(runDir, record.cell), 'cell.json'), cellJson(record));
}

/**
 * Every readable cell.json of a results directory (finished runs only: in-progress ones are not renamed
 * in yet). One that cannot be read is skipped, and `warn` says which and why.
 */
export function readCellRecords(runDir: string, warn: (line: string) => void = () => {}): CellRecord[] {
  const cells = path.join(runDir, 'cells');
  if (!existsSync(cells) || !lstatSync(cells).isDirectory()) return [];
  const out: CellRecord[] = [];
  for (const id of readdirSync(cells).sort()) {
    const rel = path.join('cells', id, 'cell.json');
    const file = path.join(runDir, rel);
    let json: unknown;
    try {
      const text = readInside(runDir, rel, READ_LIMITS.jsonBytes);
      if (text === undefined) continue; // a run in progress, or not a cell
      json = JSON.parse(text);
    } catch (err) {
      warn(`${file}: ${err instanceof UnreadableFile ? err.message : `not JSON (${(err as Error).message})`}; this run is left out`);
      continue;
    }
    const warnings: string[] = [];
    const record = parseCellRecord(json, warnings);
    if (typeof record === 'string') {
      warn(`${file}: ${record}; this run is left out`);
      continue;
    }
    if (record.cell !== id) {
      warn(`${file}: names run "${record.cell}" but sits in cells/${id}; this run is left out`);
      continue;
    }
    for (const w of warnings) warn(`${file}: ${w}`);
    out.push(record);
  }
  return out;
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
