/** A matrix value: what an axis takes. */
export type Scalar = string | number | boolean;

/** Command-line overrides of what a scenario file says (recorded in the manifest). */
export interface Overrides {
  iterations?: number;
  repeat?: number;
  timeout?: number;
  /** The primary metric of every cell: --metric */
  metric?: string;
  /** Read Pss at every mark whatever the metric: --pss */
  pss?: boolean;
  /** Replace the values of matrix axes: --set axis=a,b */
  set?: Readonly<Record<string, Scalar[]>>;
}

/** manifest.json: what was run, how, where and when. */
export interface Manifest {
  status: 'running' | 'complete' | 'interrupted';
  startedAt: string;
  /** When the run was last resumed (reclaim run --resume). */
  resumedAt?: string;
  endedAt?: string;
  command: string[];
  overrides: Overrides;
  scenarios: { file: string; name: string; sha256: string; text: string; raw: unknown }[];
  matrix: {
    cell: string;
    scenario: string;
    variant: string;
    axes: Record<string, Scalar>;
    runtime: string;
    device: string;
    repeats: number;
    marks: number;
    skip?: string;
  }[];
  counts?: Record<string, number>;
  /** reclaim run --shard K/N: which part of the run this directory holds (its run ids) of how many runs. */
  shard?: { index: number; count: number; runs: string[]; total: number };
  /** reclaim merge: where its runs came from, and each machine (environment) they ran on. */
  merged?: MergeRecord;
  environment: unknown;
  /** reclaim run --docker: the image (tag, id, digests) and the environment inside it. */
  docker?: Record<string, unknown>;
}

/** A merged directory's account of its sources: each machine label with its directories and fingerprint. */
export interface MergeRecord {
  at: string;
  sources: { dir: string; machine: string; shard?: string; runs: number }[];
  machines: { label: string; environment: unknown }[];
  /** Runs the sources' matrices expected that no source had (merge --partial). */
  missing: string[];
}
