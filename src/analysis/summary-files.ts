import path from 'node:path';
import { FAMILIES } from '../figures/families.js';
import type { RunView } from '../figures/run-view.js';
import { writeFileAtomic } from '../store/atomic.js';
import { summaryCsv } from './summary-csv.js';
import { variantsCsv } from './variants-csv.js';

/** summary.csv (one row per run), variants.csv (one per cell) and each figure family's own files. */
export function writeSummaryFiles(runDir: string, view: RunView, axes: readonly string[]): void {
  writeFileAtomic(path.join(runDir, 'summary.csv'), summaryCsv(view.records, axes));
  writeFileAtomic(path.join(runDir, 'variants.csv'), variantsCsv(view));
  for (const family of FAMILIES) {
    for (const [name, text] of Object.entries(family.csvFiles?.(view) ?? {})) writeFileAtomic(path.join(runDir, name), text);
  }
}
