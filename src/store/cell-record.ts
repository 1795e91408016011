
/** How a run of a cell ended. */
export type CellStatus = 'ok' | 'failed' | 'timeout' | 'oom' | 'skipped';

export interface TimingStats {
  count: number;
  total_ms: number;
  mean_ms: number;
  max_ms: number;
}

/** What every cell.json holds, whatever the outcome. */
export interface RecordBase {
  /** The run's id, `<matrix cell>.r<repeat>`: its directory under cells/ and the `cell` column. */
  cell: string;
  /** The matrix cell it is a run of (manifest.json's matrix). */
  matrixCell: string;
  scenario: string;
  file: string;
  variant: string;
  axes: Record<string, string | number | boolean>;
  repeat: number;
  runtime: string;
  device: string;
  metric: string;
  sample_interval_ms?: number;
  /** The strategy as the cell ran it (strategies/strategy.ts), as data. */
  strategy: { name: string } & Record<string, unknown>;
  environment?: { strategy: Record<string, string>; dropped: string[] };
  sources?: Record<string, string>;
  expectedMarks: number;
  /** Marks and samples recorded (0 when the runner never started). */
  marks: number;
  samples: number;
  /** A runner process ran: how it ended and what it said. */
  exitCode?: number;
  signal?: string;
  runner?: Record<string, string>;
  /** The C library the measured process loaded (glibc 2.41, musl 1.2.3), read from the process at its hello. */
  libc?: { name: string; version?: string; path?: string };
  timings?: Record<string, TimingStats>;
  startedAt?: string;
  endedAt?: string;
  wall_s?: number;
  stderrTail?: string;
  /** Things a reader of the figures must know (e.g. why vram_process is empty). */
  notes?: string[];
  /** reclaim run --docker: the container the cell ran in and how it ended. */
  container?: { image: string; image_id: string; memory_limit: string | null; exit_code: number | null; oom_killed: boolean | null };
}

/** Figures by family id (src/figures/families.ts): they exist only for runs that ended ok. */
export type Figures = Record<string, unknown>;

export type OkRecord = RecordBase & { status: 'ok'; figures: Figures };
export type NotOkRecord = RecordBase & { status: Exclude<CellStatus, 'ok'>; reason: string };

/** cell.json: a union on status, which is stored once. */
export type CellRecord = OkRecord | NotOkRecord;

/** A record's value of a matrix axis (own properties only: records come from shared directories). */
export function axisValue(r: Pick<RecordBase, 'axes'>, axis: string): string | number | boolean | undefined {
  return Object.hasOwn(r.axes, axis) ? r.axes[axis] : undefined;
}

/** The same, as shown: "(unset)" for an empty value, "" where the record has no such axis. */
export function axisText(r: Pick<RecordBase, 'axes'>, axis: string): string {
  const v = axisValue(r, axis);
  return v === undefined ? '' : v === '' ? '(unset)' : String(v);
}

export function isOk(r: CellRecord): r is OkRecord {
  return r.status === 'ok';
}

/** The records that did not end ok, with their reasons. */
export function notOk(records: readonly CellRecord[]): NotOkRecord[] {
  return records.filter((r): r is NotOkRecord => r.status !== 'ok');
}

/** A run's id, `<matrix cell>.r<repeat>`: its directory under cells/ (the one place this format is made). */
export const runId = (matrixCell: string, repeat: number) => `${matrixCell}.r${repeat}`;

/** cell.json's text: the one way a record is written. */
export function cellJson(record: CellRecord): string {
  return `${JSON.stringify(record, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
