import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { AttachError } from '../../src/attach/attach-error.js';
import { callInto, HELPER } from '../../src/attach/helper.js';
import { readMaps } from '../../src/attach/maps.js';
import { releaseFromOutside } from '../../src/attach/release.js';
import { resolveIn } from '../../src/attach/symbols.js';
import { which } from '../../src/runtimes/python-env/find-python.js';
import { reclaim, ROOT, rssAnon, tmp } from './helpers.js';

/**
 * reclaim-attach on real processes: each test reads from the target itself (what it prints after the
 * call, its exit code) that the call left it as it was. The C target (test/fixtures/attach/target.c)
 * frees 32 MiB in 64 KiB holes behind a pinned top, so malloc_trim(0) has pages to give back and answers 1.
 */
const FIX = path.join(ROOT, 'test', 'fixtures', 'attach');
const BUILD = tmp('attach');
const TARGET = path.join(BUILD, 'target');
const IS_ROOT = process.getuid?.() === 0;
const MIB = 1024 * 1024;

interface Target {
  pid: number;
  child: ChildProcess;
  out: () => string;
  send: (text: string) => void;
  /** Its stdout and exit code once it ends (stdin closed first). */
  end: () => Promise<{ out: string; code: number | null }>;
}

async function start(argv: string[]): Promise<Target> {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': the process can exit before the last of its output has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (let i = 0; i < 200 && !/ready (\d+)/.test(out); i++) await sleep(50);
  const m = /ready (\d+)/.exec(out);
  if (!m) throw new Error(`${argv.join(' ')} did not say it was ready: ${out}`);
  return {
    pid: Number(m[1]),
    child,
    out: () => out,
    send: (text) => child.stdin!.write(text),
    end: async () => {
      child.stdin!.end();
      const code = await Promise.race([exited, sleep(15_000).then(() => 'hung' as const)]);
      if (code === 'hung') {
        child.kill('SIGKILL');
        throw new Error(`the target hung after the call: ${out}`);
      }
      return { out, code };
    },
  };
}

const symbol = (pid: number, name: string, file = realpathSync(TARGET)) => resolveIn(pid, readMaps(pid), file, [name]).addresses.get(name)!;

async function attachError(p: Promise<unknown>): Promise<AttachError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AttachError) return err;
    throw err;
  }
  throw new Error('the call succeeded where it should have been refused');
}

