import type { Reading } from '../protocol/measurement.js';

/** A row of a cell's marks.csv, as the report and the figure families read it back. */
export interface MarkRow {
  index: number;
  label: string;
  cycle: number | null;
  settled: boolean;
  t_ms: number;
  values: Reading;
}

/** A row of a cell's samples.csv. */
export interface SampleRow {
  t_ms: number;
  values: Reading;
}
