import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCgroupLimit, parseProcCgroup, type CgroupEntry } from './proc-parse.js';

/** Where to read a process's cgroup memory usage, when the cgroup (or an ancestor) has a limit. */
export interface CgroupMemory {
  usageFile: string;
  limitBytes: number;
  version: 1 | 2;
}

/**
 * The memory cgroup of `pid` if it is limited (or, with `evenUnlimited`, in any case: in a container
 * `reclaim run --docker` started, the container's cgroup is the cell's own); null otherwise. Inside a container the path in
 * /proc/PID/cgroup may not exist under our mount (cgroup namespaces): the mount's root is then ours.
 */
export function cgroupMemoryOf(pid: number, evenUnlimited = false): CgroupMemory | null {
  try {
    return cgroupMemoryFrom(parseProcCgroup(readFileSync(`/proc/${pid}/cgroup`, 'utf8')), '/sys/fs/cgroup', evenUnlimited);
  } catch {
    return null;
  }
}

/** The same, from parsed /proc/PID/cgroup entries and a cgroup file system mounted at `root`. */
export function cgroupMemoryFrom(entries: readonly CgroupEntry[], root = '/sys/fs/cgroup', evenUnlimited = false): CgroupMemory | null {
  const v1 = entries.find((e) => e.controllers.includes('memory'));
  if (v1) return findLimited(path.join(root, 'memory'), v1.path, 'memory.usage_in_bytes', 'memory.limit_in_bytes', 1, evenUnlimited);
  const v2 = entries.find((e) => e.hierarchy === 0);
  if (v2) return findLimited(root, v2.path, 'memory.current', 'memory.max', 2, evenUnlimited);
  return null;
}

function findLimited(mount: string, cgroupPath: string, usage: string, limit: string, version: 1 | 2, evenUnlimited: boolean): CgroupMemory | null {
  let dir = path.join(mount, cgroupPath);
  if (!existsSync(path.join(dir, usage))) dir = mount;
  const usageFile = path.join(dir, usage);
  if (!existsSync(usageFile)) return null;
  // The tightest limit on the way up to the mount applies.
  let tightest: number | null = null;
  for (let d = dir; d.startsWith(mount); d = path.dirname(d)) {
    try {
      const l = parseCgroupLimit(readFileSync(path.join(d, limit), 'utf8'));
      if (l !== null && (tightest === null || l < tightest)) tightest = l;
    } catch {
      // no limit file at this level
    }
    if (d === mount) break;
  }
  if (tightest === null) return evenUnlimited ? { usageFile, limitBytes: Infinity, version } : null;
  return { usageFile, limitBytes: tightest, version };
}

export function readCgroupUsage(c: CgroupMemory): number | undefined {
  try {
    return Number(readFileSync(c.usageFile, 'utf8').trim());
  } catch {
    return undefined;
  }
}
