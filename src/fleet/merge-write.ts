import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { runView } from '../figures/run-view.js';
import { cellJson, type CellRecord } from '../store/cell-record.js';
import type { Manifest } from '../store/manifest.js';
import { buildCell, writeJson } from '../store/results-dir.js';
import { writeSummaryFiles } from '../analysis/summary-files.js';
import { isPlainName, placeInside, READ_LIMITS, UnreadableFile } from '../store/safe-read.js';
import { judgementsOf } from '../verdicts/judgements.js';
import type { MergePlan } from './merge-plan.js';
import type { MergeSource } from './merge-sources.js';
import { analyseRun } from '../analysis/analyse-run.js';
import type { RunView } from '../figures/run-view.js';

/** What merge copies of one run at most (a run writes about eight files; shared directories are untrusted). */
const MAX_FILES_PER_RUN = 64;
const MAX_BYTES_PER_RUN = 4 * READ_LIMITS.csvBytes;

/**
 * Writes the merged directory: each run's files linked or copied from its source (with the same caps
 * and refusals as the report; cell.json rewritten with its new name, repeat and axes), then
 * summary.csv, variants.csv and manifest.json. The sources are only read.
 */
export function writeMerge(out: string, sources: readonly MergeSource[], plan: MergePlan, argv: readonly string[], warn: (line: string) => void): { records: CellRecord[]; view: RunView } {
  const inputs = new Set(sources.map((s) => path.resolve(s.dir)));
  if (inputs.has(path.resolve(out))) throw new UserError(`reclaim merge: --out ${out} is one of the directories being merged`);
  try {
    if (existsSync(out) && readdirSync(out).length > 0) throw new UserError(`reclaim merge: ${out} already holds files; choose an empty or new --out directory`);
    mkdirSync(path.join(out, 'cells'), { recursive: true });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`reclaim merge: cannot write --out ${out} (${(err as Error).message})`);
  }
  const first = sources[0]!;
  const manifest: Manifest = {
    status: 'running',
    startedAt: earliest(sources.map((s) => s.manifest.startedAt)),
    command: [...argv],
    overrides: first.manifest.overrides,
    scenarios: first.manifest.scenarios,
    matrix: plan.matrix,
    environment: first.manifest.environment,
    merged: { at: new Date().toISOString(), ...plan.merged },
  };
  writeJson(path.join(out, 'manifest.json'), manifest);

  const records: CellRecord[] = [];
  for (const run of plan.runs) {
    const from = path.join('cells', run.from);
    let names: string[];
    try {
      names = readdirSync(path.join(run.source.dir, from)).sort();
    } catch (err) {
      warn(`reclaim merge: ${path.join(run.source.dir, from)}: cannot be listed (${(err as Error).message}); only its cell.json is kept`);
      names = [];
    }
    // Each file linked (or copied) into the new cell as it is built, with the report's refusals.
    const place = (dir: string) => {
      let bytes = 0;
      for (const name of names.slice(0, MAX_FILES_PER_RUN)) {
        if (name === 'cell.json' || !isPlainName(name)) continue;
        const file = path.join(run.source.dir, from, name);
        try {
          const st = lstatSync(file);
          if (st.isDirectory()) continue;
          if (!st.isFile()) throw new UnreadableFile(`is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}`);
          if (bytes + st.size > MAX_BYTES_PER_RUN) throw new UnreadableFile(`would take the run's files past ${MAX_BYTES_PER_RUN / 2 ** 20} MiB`);
          bytes += placeInside(run.source.dir, path.join(from, name), READ_LIMITS.csvBytes, path.join(dir, name)) ?? 0;
        } catch (err) {
          warn(`reclaim merge: ${file}: ${err instanceof UnreadableFile ? err.message : (err as Error).message}; not copied`);
        }
      }
    };
    buildCell(out, run.record.cell, run.record, place);
    records.push(run.record);
  }
  const order = new Map(plan.matrix.map((m, i) => [m.cell, i]));
  records.sort((a, b) => (order.get(a.matrixCell) ?? Infinity) - (order.get(b.matrixCell) ?? Infinity) || a.repeat - b.repeat);
  const axes = [...new Set(plan.matrix.flatMap((m) => Object.keys(m.axes)))];
  const view = analyseRun(records, manifest.scenarios, warn, manifest.overrides ?? {});
  writeSummaryFiles(out, view, axes);

  manifest.status = plan.merged.missing.length ? 'interrupted' : 'complete';
  manifest.endedAt = latest(sources.map((s) => s.manifest.endedAt ?? s.manifest.startedAt));
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.status] = (counts[r.status] ?? 0) + 1;
  manifest.counts = counts;
  writeJson(path.join(out, 'manifest.json'), manifest);
  return { records, view };
}

const valid = (xs: readonly string[]) => xs.filter((x) => !Number.isNaN(Date.parse(x))).sort();
const earliest = (xs: readonly string[]) => valid(xs)[0] ?? '(unknown)';
const latest = (xs: readonly string[]) => valid(xs).at(-1) ?? '(unknown)';
