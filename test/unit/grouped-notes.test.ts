import { describe, expect, it } from 'vitest';
import { groupedNotes } from '../../src/cli/summary-table.js';
import type { CellRecord } from '../../src/store/cell-record.js';

const run = (matrixCell: string, repeat: number, notes: string[]) => ({ cell: `${matrixCell}.r${repeat}`, matrixCell, repeat, notes }) as unknown as CellRecord;

describe("the terminal's notes", () => {
  it('runs of a cell whose notes differ only in their figures share a line; other notes keep theirs', () => {
    const lines = groupedNotes([
      run('s.a', 1, ['private saw 646.1 of 1346.6 MiB']),
      run('s.a', 2, ['private saw 650.0 of 1350.2 MiB', 'vram_process is empty']),
      run('s.a', 3, []),
      run('s.b', 1, ['private saw 1.0 of 2.0 MiB']),
    ]);
    expect(lines).toEqual([
      '  s.a (2 of 3 runs, e.g. r1): private saw 646.1 of 1346.6 MiB',
      '  s.a.r2: vram_process is empty',
      '  s.b.r1: private saw 1.0 of 2.0 MiB',
    ]);
  });
});
