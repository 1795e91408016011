/**
 * What reclaim accepts at most, so that any scenario file or command line, however hostile, gets an
 * answer in bounded time and memory. Documented in the README ("Limits"); each is far above what a real
 * benchmark needs (the article's grid: 12 cells of 452 marks).
 */
export const LIMITS = {
  /** A scenario file's size, bytes. */
  fileBytes: 1024 * 1024,
  /** Nesting of mappings and sequences in a scenario file. */
  depth: 64,
  /** Values in a scenario file once its aliases are expanded. */
  nodes: 100_000,
  /** YAML aliases (*name) expanded in one file. */
  aliases: 100,
  /** Cells of one run (all scenario files together), and runs of cells (cells x repeats). */
  cells: 10_000,
  runs: 100_000,
  /** Shards a run may be split into (an array job of this many tasks is already a large fleet). */
  shards: 10_000,
  /** Results directories one reclaim merge joins (shards of one run, or runs to compare). */
  mergeSources: 1_000,
  /** Plan steps and marks of one cell, and plan steps of a whole run held in memory. */
  stepsPerCell: 1_000_000,
  marksPerCell: 100_000,
  stepsPerRun: 5_000_000,
  /** Values of scenario fields (and the command line's --iterations, --repeat, --timeout). */
  iterations: 100_000,
  repeat: 1_000,
  timeoutS: 7 * 24 * 3600,
  sleepS: 24 * 3600,
  sampleIntervalMs: 60_000,
  keepBytes: 2 ** 40,
  trainSteps: 100_000,
  batch: 65_536,
  seq: 1_048_576,
  learningRate: 100,
  seed: 2 ** 31 - 1,
  repeatTimes: 1_000_000,
  /** A `requests` step (a load test of a server): requests in all, in flight at once, seconds each may take. */
  requests: 100_000,
  concurrency: 256,
  requestTimeoutS: 3600,
} as const;
