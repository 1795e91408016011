import { spawn, type ChildProcess } from 'node:child_process';

/** What the server prints on stdout once it listens. */
export interface Ready {
  host: string;
  port: number;
  pid: number;
  versions: Record<string, string>;
  implements: { ops: string[]; actions: string[]; noop: string[] };
}

const TAIL = 4000;

/**
 * The model server, started with this process's environment (the cell's: its allocator variables
 * and preloads are for the server). Its stderr goes on to ours (the cell's stderr.log) and its last
 * lines are kept for the reasons a cell fails with.
 */
/** Bytes of stdout read for the ready line. */
const MAX_READY_LINE = 64 * 1024;

export class ServerProcess {
  private readonly child: ChildProcess;
  private tail = '';
  /** Set when it ended: how. */
  exited: string | undefined;
  private readonly ended: Promise<void>;

  constructor(python: string, script: string, plan: unknown) {
    this.child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
    this.child.stdin!.on('error', () => {}); // it may die before reading the plan: its exit says why
    this.child.stdin!.end(JSON.stringify(plan));
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
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines it wrote on stderr, for a reason. */
  logTail(): string {
    const lines = this.tail.trim().split('\n');
    return lines.slice(-8).join('\n');
  }

  /** Its ready line, or why there is none within `timeoutMs`. */
  async ready(timeoutMs: number): Promise<Ready> {
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
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      line,
      this.ended.then(() => undefined),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
    ]);
    clearTimeout(timer);
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

  /** "; its log ends: <its last lines>" when there are any, on one line (a reason is one line; stderr.log has all). */
  explain(): string {
    const tail = this.logTail().split('\n').slice(-3).map((l) => l.trim()).filter(Boolean).join(' / ');
    return tail ? `; its log ends: ${tail}` : '';
  }

  /** Waits up to `ms` for it to end (a broken connection usually means it is ending); whether it has. */
  async endsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    return this.exited !== undefined;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has ended. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited !== undefined) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    if (this.exited === undefined) {
      this.child.kill('SIGKILL');
      await this.ended;
    }
  }
}
