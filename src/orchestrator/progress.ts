import type { CellRecord } from '../store/cell-record.js';

/** What the orchestrator tells the person waiting: set-up notes, and where a long run stands. */
export interface Progress {
  log(line: string): void;
  cellStart(n: number, total: number, label: string, expectedMarks: number): void;
  cellMark(marks: number): void;
  cellEnd(n: number, total: number, label: string, record: CellRecord): void;
  finish(): void;
}
