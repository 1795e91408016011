import { readFileSync } from 'node:fs';
import { readCgroupUsage, type CgroupMemory } from './cgroup.js';
import { MIB, type Reading } from '../protocol/measurement.js';
import type { ProcTotals } from '../metrics/metric.js';
import { procMetrics } from '../metrics/outside.js';
import { pageSize } from './auxv.js';
import { parseSmapsRollupPss, parseStatm, parseStatus } from './proc-parse.js';
import { processTree } from './proc-tree.js';

export interface ReadOptions {
  /** smaps_rollup walks every mapping (about 49 ms for a torch process): marks only, when asked. */
  pss: boolean;
  cgroup: CgroupMemory | null;
  /** statm only: what a sampler tick needs unless its metric is read from status. */
  statmOnly?: boolean;
}

/** What was read of one process: statm, status unless the reading is statm's only, Pss in bytes when asked. */
export interface ProcessFiles {
  pid: number;
  statm: string;
  status?: string;
  pss?: number;
}

/**
 * The /proc metrics of a process tree, summed, in MiB (and the cgroup's usage): every metric whose
 * declaration (metrics/outside.ts) reads statm, status or smaps_rollup, from what was read. Null when
 * the root's files are not among them (it is gone). Without status, only statm's metrics.
 */
export function sumProcesses(root: number, files: readonly ProcessFiles[], opts: ReadOptions): Reading | null {
  if (!files.some((f) => f.pid === root)) return null;
  const page = pageSize();
  const withStatus = files.every((f) => f.status !== undefined);
  const totals: ProcTotals = { resident: 0, shared: 0, rssFile: 0, rssShmem: 0, vmHwm: 0, pss: 0 };
  for (const f of files) {
    const statm = parseStatm(f.statm, page);
    totals.resident += statm.resident;
    totals.shared += statm.shared;
    totals.pss += f.pss ?? 0;
    if (f.status === undefined) continue;
    const status = parseStatus(f.status);
    totals.rssFile += status.rssFile;
    totals.rssShmem += status.rssShmem;
    totals.vmHwm += status.vmHwm;
  }
  const sources = new Set(['statm', ...(withStatus ? ['status'] : []), ...(opts.pss ? ['smaps_rollup'] : [])]);
  const reading: Reading = {};
  for (const [name, m] of procMetrics(sources)) reading[name] = m.of!(totals) / MIB;
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
