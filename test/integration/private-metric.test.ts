import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { findPython } from '../../src/runtimes/python-env/find-python.js';
import { readProcessMemory } from '../../src/samplers/read-memory.js';
import { cgroupMemoryOf } from '../../src/samplers/cgroup.js';

/** The article measured psutil's `rss - shared`; reclaim's `private` must be that number, read from outside. */
describe('the private metric', () => {
  it("equals psutil's rss - shared on a live process", async () => {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    // A process with some anon, file-backed and shared memory, paused on stdin while both read it.
    const target = execa(found.python, ['-c', 'import sys, mmap; a = bytearray(48 << 20); m = mmap.mmap(-1, 8 << 20); m.write(b"x" * (8 << 20)); print("ready", flush=True); sys.stdin.read()'], {
      stdin: 'pipe',
    });
    await new Promise<void>((resolve) => target.stdout!.once('data', () => resolve()));
    const pid = target.pid!;
    try {
      // "ready" comes just before the process blocks in stdin.read(), which may still touch a page or
      // two: compare only readings taken while it stood still (ours the same before and after psutil's).
      const read = () => readProcessMemory(pid, { pss: true, cgroup: cgroupMemoryOf(pid) })!;
      let ours = read();
      let rss = 0;
      let shared = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        const psutil = await execa(found.python, ['-c', `import psutil; m = psutil.Process(${pid}).memory_info(); print(m.rss, m.shared)`], { reject: false });
        expect(psutil.exitCode, `psutil is needed for this check (it is in runners/python/requirements.txt): ${psutil.stderr}`).toBe(0);
        [rss, shared] = psutil.stdout.trim().split(' ').map(Number) as [number, number];
        const after = read();
        if (after.private === ours.private && after.rss === ours.rss) break;
        ours = after;
      }
      expect(ours.private! * 1024 * 1024).toBe(rss - shared);
      expect(ours.rss! * 1024 * 1024).toBe(rss);
      // the 8 MiB of shared anonymous mapping counts as shmem, outside private
      expect(ours.shmem!).toBeGreaterThanOrEqual(8);
      expect(ours.anon!).toBeGreaterThan(48);
      expect(ours.pss!).toBeGreaterThan(0);
    } finally {
      target.stdin!.end();
      await target;
    }
  });
});
