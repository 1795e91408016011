import { readFileSync } from 'node:fs';
import { readCgroupUsage, type CgroupMemory } from './cgroup.js';
import { MIB, type Reading } from './metrics.js';
import { pageSize } from './auxv.js';
import { parseSmapsRollupPss, parseStatm, parseStatus } from './proc-parse.js';
import { processTree } from './proc-tree.js';

export interface ReadOptions {
  /** smaps_rollup walks every mapping (about 49 ms for a torch process): marks only, when asked. */
  pss: boolean;
  cgroup: CgroupMemory | null;
  /** statm only (STATM_METRICS): what a sampler tick needs unless its metric is another. */
  statmOnly?: boolean;
}

/** What was read of one process: statm, status unless the reading is statm's only, Pss in bytes when asked. */
export interface ProcessFiles {
  pid: number;
  statm: string;
  status?: string;
  pss?: number;
}

/** What statm alone gives (resident - shared is exactly RssAnon: the kernel counts shared as file + shmem). */
export const STATM_METRICS: readonly string[] = ['rss', 'private', 'anon'];

/** What needs /proc/PID/status as well: a sampler whose metric is one of these reads it every tick. */
export const STATUS_METRICS: readonly string[] = ['file', 'shmem', 'hwm'];

/**
 * The /proc metrics of a process tree, summed, in MiB (and the cgroup's figures). Null when the root's
 * files are not among them (it is gone). Without status, only STATM_METRICS.
 */
export function sumProcesses(root: number, files: readonly ProcessFiles[], opts: ReadOptions): Reading | null {
  if (!files.some((f) => f.pid === root)) return null;
  const page = pageSize();
  const withStatus = files.every((f) => f.status !== undefined);
  const sum = { rss: 0, private: 0, file: 0, shmem: 0, pss: 0, hwm: 0 };
  for (const f of files) {
    const statm = parseStatm(f.statm, page);
    sum.rss += statm.resident;
    sum.private += statm.resident - statm.shared;
    sum.pss += f.pss ?? 0;
    if (f.status === undefined) continue;
    const status = parseStatus(f.status);
    sum.file += status.rssFile;
    sum.shmem += status.rssShmem;
    sum.hwm += status.vmHwm;
  }
  const reading: Reading = { rss: sum.rss / MIB, private: sum.private / MIB, anon: sum.private / MIB };
  if (withStatus) Object.assign(reading, { file: sum.file / MIB, shmem: sum.shmem / MIB, hwm: sum.hwm / MIB });
  if (opts.pss) reading.pss = sum.pss / MIB;
  if (opts.cgroup) {
    const usage = readCgroupUsage(opts.cgroup);
    if (usage !== undefined) reading.cgroup = usage / MIB;
  }
  return reading;
}

/**
 * The /proc metrics of `pid` and its descendants, read once (the sampler keeps its files open instead:
 * WatchedTree). A descendant that exits while being read is skipped.
 */
export function readProcessMemory(pid: number, opts: ReadOptions, tree: readonly number[] = processTree(pid)): Reading | null {
  const files: ProcessFiles[] = [];
  for (const p of tree) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const statm = readFileSync(`/proc/${p}/statm`, 'utf8');
      const pss = opts.pss ? parseSmapsRollupPss(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8')) : undefined;
      files.push({ pid: p, status, statm, pss });
    } catch {
      // exited between listing and reading
    }
  }
  return sumProcesses(pid, files, opts);
}
