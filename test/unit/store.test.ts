import { analyseRun } from '../../src/analysis/analyse-run.js';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../../src/store/atomic.js';
import type { CellRecord } from '../../src/store/cell-record.js';
import { toCsv } from '../../src/store/csv.js';
import { parseCellRecord } from '../../src/store/read-record.js';
import { defaultRunDir } from '../../src/store/results-dir.js';
import { summaryColumns } from '../../src/analysis/summary-csv.js';

describe('results store', () => {
  it('summary.csv starts with the columns docs/design.md promises', () => {
    const names = summaryColumns([], ['strategy', 'source', 'device']).map((c) => c.name);
    expect(names.slice(0, 14).join(',')).toBe(
      'scenario,runtime,device,variant,repeat,status,metric,baseline_mib,peak_mib,residual_mib,retained_mib,release_ratio,drift_mib_per_cycle,wall_s',
    );
    // Then the costs, the matrix axes and the details.
    expect(names.slice(14)).toEqual(['peak_source', 'load_ms', 'release_ms', 'reload_ms', 'cpu_s', 'minor_faults', 'source', 'axis_device', 'cell', 'sources', 'marks', 'reason']);
    // Training columns appear once a record has training figures.
    const trained = { status: 'ok', figures: { training: { checkpointing: false, batch: 1, seq: 1, steps: [] } } } as unknown as CellRecord;
    expect(summaryColumns([trained], []).map((c) => c.name).slice(20, 22)).toEqual(['train_peak_mib', 'step_s_median']);
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

describe('reading cell.json back', () => {
  const base = { cell: 'c.del-gc.r2', scenario: 's', variant: 'del-gc', axes: { strategy: 'del-gc' }, repeat: 2, runtime: 'python', device: 'cpu', metric: 'private', strategy: { name: 'del-gc' }, expectedMarks: 3, marks: 3, samples: 9 };

  it('reads a record; the analysis checks each family\'s figures and leaves out what does not read', () => {
    const warnings: string[] = [];
    const r = parseCellRecord({ ...base, matrixCell: 'c.del-gc', status: 'ok', figures: { summary: { baseline_mib: 1, residual_mib: 'a lot' } } }, warnings);
    expect(typeof r).toBe('object');
    const view = analyseRun([r as CellRecord], [], (line) => warnings.push(line));
    expect(view.records[0]!.status === 'ok' && view.records[0]!.figures.summary).toBeUndefined();
    expect(warnings).toEqual(['c.del-gc.r2: its summary figures are not readable (residual_mib: Invalid input: expected number, received string); left out']);
  });

  it('reads a record written before figure families (a summary row), as the committed reference runs are', () => {
    const r = parseCellRecord({ ...base, status: 'ok', summary: { baseline_mib: 0, residual_mib: 518, retained_mib: 518, release_ratio: 0.7185, drift_mib_per_cycle: '' } }) as CellRecord;
    expect(r.matrixCell).toBe('c.del-gc');
    expect(r.status === 'ok' && r.figures.summary).toEqual({ baseline_mib: 0, residual_mib: 518, retained_mib: 518, release_ratio: 0.7185 });
  });

  it('says what is wrong with one it cannot use', () => {
    expect(parseCellRecord({ ...base, status: 'done' })).toMatch(/^status: /);
    expect(parseCellRecord({ ...base, repeat: 0, status: 'ok' })).toMatch(/^repeat: /);
    expect(parseCellRecord([])).toMatch(/expected object/);
  });
});
