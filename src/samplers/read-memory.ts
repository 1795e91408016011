import { readFileSync } from 'node:fs';
import { readCgroupUsage, type CgroupMemory } from './cgroup.js';
import { readCgroupPeak } from './peaks.js';
import { MIB, type Reading } from './metrics.js';
import { pageSize } from './page-size.js';
import { parseSmapsRollupPss, parseStatm, parseStatus } from './proc-parse.js';
import { processTree } from './proc-tree.js';

export interface ReadOptions {
  /** smaps_rollup walks every mapping (about 10 ms for a torch process): marks only. */
  pss: boolean;
  cgroup: CgroupMemory | null;
}

/**
 * The /proc metrics of `pid` and its descendants, summed, in MiB. Returns null when the root process
 * is gone. A descendant that exits while being read is skipped.
 */
export function readProcessMemory(pid: number, opts: ReadOptions, tree: readonly number[] = processTree(pid)): Reading | null {
  const page = pageSize();
  const sum = { rss: 0, private: 0, anon: 0, file: 0, shmem: 0, pss: 0, hwm: 0 };
  let rootSeen = false;
  for (const p of tree) {
    try {
      const status = parseStatus(readFileSync(`/proc/${p}/status`, 'utf8'));
      const statm = parseStatm(readFileSync(`/proc/${p}/statm`, 'utf8'), page);
      const pss = opts.pss ? parseSmapsRollupPss(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8')) : 0;
      sum.rss += statm.resident;
      sum.private += statm.resident - statm.shared;
      sum.anon += status.rssAnon;
      sum.file += status.rssFile;
      sum.shmem += status.rssShmem;
      sum.hwm += status.vmHwm;
      sum.pss += pss;
      if (p === pid) rootSeen = true;
    } catch {
      // exited between listing and reading
    }
  }
  if (!rootSeen) return null;
  const reading: Reading = {
    rss: sum.rss / MIB,
    private: sum.private / MIB,
    anon: sum.anon / MIB,
    file: sum.file / MIB,
    shmem: sum.shmem / MIB,
    hwm: sum.hwm / MIB,
  };
  if (opts.pss) reading.pss = sum.pss / MIB;
  if (opts.cgroup) {
    const usage = readCgroupUsage(opts.cgroup);
    if (usage !== undefined) reading.cgroup = usage / MIB;
    const peak = opts.pss ? readCgroupPeak(opts.cgroup) : undefined;
    if (peak !== undefined) reading.cgroup_peak = peak / MIB;
  }
  return reading;
}