beforeAll(() => {
  const cc = spawnSync('cc', ['-O2', '-g', '-rdynamic', '-pthread', '-o', TARGET, path.join(FIX, 'target.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`building the test target: ${cc.stderr}`);
});

describe('reclaim-attach: a call into a live process leaves it as it was', () => {
  // Each wait the issue names, in C; the stop restarts what the kernel restarts (the sleep keeps the time it had left).
  const waits: [string, string, RegExp][] = [
    ['epoll', 'epoll_wait', /^epoll_wait returned 1 errno 0 /m],
    ['poll', 'poll', /^poll returned 1 errno 0 /m],
    ['futex', 'futex', /^futex returned 0 errno 0 /m],
    ['read', 'read', /^read returned 2 errno 0 /m],
    ['poll-timeout', 'poll', /^poll returned 1 errno 0 /m],
  ];
  for (const [mode, syscall, said] of waits) {
    it(`C, waiting in ${mode}: malloc_trim(0) returns the holes, and the wait goes on as if nothing happened`, async () => {
      const t = await start([TARGET, mode, '20000']);
      const r = await releaseFromOutside(t.pid);
      expect(r.syscall).toBe(syscall);
      expect(r.call).toBe('malloc_trim(0)');
      expect(r.answer).toBe(1);
      t.send('x\n');
      const { out, code } = await t.end();
      expect(out).toMatch(said);
      expect(code).toBe(0);
    });
  }

  it('C, in nanosleep: the sleep resumes with the time it had left (not from the start, not cut short)', async () => {
    const t = await start([TARGET, 'nanosleep', '1500']);
    await sleep(1000); // a restart from the start would then sleep 2.5 s in all; the time left, 1.5 s
    const r = await releaseFromOutside(t.pid);
    expect(r.syscall).toBe('nanosleep');
    const { out } = await t.end();
    const ms = Number(/^nanosleep returned 0 errno 0 after (\d+) ms/m.exec(out)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(1490);
    expect(ms).toBeLessThan(2400); // under 2.5 s, with 0.9 s for a loaded machine's scheduling
  });

  it('C, in epoll_wait with a timeout: the kernel ends it with EINTR at any stop (as with SIGSTOP or strace), which event loops retry', async () => {
    const t = await start([TARGET, 'epoll-timeout', '20000']);
    const r = await releaseFromOutside(t.pid);
    expect(r.syscall).toBe('epoll_wait');
    const { out } = await t.end();
    expect(out).toMatch(/^epoll_wait returned -1 errno 4 /m);
  });

  it('the extended register state comes back whole: a vector register kept across an inline system call', async () => {
    const t = await start([TARGET, 'vectors']);
    const out = await callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_clobber_vectors') }]);
    expect(out.calls[0]!.result).toBe(8n);
    expect(out.xstateBytes).toBeGreaterThanOrEqual(512 + 64); // legacy area + header, at least
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^xmm8 3\.25$/m);
  });

  const python: [string, string, RegExp][] = [
    ['sleep', 'clock_nanosleep', /^slept after (\d+) ms$/m],
    ['select', 'epoll_wait', /^select 1 after \d+ ms$/m],
    ['event', 'futex', /^event True after \d+ ms$/m],
    ['read', 'read', /^read 2 after \d+ ms$/m],
    ['poll', 'poll', /^poll 1 after \d+ ms$/m],
  ];
  for (const [mode, syscall, said] of python) {
    it(`Python, waiting in ${mode} (${syscall}): no OSError 514/516, the wait goes on`, async () => {
      const t = await start(['python3', path.join(FIX, 'py_target.py'), mode]);
      if (mode === 'sleep') await sleep(1000); // as the C case: a restart from the start would take 2.5 s
      const r = await releaseFromOutside(t.pid);
      expect(r.syscall).toBe(syscall);
      expect(r.answer).toBe(1);
      if (mode !== 'sleep') t.send('x\n');
      const { out, code } = await t.end();
      expect(out).toMatch(said);
      expect(code).toBe(0);
      if (mode === 'sleep') {
        const ms = Number(said.exec(out)![1]);
        expect(ms).toBeGreaterThanOrEqual(1490);
        expect(ms).toBeLessThan(2400);
      }
    });
  }

  it('a signal that arrives during the call is held (blocked, queued with its siginfo) and delivered after it, once', async () => {
    const t = await start([TARGET, 'nanosleep', '20000']);
    const call = callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_sleep_ms'), args: [{ int: 600 }] }]);
    await sleep(250);
    process.kill(t.pid, 'SIGUSR1');
    const out = await call;
    expect(out.calls[0]!.result).toBe(600n);
    expect(out.deferredSignals).toEqual([]); // blocked during the call, not taken off the queue
    // The handler ran once, after the call; the sleep it interrupted says EINTR, as any handled signal makes it.
    const { out: said } = await t.end();
    expect(said).toMatch(/^nanosleep returned -1 errno 4 after \d+ ms usr1 1$/m);
  });

  it('a sleep of the call interrupted past the deadline cannot leave its restart data as the thread\'s own: the thread\'s sleep ends with EINTR, not early with 0', async () => {
    const t = await start([TARGET, 'nanosleep', '20000']);
    // Past 200 ms the helper stops the thread every 50 ms to look for a lock wait: each stop interrupts
    // the call's own nanosleep, whose restart data replaces the thread's.
    const out = await callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_sleep_ms'), args: [{ int: 800 }] }], { timeoutMs: 200 });
    expect(out.calls[0]!.result).toBe(800n);
    const { out: said } = await t.end();
    expect(said).toMatch(/^nanosleep returned -1 errno 4 after \d+ ms usr1 0$/m);
  });

  it('a SIGSTOP and a SIGCONT during the call: the process ends up running, as it would have', async () => {
    const t = await start([TARGET, 'read']);
    const call = callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_sleep_ms'), args: [{ int: 800 }] }]);
    await sleep(200);
    process.kill(t.pid, 'SIGSTOP');
    await sleep(200);
    process.kill(t.pid, 'SIGCONT');
    expect((await call).calls[0]!.result).toBe(800n);
    await sleep(100);
    expect(readFileSync(`/proc/${t.pid}/status`, 'utf8')).toMatch(/^State:\s+S/m);
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read returned 2 errno 0 /m);
  });

  it('two threads malloc and free in a tight loop; 50 trims from outside, none hangs, every block checks', async () => {
    const t = await start([TARGET, 'churn']);
    for (let i = 0; i < 50; i++) {
      const r = await releaseFromOutside(t.pid, { timeoutMs: 10_000 });
      // The main thread in read, or a worker waiting for an arena lock the other holds (a futex).
      expect(['read', 'futex']).toContain(r.syscall);
    }
    t.send('stop\n');
    const { out } = await t.end();
    const m = /^churn rounds (\d+) mismatches (\d+)$/m.exec(out);
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBe(0);
  });

  it('a call waiting for a lock past its time is abandoned there when it holds no other (glibc\'s); otherwise it is waited for', async () => {
    const t = await start([TARGET, 'lock', '3000']); // the main thread holds the lock; a thread unlocks it at 3 s
    const e = await attachError(callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_take_lock') }], { tid: t.pid, timeoutMs: 500, abandonAtLockWait: true }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/waiting for a lock another thread holds; abandoned there/);
    // Without the promise that it holds one lock at most, the call is let run until the lock is free.
    const waited = await callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_take_lock') }], { tid: t.pid, timeoutMs: 500 });
    expect(waited.calls[0]!.result).toBe(1n);
    t.send('x\n');
    const { out, code } = await t.end();
    expect(out).toMatch(/^read returned 2 errno 0 /m);
    expect(code).toBe(0);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`the helper sent ${signal} mid-call runs the call to its end, restores the thread and says so`, async () => {
      const t = await start([TARGET, 'read']);
      const helper = execa(HELPER, [String(t.pid), '--call', `0x${symbol(t.pid, 'reclaim_test_sleep_ms').toString(16)}`, '--arg', 'i:800'], { reject: false });
      await sleep(300);
      helper.kill(signal);
      const r = await helper;
      expect(r.exitCode).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: 'interrupted' });
      t.send('x\n');
      const { out, code } = await t.end();
      expect(out).toMatch(/^read returned 2 errno 0 /m);
      expect(code).toBe(0);
    });
  }
});

describe('release from outside, for each allocator the catalogue has', () => {
  const preloads: [string, string, string][] = [
    ['jemalloc', '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', 'mallctl("arena.4096.purge", NULL, NULL, NULL, 0)'],
    ['tcmalloc', '/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4', 'MallocExtension_ReleaseFreeMemory()'],
    ['mimalloc', '/usr/lib/x86_64-linux-gnu/libmimalloc.so.2', 'mi_collect(true)'],
  ];
  for (const [name, lib, call] of preloads) {
    it.skipIf(!existsSync(lib))(`${name}, preloaded: its own release is called, and the 64 MiB the process freed leave it`, async () => {
      const child = spawn(TARGET, ['free-all'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, LD_PRELOAD: lib } });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 200 && !/ready/.test(out); i++) await sleep(50);
      const base = Number(/^base (\d+)$/m.exec(out)![1]) * 1024;
      const before = rssAnon(child.pid!);
      // The allocator still holds what was freed (else this test would show nothing)...
      expect(before - base).toBeGreaterThan(48 * MIB);
      const r = await releaseFromOutside(child.pid!);
      expect(r.allocator).toBe(name);
      expect(r.call).toBe(call);
      if (name === 'jemalloc') expect(r.answer).toBe(0);
      // ...and after its release, no more than 8 MiB of it stays. mimalloc 2.0 (Debian's) gives back only
      // part at once: segments it caches wait for their 500 ms delay and a call from their own thread's work.
      if (name === 'mimalloc') expect(before - rssAnon(child.pid!)).toBeGreaterThan(16 * MIB);
      else expect(rssAnon(child.pid!) - base).toBeLessThan(8 * MIB);
      child.stdin!.end('x\n');
      await new Promise((resolve) => child.on('close', resolve));
      expect(out).toMatch(/^read returned 2 errno 0 /m);
    });
  }
});

