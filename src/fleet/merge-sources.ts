import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { CellRecord } from '../store/cell-record.js';
import type { Manifest } from '../store/manifest.js';
import { parseManifest } from '../store/read-manifest.js';
import { readCellRecords } from '../store/results-dir.js';
import { READ_LIMITS, readInside, UnreadableFile } from '../store/safe-read.js';
import { LIMITS } from '../limits.js';
import { machineFacts, type MachineFacts } from './machines.js';

/** One directory given to reclaim merge, read as untrusted input. */
export interface MergeSource {
  dir: string;
  manifest: Manifest;
  records: CellRecord[];
  machine: MachineFacts;
}

/** Reads each directory's manifest and finished runs; what cannot be used is passed to `warn`. */
export function readSources(dirs: readonly string[], warn: (line: string) => void): MergeSource[] {
  return dirs.map((dir) => {
    if (!existsSync(path.join(dir, 'manifest.json'))) throw new UserError(`reclaim merge: ${dir} is not a results directory (no manifest.json)`);
    let json: unknown;
    try {
      json = JSON.parse(readInside(dir, 'manifest.json', READ_LIMITS.jsonBytes) ?? 'null');
    } catch (err) {
      throw new UserError(`reclaim merge: ${path.join(dir, 'manifest.json')} ${err instanceof UnreadableFile ? err.message : `is not JSON (${(err as Error).message})`}; without it the runs cannot be matched`);
    }
    const problems: string[] = [];
    const manifest = parseManifest(json, (line) => problems.push(line));
    const needed = problems.filter((p) => /^(scenarios|matrix|overrides|shard):/.test(p));
    if (needed.length) throw new UserError(`reclaim merge: ${path.join(dir, 'manifest.json')}: ${needed.join('; ')}; without it the runs cannot be matched`);
    for (const p of problems) warn(`reclaim merge: ${path.join(dir, 'manifest.json')}: ${p}`);
    if (!manifest.scenarios.length) throw new UserError(`reclaim merge: ${dir}: its manifest names no scenario`);
    const runs = manifest.matrix.reduce((n, m) => n + Math.max(0, m.repeats), 0);
    if (manifest.matrix.length > LIMITS.cells || runs > LIMITS.runs) {
      throw new UserError(`reclaim merge: ${dir}: its manifest lists ${manifest.matrix.length} cells and ${runs} runs, more than a run may have (${LIMITS.cells} cells, ${LIMITS.runs} runs)`);
    }
    const records = readCellRecords(dir, (line) => warn(`reclaim merge: ${line}`));
    return { dir, manifest, records, machine: machineFacts(manifest.environment, manifest.docker) };
  });
}
