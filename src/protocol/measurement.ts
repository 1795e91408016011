/**
 * What a cell's measurements look like in memory, whoever took them: a reading (MiB per metric), a
 * mark with its reading, a background sample. The harness fills them (samplers, orchestrator); the
 * analysis reads them. Metric names are strings here: src/metrics/ declares which exist.
 */

/** A reading: MiB per metric, absent where not measured. */
export type Reading = Partial<Record<string, number>>;

export interface MarkRecord {
  index: number;
  label: string;
  cycle: number | null;
  settled: boolean;
  /** A mark inside a training step. */
  training?: boolean;
  t_ms: number;
  reading: Reading;
  /** Each process of a measured tree of more than one, read at the same moment. */
  processes?: ProcessReading[];
}

/** One process of the measured tree at a mark: its pid, its command line (shortened), its own reading. */
export interface ProcessReading {
  pid: number;
  command: string;
  reading: Reading;
}

export interface Sample {
  t_ms: number;
  reading: Reading;
}

export const MIB = 1024 * 1024;
