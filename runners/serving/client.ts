/**
 * reclaim's serving runner: a client that starts the model server (runners/python/serve.py, or
 * RECLAIM_SERVING_SERVER: a server of one's own speaking the same HTTP API), drives it through the
 * plan over HTTP on 127.0.0.1 (Node's fetch), and sends load tests at it. It measures nothing: its
 * hello names the server's pid, and the harness measures the server's process tree from outside,
 * at each mark while no request is in flight. Started as
 *   node client.js --python PYTHON --server serve.py   (the plan on stdin, events on fd 3)
 */
import { parseArgs } from 'node:util';
import type { CellPlan, PlanStep } from '../../src/protocol/plan.js';
import { Channel, readPlan } from '../common/channel.js';
import { loadTest, type LoadTestResult } from './load-test.js';
import { ServerProcess } from './server-process.js';

/** What the client itself does; the server says what it does (its ready line). */
const CLIENT_OPS = ['mark', 'sleep', 'requests_begin', 'requests_end'];


const seconds = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : typeof v === 'string' && Number(v) > 0 ? Number(v) : fallback);

class Client {
  private readonly base: string;
  private readonly loads = new Map<number, Promise<LoadTestResult>>();

  constructor(
    private readonly plan: CellPlan,
    private readonly server: ServerProcess,
    port: number,
    private readonly channel: Channel,
    private readonly controlTimeoutMs: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** One control request; anything but 2xx, a timeout or a dead server fails the cell, with the server's log. */
  async control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    if (this.server.exited) throw new Error(`the server ${this.server.exited}${this.server.explain()}`);
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        signal: AbortSignal.timeout(this.controlTimeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const ended = !timedOut && (await this.server.endsWithin(1000));
      const why = timedOut ? `did not answer within ${this.controlTimeoutMs / 1000} s (hung?)` : ended ? this.server.exited : `could not be reached (${(err as Error).message})`;
      throw new Error(`${method} ${path}: the server ${why}${this.server.explain()}`);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: said as it is below
    }
    if (!res.ok) {
      const failure = new Error(`${method} ${path}: the server answered ${res.status}: ${typeof json.error === 'string' ? json.error : text.slice(0, 300)}${this.server.explain()}`);
      throw Object.assign(failure, { kind: json.kind }); // the server classified it (oom, cuda, error)
    }
    return json;
  }

  private async timed(op: string, name: string, method: 'POST', path: string, body?: unknown) {
    const r = await this.control(method, path, body);
    if (typeof r.ms === 'number') this.channel.send({ event: 'timing', op, name, ms: r.ms });
  }

  async step(s: PlanStep): Promise<void> {
    const model = (name: string) => `/models/${encodeURIComponent(name)}`;
    switch (s.op) {
      case 'load':
        return this.timed('load', s.name, 'POST', `${model(s.name)}/load`, s);
      case 'unload':
        return this.timed('unload', s.name, 'POST', `${model(s.name)}/unload`, s);
      case 'infer':
        return this.timed('infer', s.name, 'POST', `${model(s.name)}/infer`);
      case 'to':
        return this.timed('to', s.name, 'POST', `${model(s.name)}/to`);
      case 'release':
        return void (await this.control('POST', '/release', { actions: s.actions }));
      case 'init':
        return void (await this.control('POST', '/init'));
      case 'sleep':
        return new Promise((r) => setTimeout(r, s.ms));
      case 'mark': {
        // No request is in flight here (scenarios cannot mark inside requests.during): the server is idle.
        const stats = await this.control('GET', '/stats');
        return this.channel.mark(s.index, (stats.inproc ?? {}) as Record<string, number>);
      }
      case 'requests_begin':
        this.loads.set(s.id, loadTest(`${this.base}${model(s.name)}/infer`, s.count, s.concurrency, s.timeout_ms));
        return;
      case 'requests_end': {
        const r = await this.loads.get(s.id)!;
        this.loads.delete(s.id);
        const begin = this.plan.steps.find((b): b is Extract<PlanStep, { op: 'requests_begin' }> => b.op === 'requests_begin' && b.id === s.id)!;
        this.channel.send({ event: 'requests', id: s.id, name: begin.name, ...r });
        if (this.server.exited) throw new Error(`the server ${this.server.exited} during requests to ${begin.name}${this.server.explain()}`);
        return;
      }
      default:
        throw new Error(`the serving client has no step ${s.op}`);
    }
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { python: { type: 'string' }, server: { type: 'string' } } });
  if (!values.python || !values.server) {
    process.stderr.write('usage: client.js --python PYTHON --server SCRIPT (started by reclaim: the plan on stdin, events on fd 3)\n');
    return 2;
  }
  const channel = new Channel();
  const plan = await readPlan<CellPlan>();
  const server = new ServerProcess(values.python, values.server, plan);
  try {
    const ready = await server.ready(seconds(plan.options.start_timeout_s, 300) * 1000);
    channel.send({
      event: 'hello',
      runtime: plan.runtime,
      pid: process.pid,
      measured_pid: server.pid, // the process started here: its tree holds whatever the server spawns
      versions: { ...ready.versions, node: process.version, listen: `${ready.host}:${ready.port}` },
      implements: { ops: [...CLIENT_OPS, ...ready.implements.ops], actions: ready.implements.actions, noop: ready.implements.noop },
    });
    const client = new Client(plan, server, ready.port, channel, seconds(plan.options.control_timeout_s, 600) * 1000);
    for (const s of plan.steps) await client.step(s);
    await server.stop();
    channel.send({ event: 'done' });
    await channel.close();
    return 0;
  } catch (err) {
    const said = (err as { kind?: unknown }).kind;
    channel.send({ event: 'error', message: (err as Error).message, kind: said === 'oom' || said === 'cuda' ? said : 'error' });
    await server.stop(1000);
    await channel.close();
    return 1;
  }
}

process.exitCode = await main();
