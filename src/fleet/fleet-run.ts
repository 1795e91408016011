/** A run to split across a fleet, checked here before anything is written or submitted. */
export interface FleetRun {
  /** The scenario files as given (resolved on the fleet's nodes against their working directory). */
  scenarios: string[];
  /** The options every shard passes to `reclaim run` (--only, --set, --repeat...), as given. */
  runArgs: string[];
  shards: number;
  /** Where the shards and the merged run go: <out>/shards/<K>/ and <out>/merged/. */
  out: string;
  /** A name for jobs: the scenarios' names. */
  name: string;
  /** Some cell runs on a GPU: the jobs ask for one. */
  gpu: boolean;
  runs: number;
  /** What follows `--` on the command line: options for the engine (sbatch options). */
  engineArgs: string[];
}

/** A word for the shell: single-quoted unless it is plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What a shard's exit code means: 0, 1 (a cell did not end ok) and 3 (an expectation failed) all leave a complete directory. */
export const SHARD_EXIT = 'case $rc in 0|1|3) exit 0 ;; *) exit $rc ;; esac';
