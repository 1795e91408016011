import { createInterface } from 'node:readline';
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcessMemory } from '../../src/samplers/read-memory.js';
import { THREAD_LIST_MS, WatchedTree } from '../../src/samplers/watched-tree.js';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

/** A Python process that, on each line on stdin, forks a sleeping child from a new thread (or, with "main", from its main thread) and prints its pid. */
async function forker() {
  const code = `
import os, signal, sys, threading, time
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children that end are reaped at once
def fork():
    pid = os.fork()
    if pid == 0:
        time.sleep(60); os._exit(0)
    print(pid, flush=True)
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "main":
        fork()
    else:
        t = threading.Thread(target=lambda: (fork(), time.sleep(60)), daemon=True); t.start()
`;
  const p = spawn('python3', ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  stops.push(() => {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  createInterface({ input: p.stdout }).on('line', (line) => {
    lines.push(line.trim());
    waiting?.();
  });
  const next = async () => {
    while (!lines.length) await new Promise<void>((r) => (waiting = r));
    return lines.shift()!;
  };
  expect(await next()).toBe('ready');
  return { pid: p.pid!, fork: async (from: 'main' | 'thread') => (p.stdin.write(`${from}\n`), Number(await next())) };
}

/** Our open files under /proc/PID/ of that process. */
const openUnder = (pid: number) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(`/proc/${pid}/`);
    } catch {
      return false;
    }
  }).length;

describe('the sampler watches the process tree with files held open', () => {
  it('sees a child forked by the main thread at the next refresh, and one forked by another thread once threads are listed again', async () => {
    const f = await forker();
    const tree = new WatchedTree(f.pid);
    expect(tree.refresh(0, true)).toEqual([f.pid]);

    const fromMain = await f.fork('main');
    expect(tree.refresh(10)).toContain(fromMain);

    const fromThread = await f.fork('thread');
    // Its thread did not exist at the last listing: its children file is not watched yet.
    expect(tree.refresh(20)).not.toContain(fromThread);
    expect(tree.refresh(THREAD_LIST_MS + 1)).toContain(fromThread);
    tree.close();
  });

  it('reads what a one-shot read reads, statm alone giving rss, private and anon', async () => {
    const f = await forker();
    await f.fork('main');
    const tree = new WatchedTree(f.pid);
    tree.refresh(0, true);
    // The child has just been forked and may still be touching pages (copy-on-write moves them from
    // shared to anon): compare readings taken while the tree stood still.
    const same = (a: Record<string, number | undefined>, b: Record<string, number | undefined>) => (['rss', 'private', 'anon', 'file', 'shmem'] as const).every((m) => a[m] === b[m]);
    let full = tree.read({ pss: false, cgroup: null })!;
    let once = readProcessMemory(f.pid, { pss: false, cgroup: null }, tree.pids())!;
    let statm = tree.read({ pss: false, cgroup: null, statmOnly: true })!;
    for (let attempt = 0; attempt < 40; attempt++) {
      const after = tree.read({ pss: false, cgroup: null })!;
      if (same(full, after)) break;
      await new Promise((r) => setTimeout(r, 50));
      full = tree.read({ pss: false, cgroup: null })!;
      once = readProcessMemory(f.pid, { pss: false, cgroup: null }, tree.pids())!;
      statm = tree.read({ pss: false, cgroup: null, statmOnly: true })!;
    }
    expect(Object.keys(statm).sort()).toEqual(['anon', 'private', 'rss']);
    for (const m of ['rss', 'private', 'anon', 'file', 'shmem'] as const) expect(Math.abs(full[m]! - once[m]!)).toBeLessThan(2);
    expect(Math.abs(statm.anon! - full.anon!)).toBeLessThan(2); // resident - shared is RssAnon
    tree.close();
  });

  it('drops a child that ended, says null once the root is gone, and closes every file it opened', async () => {
    const f = await forker();
    const child = await f.fork('main');
    const tree = new WatchedTree(f.pid);
    expect(tree.refresh(0, true)).toContain(child);
    expect(openUnder(f.pid)).toBeGreaterThan(0);
    process.kill(child, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    tree.read({ pss: false, cgroup: null });
    expect(tree.refresh(THREAD_LIST_MS + 1)).not.toContain(child);
    stops.pop()!();
    await new Promise((r) => setTimeout(r, 200));
    expect(tree.read({ pss: false, cgroup: null })).toBeNull();
    tree.close();
    expect(openUnder(f.pid)).toBe(0);
  });
});