describe('reclaim inspect --glibc --trim on a running server', () => {
  it('keeps it answering: requests before, during and after the calls all get 200', async () => {
    const server = spawn('python3', [path.join(FIX, 'http_holder.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let said = '';
      server.stdout!.on('data', (d: Buffer) => (said += d.toString()));
      for (let i = 0; i < 300 && !/port \d+/.test(said); i++) await sleep(50);
      const port = Number(/port (\d+)/.exec(said)?.[1]);
      expect(port, said).toBeGreaterThan(0);
      const get = async () => (await fetch(`http://127.0.0.1:${port}/`)).status;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push(await get());
      let calling = true;
      const during = (async () => {
        while (calling) statuses.push(await get());
      })();
      const r = await reclaim(['inspect', String(server.pid), '--glibc', '--trim', '--json']);
      calling = false;
      await during;
      for (let i = 0; i < 10; i++) statuses.push(await get());
      expect(r.exitCode, r.all).toBe(0);
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(server.exitCode).toBeNull();
      // The server freed 128 MiB: glibc holds at least most of it free, and the trim returns what glibc said.
      const j = JSON.parse(r.stdout) as { glibc: { free: number }; trim: { returned: number; call: string } };
      expect(j.glibc.free).toBeGreaterThan(0.9 * 128 * MIB);
      expect(Math.abs(j.trim.returned - j.glibc.free)).toBeLessThan(0.05 * j.glibc.free + 4 * MIB);
      expect(j.trim.call).toBe('malloc_trim(0)');
    } finally {
      server.kill('SIGKILL');
    }
  });
});

describe('reclaim-attach: refusals, each one line, the target untouched', () => {
  it('no such process; a process with no safe point (always running)', async () => {
    expect((await attachError(releaseFromOutside(4_000_000))).kind).toBe('no_process');
    const t = await start([TARGET, 'busy', '2000']);
    const e = await attachError(callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_add') }], { waitMs: 300 }));
    expect(e.kind).toBe('no_safe_point');
    expect(e.message).toMatch(/^no thread of process \d+ \(1 thread\) was waiting in a system call where a call is safe within 300 ms/);
    const { out } = await t.end();
    expect(out).toMatch(/^busy done$/m);
  });

  it('a seccomp filter that refuses the allocator a system call (SIGSYS): abandoned, the signal not delivered', async () => {
    const t = await start([TARGET, 'seccomp']);
    const e = await attachError(releaseFromOutside(t.pid));
    expect(e.kind).toBe('seccomp');
    expect(e.message).toMatch(/seccomp filter of process \d+ refused a system call .*\(SIGSYS, system call 28\)/);
    t.send('x\n');
    const { out, code } = await t.end();
    expect(out).toMatch(/^read returned 2 errno 0 /m);
    expect(code).toBe(0);
  });

  it('the process exits during the call (another thread calls exit): said, its own exit code kept', async () => {
    const t = await start([TARGET, 'exit-during-call', '400']);
    const e = await attachError(callInto(t.pid, [{ address: symbol(t.pid, 'reclaim_test_sleep_ms'), args: [{ int: 2000 }] }], { tid: t.pid }));
    expect(e.kind).toBe('exited');
    expect((await t.end()).code).toBe(7);
  });

  it('a process already traced (a debugger or strace holds it)', async () => {
    const t = await start([TARGET, 'read']);
    const tracer = spawn('python3', ['-c', `import ctypes, sys, time\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.ptrace(0x4206, ${t.pid}, 0, 0), flush=True)\ntime.sleep(30)`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => tracer.stdout!.once('data', resolve));
      const e = await attachError(releaseFromOutside(t.pid));
      expect(e.kind).toBe('traced');
      expect(e.message).toMatch(/^process \d+ is already traced by process \d+ \(python3\)/);
    } finally {
      tracer.kill('SIGKILL');
    }
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read returned 2 errno 0 /m);
  });

  it('a stopped process (SIGSTOP) is left stopped', async () => {
    const t = await start([TARGET, 'read']);
    process.kill(t.pid, 'SIGSTOP');
    await sleep(100);
    const e = await attachError(releaseFromOutside(t.pid));
    expect(e.kind).toBe('stopped');
    expect(e.message).toMatch(/continue it first \(kill -CONT \d+\)/);
    process.kill(t.pid, 'SIGCONT');
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read returned 2 errno 0 /m);
  });

  it('a 32-bit program', async () => {
    const bin = path.join(BUILD, 't32');
    const cc = spawnSync('cc', ['-m32', '-nostdlib', '-static', '-o', bin, path.join(FIX, 't32.S')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    const child = spawn(bin, [], { stdio: 'ignore' });
    try {
      await sleep(200);
      const e = await attachError(releaseFromOutside(child.pid!));
      expect(e.kind).toBe('not_x86_64');
      expect(e.message).toMatch(/is a 32-bit program: reclaim calls only into 64-bit x86 processes; nothing was touched/);
      // The helper refuses it too, when asked directly.
      const r = await execa(HELPER, [String(child.pid), '--call', '0x1000'], { reject: false });
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: 'not_x86_64' });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.skipIf(!which('musl-gcc'))('a musl program: "not glibc", nothing touched', async () => {
    const bin = path.join(BUILD, 'target-musl');
    const src = path.join(BUILD, 'wait.c');
    writeFileSync(src, '#include <stdio.h>\n#include <unistd.h>\nint main(void){char b[8];printf("ready %d\\n",getpid());fflush(stdout);long n=read(0,b,8);printf("read %ld\\n",n);return 0;}\n');
    const cc = spawnSync('musl-gcc', ['-o', bin, src], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    const t = await start([bin]);
    const e = await attachError(releaseFromOutside(t.pid));
    expect(e.kind).toBe('not_glibc');
    expect(e.message).toMatch(/^not glibc: process \d+ runs on musl 1\.\d+\.\d+ \(\/\S+\), whose malloc \(mallocng\) has no malloc_trim/);
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read 2$/m);
  });

  it.skipIf(!IS_ROOT || !which('setpriv'))('another user\'s process, and a process with capabilities reclaim lacks (no CAP_SYS_PTRACE)', async () => {
    const t = await start([TARGET, 'read']);
    const call = ['--call', `0x${symbol(t.pid, 'malloc_trim', readMaps(t.pid).find((m) => /\/libc\.so\.6$/.test(m.path))!.path).toString(16)}`, '--arg', 'i:0'];
    const asNobody = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', HELPER, String(t.pid), ...call], { reject: false });
    expect(asNobody.exitCode).toBe(1);
    expect(JSON.parse(asNobody.stdout).message).toMatch(/^process \d+ runs as uid 0 and reclaim as uid 65534 without CAP_SYS_PTRACE: run reclaim as uid 0 or as root \(in a container: docker run --cap-add=SYS_PTRACE\)/);
    const noCap = await execa('setpriv', ['--bounding-set=-sys_ptrace', '--inh-caps=-sys_ptrace', HELPER, String(t.pid), ...call], { reject: false });
    expect(noCap.exitCode).toBe(1);
    expect(JSON.parse(noCap.stdout).message).toMatch(/holds capabilities reclaim lacks .* and reclaim has no CAP_SYS_PTRACE: run reclaim as root with it \(in a container: docker run --cap-add=SYS_PTRACE\)/);
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read returned 2 errno 0 /m);
  });
});

describe('reclaim list: whether trim-from-outside can run here comes from a real call', () => {
  it('available here; unavailable, with the reason, where the helper fails or is missing', async () => {
    const line = (out: string) => out.split('\n').find((l) => /^trim-from-outside\s/.test(l)) ?? '';
    expect(line((await reclaim(['list'])).stdout)).toMatch(/\savailable\s/);
    const failing = await reclaim(['list'], { RECLAIM_ATTACH_HELPER: '/bin/false' });
    expect(line(failing.stdout)).toMatch(/unavailable: trim_from_outside: a call into a probe process failed: reclaim-attach answered no result \(exit 1\)/);
    const missing = await reclaim(['list'], { RECLAIM_ATTACH_HELPER: '/nonexistent/reclaim-attach' });
    expect(line(missing.stdout)).toMatch(/unavailable: trim_from_outside: \/nonexistent\/reclaim-attach is not built/);
  });
});

describe('reclaim-attach: symbols come from the target\'s own files', () => {
  it.skipIf(!IS_ROOT)('a process under another root with its own copy of glibc; then that copy replaced on disk while it runs', async () => {
    const root = tmp('attach-root');
    // The program and each library it loads, copied into the new root at the same paths.
    const ldd = spawnSync('ldd', [TARGET], { encoding: 'utf8' }).stdout;
    const files = [TARGET, ...[...ldd.matchAll(/(\/\S+)/g)].map((m) => m[1]!)];
    for (const f of files) {
      const real = realpathSync(f);
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      copyFileSync(real, path.join(root, f));
    }
    const t = await start(['chroot', root, TARGET, 'read']);
    const maps = readMaps(t.pid);
    const libc = maps.find((m) => /\/libc\.so\.6$/.test(m.path))!.path;
    // maps prints the chrooted process's files as seen from here: the copy under the new root is what is read.
    expect(libc.startsWith(`${realpathSync(root)}/`)).toBe(true);
    const own = resolveIn(t.pid, maps, libc, ['malloc_trim']);
    expect(own.readFrom).toBe(libc);
    expect((await releaseFromOutside(t.pid)).answer).toBe(1);
    // Its libc replaced on disk (an upgrade): the path now names another file, so the mapped one is read.
    const libcInRoot = libc;
    copyFileSync(libcInRoot, `${libcInRoot}.new`);
    renameSync(`${libcInRoot}.new`, libcInRoot);
    const after = resolveIn(t.pid, readMaps(t.pid), libc, ['malloc_trim']);
    expect(after.readFrom).toMatch(new RegExp(`^/proc/${t.pid}/map_files/[0-9a-f]+-[0-9a-f]+$`));
    expect((await releaseFromOutside(t.pid)).call).toBe('malloc_trim(0)');
    t.send('x\n');
    expect((await t.end()).out).toMatch(/^read returned 2 errno 0 /m);
  });
});
