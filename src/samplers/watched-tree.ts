import { readdirSync, readFileSync } from 'node:fs';
import type { Reading } from '../protocol/measurement.js';
import { ProcFile } from './proc-file.js';
import { parseChildren, parseSmapsRollupPss } from './proc-parse.js';
import { sumProcesses, type ProcessFiles, type ReadOptions } from './read-memory.js';

/** How often a refresh also lists each process's threads (a thread started since is seen then). */
export const THREAD_LIST_MS = 1000;

interface Watched {
  statm: ProcFile;
  status: ProcFile;
  /** Each thread's /proc/PID/task/TID/children: a child belongs to the thread that forked it. */
  children: Map<string, ProcFile>;
  threadsListedAt: number;
}

/**
 * The runner and its descendants, their /proc files held open between reads. refresh() finds the tree
 * again by reading the children of every known thread; the thread list itself is read at most every
 * THREAD_LIST_MS (a directory listing plus an open per thread is the expensive part with 64 threads).
 */
export class WatchedTree {
  private readonly procs = new Map<number, Watched>();
  private tree: number[] = [];

  constructor(private readonly root: number) {}

  /** Finds the tree again; `now` (ms, monotonic) decides whether thread lists are read again. */
  refresh(now: number, forceThreads = false): readonly number[] {
    const seen = new Set<number>();
    const stack = [this.root];
    while (stack.length) {
      const pid = stack.pop()!;
      if (seen.has(pid)) continue;
      const w = this.watch(pid);
      if (!w || !w.statm.open) continue; // gone (a read found it so)
      seen.add(pid);
      if (forceThreads || now - w.threadsListedAt >= THREAD_LIST_MS) this.listThreads(pid, w, now);
      for (const file of w.children.values()) {
        const text = file.read();
        if (text !== undefined) stack.push(...parseChildren(text));
      }
    }
    for (const [pid, w] of this.procs) if (!seen.has(pid)) this.forget(pid, w);
    this.tree = [...seen];
    return this.tree;
  }

  /** The pids found by the last refresh, root first. */
  pids(): readonly number[] {
    return this.tree;
  }

  /** Memory of the tree found by the last refresh, summed; null once the root is gone. */
  read(opts: ReadOptions): Reading | null {
    const files: ProcessFiles[] = [];
    for (const pid of this.tree) {
      const w = this.procs.get(pid);
      const statm = w?.statm.read();
      const status = opts.statmOnly ? undefined : w?.status.read();
      if (statm === undefined || (!opts.statmOnly && status === undefined)) continue; // exited since the refresh
      let pss: number | undefined;
      if (opts.pss) {
        try {
          pss = parseSmapsRollupPss(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
        } catch {
          continue;
        }
      }
      files.push({ pid, statm, ...(status !== undefined ? { status } : {}), ...(pss !== undefined ? { pss } : {}) });
    }
    return sumProcesses(this.root, files, opts);
  }

  close(): void {
    for (const [pid, w] of this.procs) this.forget(pid, w);
  }

  private watch(pid: number): Watched | undefined {
    const known = this.procs.get(pid);
    if (known) return known;
    const statm = ProcFile.open(`/proc/${pid}/statm`);
    const status = ProcFile.open(`/proc/${pid}/status`);
    if (!statm || !status) {
      statm?.close();
      status?.close();
      return undefined;
    }
    const w: Watched = { statm, status, children: new Map(), threadsListedAt: -Infinity };
    this.procs.set(pid, w);
    return w;
  }

  private listThreads(pid: number, w: Watched, now: number): void {
    w.threadsListedAt = now;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return; // gone: the next read says so
    }
    const current = new Set(tids);
    for (const [tid, file] of w.children) {
      if (!current.has(tid)) {
        file.close();
        w.children.delete(tid);
      }
    }
    for (const tid of tids) {
      if (w.children.has(tid)) continue;
      // Without CONFIG_PROC_CHILDREN there is no such file: the root alone is measured.
      const file = ProcFile.open(`/proc/${pid}/task/${tid}/children`);
      if (file) w.children.set(tid, file);
    }
  }

  private forget(pid: number, w: Watched): void {
    w.statm.close();
    w.status.close();
    for (const file of w.children.values()) file.close();
    this.procs.delete(pid);
  }
}
