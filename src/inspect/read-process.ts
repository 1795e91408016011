import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAllocatorVariable } from '../strategies/allocator-env.js';
import { cgroupMemoryOf, readCgroupUsage } from '../samplers/cgroup.js';
import { processTree } from '../samplers/proc-tree.js';
import { allocatorOf, type AllocatorInUse } from './allocator.js';
import { regionsOf, type Region } from './regions.js';
import { parseSmaps, type Mapping } from './smaps.js';

/** A process that cannot be inspected, said in one line (the command exits 1). */
export class InspectError extends Error {}

/** At most this much of a /proc file is read: a process with a million mappings is refused, not read whole. */
const MAX_PROC_FILE = 256 * 1024 * 1024;

/** A /proc file read whole (its size is not known beforehand), bounded. */
function readProc(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(1 << 20);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_PROC_FILE) throw new InspectError(`${file} is over ${MAX_PROC_FILE / 1024 / 1024} MiB: too many mappings to inspect`);
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface ProcessFacts {
  pid: number;
  command: string;
  state: string;
  threads: number;
  /** From /proc/PID/status, bytes. */
  rss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  swap: number;
  mappings: Mapping[];
  allocator: AllocatorInUse;
  /** MALLOC_*, GLIBC_TUNABLES, LD_PRELOAD... it was started with (undefined when /proc/PID/environ is not readable). */
  allocatorEnv: Record<string, string> | undefined;
}

export interface Inspection {
  root: number;
  processes: ProcessFacts[];
  regions: Region[];
  /** The memory cgroup: its usage file, its tightest limit (Infinity: none), its usage now. */
  cgroup: { usageFile: string; limit: number; usage: number | undefined } | undefined;
}

const statusField = (status: string, name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim();
const kB = (v: string | undefined) => (v ? Number.parseInt(v, 10) * 1024 || 0 : 0);

/** Why a process cannot be read, from the error reading its files. */
function why(pid: number, err: unknown, what: string): InspectError {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof InspectError) return err;
  if (code === 'ENOENT' || code === 'ESRCH') return new InspectError(`process ${pid} exited during the inspection (its ${what} went away)`);
  if (code === 'EACCES' || code === 'EPERM') {
    let owner = 'another user';
    try {
      owner = `uid ${statSync(`/proc/${pid}`).uid}`;
    } catch {
      // gone meanwhile
    }
    return new InspectError(`process ${pid} belongs to ${owner}: ${userInfo().username} may not read its ${what}; run reclaim inspect as that user or as root`);
  }
  return new InspectError(`process ${pid}: cannot read its ${what}: ${(err as Error).message}`);
}

/** One process's facts, read from /proc without stopping it. */
export function readProcess(pid: number): ProcessFacts {
  let status: string;
  try {
    status = readProc(`/proc/${pid}/status`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InspectError(`no process ${pid} (nothing at /proc/${pid})`);
    throw why(pid, err, 'status');
  }
  const state = statusField(status, 'State') ?? '?';
  if (state.startsWith('Z')) throw new InspectError(`process ${pid} is a zombie: it exited and holds no memory; its parent (pid ${statusField(status, 'PPid') ?? '?'}) has not reaped it yet`);
  let cmdline = '';
  try {
    cmdline = readProc(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
  } catch (err) {
    throw why(pid, err, 'command line');
  }
  // A kernel thread has no command line and no user memory (and no VmRSS line).
  if (!cmdline && statusField(status, 'VmRSS') === undefined) throw new InspectError(`process ${pid} (${statusField(status, 'Name') ?? '?'}) is a kernel thread: it has no user memory to inspect`);
  let mappings: Mapping[];
  try {
    mappings = parseSmaps(readProc(`/proc/${pid}/smaps`));
  } catch (err) {
    throw why(pid, err, 'memory map (/proc/PID/smaps)');
  }
  let allocatorEnv: Record<string, string> | undefined;
  try {
    const environ = readProc(`/proc/${pid}/environ`);
    allocatorEnv = Object.fromEntries(
      environ
        .split('\0')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const)
        .filter(([k]) => k && isAllocatorVariable(k)),
    );
  } catch {
    allocatorEnv = undefined; // another user's environment: said as unknown, not as empty
  }
  return {
    pid,
    command: cmdline.slice(0, 200),
    state,
    threads: Number(statusField(status, 'Threads') ?? 0),
    rss: kB(statusField(status, 'VmRSS')),
    rssAnon: kB(statusField(status, 'RssAnon')),
    rssFile: kB(statusField(status, 'RssFile')),
    rssShmem: kB(statusField(status, 'RssShmem')),
    swap: kB(statusField(status, 'VmSwap')),
    mappings,
    allocator: allocatorOf(pid, mappings),
    allocatorEnv,
  };
}

/** The process (and with `tree`, every descendant), its memory by kind, and its cgroup's limit and usage. */
export function inspectProcess(pid: number, tree: boolean): Inspection {
  if (!Number.isInteger(pid) || pid < 1 || pid > 4_194_304) throw new InspectError(`"${pid}" is not a process id (a whole number from 1 to 4194304)`);
  const root = readProcess(pid);
  const others: ProcessFacts[] = [];
  if (tree) {
    for (const child of processTree(pid).filter((p) => p !== pid)) {
      try {
        others.push(readProcess(child));
      } catch {
        // a child that ended or cannot be read is left out of the sum
      }
    }
  }
  const processes = [root, ...others];
  const cg = cgroupMemoryOf(pid, true);
  return {
    root: pid,
    processes,
    regions: regionsOf(processes.flatMap((p) => p.mappings)),
    cgroup: cg ? { usageFile: cg.usageFile, limit: cg.limitBytes, usage: readCgroupUsage(cg) } : undefined,
  };
}
