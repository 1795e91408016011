import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, reclaim } from './helpers.js';

const MIB = 1024 * 1024;

/** Starts test/fixtures/servers/holder.py (256 MiB freed behind a pinned heap top); its pid and a way to talk to it. */
async function holder() {
  const child = spawn('python3', [path.join(ROOT, 'test', 'fixtures', 'servers', 'holder.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = () => new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const pid = await line();
  return {
    pid,
    async ask(text: string) {
      child.stdin!.write(`${text}\n`);
      return line();
    },
    end: () => child.stdin!.end(),
  };
}

describe('reclaim inspect: a process that is already running, from outside', () => {
  it('says where its memory sits, what glibc holds free, and what malloc_trim(0) from outside returns; the process goes on', async () => {
    const h = await holder();
    try {
      const plain = await reclaim(['inspect', h.pid]);
      expect(plain.exitCode, plain.all).toBe(0);
      expect(plain.stdout).toMatch(/^brk heap\s+2\d\d\.\d/m);
      expect(plain.stdout).toMatch(/allocator: glibc malloc 2\.\d+; no allocator variables in its environment/);
      const r = await reclaim(['inspect', h.pid, '--glibc', '--trim', '--json']);
      expect(r.exitCode, r.all).toBe(0);
      const j = JSON.parse(r.stdout) as { glibc: { free: number; pause_ms: number }; trim: { returned: number; pause_ms: number; malloc_trim: number }; regions: { kind: string; rss: number }[] };
      // What glibc said it held free is what the trim returned, within 5% and 4 MiB (pages of free
      // chunks that were never touched, or glibc's bookkeeping around them).
      expect(j.glibc.free).toBeGreaterThan(250 * MIB);
      expect(Math.abs(j.trim.returned - j.glibc.free)).toBeLessThan(0.05 * j.glibc.free + 4 * MIB);
      expect(j.trim.malloc_trim).toBe(1);
      expect(j.trim.pause_ms).toBeGreaterThan(0);
      // It survived, and answers.
      expect(await h.ask('ping')).toBe('gnip');
      const after = JSON.parse((await reclaim(['inspect', h.pid, '--json'])).stdout) as { regions: { kind: string; rss: number }[] };
      expect(after.regions.find((x) => x.kind === 'brk heap')!.rss).toBeLessThan(20 * MIB);
    } finally {
      h.end();
    }
  });

  it('a process that cannot be inspected gets one line and exit 1: no such pid, a kernel thread, a zombie, another user\'s, not a number', async () => {
    const cases: [string[], RegExp][] = [
      [['inspect', '4000000'], /^reclaim inspect: no process 4000000 \(nothing at \/proc\/4000000\)$/m],
      [['inspect', '2'], /^reclaim inspect: process 2 \(kthreadd\) is a kernel thread: it has no user memory to inspect$/m],
      [['inspect', 'abc'], /^reclaim inspect: "abc" is not a process id \(a whole number\)$/m],
      [['inspect', '1', '--trm'], /reclaim inspect: Unknown option '--trm'/],
    ];
    for (const [args, said] of cases) {
      const r = await reclaim(args);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(said);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    // A zombie: a child that exited, its parent not waiting.
    const out = execFileSync('python3', ['-c', `
import os, subprocess, time
pid = os.fork()
if pid == 0:
    os._exit(0)
time.sleep(0.5)
r = subprocess.run([${JSON.stringify(process.execPath)}, ${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))}, 'inspect', str(pid)], capture_output=True, text=True)
print(r.returncode, r.stderr.strip())
`], { encoding: 'utf8' });
    expect(out).toMatch(/^1 reclaim inspect: process \d+ is a zombie: it exited and holds no memory; its parent \(pid \d+\) has not reaped it yet$/m);
    // Another user's process, as nobody (where this test runs as root).
    if (process.getuid?.() === 0) {
      let failure: { status: number; stderr: string } | undefined;
      try {
        execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(ROOT, 'dist', 'cli.js'), 'inspect', '1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        failure = err as { status: number; stderr: string };
      }
      expect(failure?.status).toBe(1);
      expect(failure?.stderr).toMatch(/reclaim inspect: process 1 belongs to uid 0: nobody may not read its memory map .*run reclaim inspect as that user or as root/);
    }
  });
});
