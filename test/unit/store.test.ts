import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../../src/store/atomic.js';
import type { CellRecord } from '../../src/store/cell-record.js';
import { toCsv } from '../../src/store/csv.js';
import { defaultRunDir } from '../../src/store/results-dir.js';
import { summaryColumns } from '../../src/store/summary-csv.js';

describe('results store', () => {
  it('summary.csv starts with the columns DESIGN.md promises', () => {
    const names = summaryColumns([], ['strategy', 'source', 'device']).map((c) => c.name);
    expect(names.slice(0, 14).join(',')).toBe(
      'scenario,runtime,device,variant,repeat,status,metric,baseline_mib,peak_mib,residual_mib,retained_mib,release_ratio,drift_mib_per_cycle,wall_s',
    );
    expect(names.slice(14)).toEqual(['source', 'axis_device', 'cell', 'sources', 'marks', 'reason']);
    // Training columns appear once a record has training figures.
    const trained = { status: 'ok', figures: { training: { checkpointing: false, batch: 1, seq: 1, steps: [] } } } as unknown as CellRecord;
    expect(summaryColumns([trained], []).map((c) => c.name).slice(14, 16)).toEqual(['train_peak_mib', 'step_s_median']);
  });

  it('writes CSV with empty fields for missing values and quotes where needed', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 1, b: undefined, c: 'x, "y"' }, { a: true, c: null }])).toBe('a,b,c\n1,,"x, ""y"""\ntrue,,\n');
    expect(toCsv(['a', 'b'], [{ a: 1.23456, b: Infinity }], { a: 2 })).toBe('a,b\n1.23,\n');
  });

  it('replaces a directory atomically and leaves no temporary one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'reclaim-store-'));
    const dir = path.join(root, 'cells', 'c1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stale.txt'), 'old');
    writeDirAtomic(dir, { 'cell.json': '{}' });
    expect(readdirSync(dir)).toEqual(['cell.json']);
    expect(readdirSync(path.join(root, 'cells'))).toEqual(['c1']);
    expect(readFileSync(path.join(dir, 'cell.json'), 'utf8')).toBe('{}');
    expect(existsSync(`${dir}.tmp-${process.pid}`)).toBe(false);
  });

  it('names run directories by time and scenario', () => {
    expect(defaultRunDir(['article-cpu'], new Date('2026-01-02T03:04:05Z'))).toBe(path.join('results', '20260102-030405-article-cpu'));
  });
});
