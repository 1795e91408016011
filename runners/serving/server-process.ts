import { spawn, type ChildProcess } from 'node:child_process';
import type { Endpoint } from '../../src/protocol/plan.js';
import { alive, descendants } from './process-tree.js';

/** What reclaim's own server prints on stdout once it listens (a ready line). */
export interface Ready {
  host: string;
  port: number;
  pid: number;
  versions: Record<string, string>;
  implements: { ops: string[]; actions: string[]; noop: string[] };
}

const TAIL = 4000;
/** Bytes of stdout read for the ready line. */
const MAX_READY_LINE = 64 * 1024;

/**
 * The model server: started (an argument vector, never a shell) in a process group of its own with this
 * process's environment (the cell's: its allocator variables and preloads are the server's) plus the
 * profile's; its stderr goes on to ours (the cell's stderr.log) and its last lines are kept for the
 * reasons a cell fails with. Every process of its tree is remembered, so that stop() ends them all.
 */
export class ServerProcess {
  private readonly child: ChildProcess;
  private tail = '';
  /** Set when it ended: how. */
  exited: string | undefined;
  private readonly ended: Promise<void>;
  /** Every process seen in its tree (a daemon it started may leave the group or lose its parent). */
  private readonly seen = new Set<number>();

  constructor(argv: readonly string[], env: Record<string, string>, cwd: string, stdin: string) {
    this.child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd, detached: true });
    this.child.stdin!.on('error', () => {}); // it may die before reading: its exit says why
    this.child.stdin!.end(stdin);
    this.child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.tail = (this.tail + chunk.toString('utf8')).slice(-TAIL);
    });
    this.ended = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        resolve();
      });
      this.child.once('error', (err) => {
        this.exited = `could not start: ${err.message}`;
        resolve();
      });
    });
    if (this.child.pid !== undefined) this.seen.add(this.child.pid);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The processes of its tree now, remembered for stop(). */
  tree(): number[] {
    if (this.child.pid === undefined) return [];
    const pids = descendants(this.child.pid);
    for (const p of pids) this.seen.add(p);
    return pids;
  }

  /** The last lines it wrote on stderr, for a reason. */
  logTail(): string {
    return this.tail.trim().split('\n').slice(-8).join('\n');
  }

  /** "; its log ends: <its last lines>" when there are any, on one line (a reason is one line; stderr.log has all). */
  explain(): string {
    const tail = this.logTail().split('\n').slice(-3).map((l) => l.trim()).filter(Boolean).join(' / ');
    return tail ? `; its log ends: ${tail}` : '';
  }

  /** Its ready line, or why there is none within `timeoutMs`. */
  async readyLine(timeoutMs: number): Promise<Ready> {
    let out = '';
    const line = new Promise<string>((resolve) => {
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const nl = out.indexOf('\n');
        // The ready line is all it reads of stdout; a server that never ends its line is cut off.
        if (nl >= 0 || out.length > MAX_READY_LINE) {
          this.child.stdout!.off('data', onData);
          this.child.stdout!.resume(); // the rest is drained, not kept
          resolve(nl >= 0 ? out.slice(0, nl) : out.slice(0, MAX_READY_LINE));
        }
      };
      this.child.stdout!.on('data', onData);
    });
    const outcome = await this.within(line, timeoutMs);
    if (outcome === null) throw new Error(`the server did not say it listens within ${timeoutMs / 1000} s${this.explain()}`);
    if (outcome === undefined) throw new Error(`the server ${this.exited} before it listened${this.explain()}`);
    let ready: Ready;
    try {
      ready = JSON.parse(outcome) as Ready;
    } catch {
      throw new Error(`the server's first line on stdout is not its ready line: ${outcome.slice(0, 200)}`);
    }
    // Requests go to the loopback interface only, whatever a server of one's own says.
    if (ready.host !== '127.0.0.1' || !Number.isInteger(ready.port) || ready.port < 1 || ready.port > 65535) {
      throw new Error(`the server must listen on 127.0.0.1 and say its port; it said ${outcome.slice(0, 200)}`);
    }
    return ready;
  }

  /** Polls `url` until it answers 2xx; why it did not within `timeoutMs` otherwise. Its stdout is drained. */
  async readyHttp(url: string, method: Endpoint['method'], timeoutMs: number): Promise<void> {
    this.child.stdout!.resume();
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.exited !== undefined) throw new Error(`the server ${this.exited} before it was ready${this.explain()}`);
      try {
        const res = await fetch(url, { method, signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.ok) return;
        last = `it answered ${res.status}`;
      } catch (err) {
        last = (err as Error).name === 'TimeoutError' ? 'a probe timed out' : 'it does not listen yet';
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server was not ready within ${timeoutMs / 1000} s (${method} ${new URL(url).pathname}: ${last})${this.explain()}`);
  }

  private async within<T>(p: Promise<T>, ms: number): Promise<T | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([p, this.ended.then(() => undefined), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
    clearTimeout(timer);
    return r;
  }

  /** Waits up to `ms` for it to end (a broken connection usually means it is ending); whether it has. */
  async endsWithin(ms: number): Promise<boolean> {
    await this.within(this.ended, ms);
    return this.exited !== undefined;
  }

  /**
   * Ends it and every process its tree ever had: SIGTERM to its group and to each (a server shuts down
   * its workers), SIGKILL to what remains after `graceMs`; resolves once none of them runs.
   */
  async stop(graceMs = 5000): Promise<void> {
    if (this.child.pid === undefined) return;
    this.tree();
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, sig);
      } catch {
        // the group is gone
      }
      for (const pid of this.seen) {
        try {
          process.kill(pid, sig);
        } catch {
          // gone
        }
      }
    };
    const remaining = () => [...this.seen].filter(alive);
    signal('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (remaining().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (remaining().length) {
      signal('SIGKILL');
      const hard = Date.now() + 5000;
      while (remaining().length && Date.now() < hard) await new Promise((r) => setTimeout(r, 100));
    }
    await this.within(this.ended, 1000);
  }
}
