/**
 * reclaim's serving runner: a client that starts a model server (the plan's `server`: reclaim's own, a
 * profile's, or one a scenario describes), drives it through its own API over HTTP on 127.0.0.1 (Node's
 * fetch), sends load tests at it, and calls malloc_trim(0) in it from outside when the strategy says so.
 * It measures nothing itself: its hello names the server's pid, and the harness measures the server's
 * process tree from outside, at each mark while no request is in flight. Started as
 *   node client.js --python PYTHON --root PROJECT [--profile DIR] [--netns]  (the plan on stdin, events on fd 3)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import type { CellPlan, Endpoint, PlanStep, ServerSpec } from '../../src/protocol/plan.js';
import { Channel, readPlan } from '../common/channel.js';
import { ServerApi, type Call } from './api.js';
import { isLoopback, listeners } from './listening.js';
import { loadTest, type LoadTestResult } from './load-test.js';
import { ServerProcess, type Ready } from './server-process.js';
import { trimFromOutside } from './trim-from-outside.js';

/** What the client itself does; the server says what it does (reclaim's ready line), or its API does. */
const CLIENT_OPS = ['mark', 'sleep', 'requests_begin', 'requests_end'];
/** Actions done from outside any server. */
const OUTSIDE = ['trim_from_outside'];

const seconds = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : typeof v === 'string' && Number(v) > 0 ? Number(v) : fallback);

/** Free TCP ports on 127.0.0.1, one per name (the kernel picks them; they are closed again at once). */
async function freePorts(names: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const servers = await Promise.all(
    names.map(
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  names.forEach((n, i) => (out[n] = (servers[i]!.address() as net.AddressInfo).port));
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return out;
}

/** The command line with its placeholders filled in: {python} {root} {profile} {dir} {plan} {port} {port.NAME}. */
function argv(spec: ServerSpec, vars: Readonly<Record<string, string>>): string[] {
  return spec.command.map((word) => word.replace(/\{([a-z][a-z0-9_.]*)\}/g, (all, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : all)));
}

class Client {
  private readonly loads = new Map<number, Promise<LoadTestResult>>();
  /** Actions after unloads of a server that has no unload call (Ray Serve): done once the next load evicted the model. */
  private readonly afterEviction: { name: string; actions: readonly string[] }[] = [];
  /** Outside actions of an unload made while requests were in flight: made once those requests ended. */
  private readonly afterRequests: { name: string; actions: readonly string[] }[] = [];
  /** reclaim's own server: its API has the plan's steps, /stats, /release and /init. */
  private readonly own: boolean;

  constructor(
    private readonly plan: CellPlan,
    private readonly spec: ServerSpec,
    private readonly server: ServerProcess,
    private readonly api: ServerApi,
    private readonly channel: Channel,
    private readonly controlTimeoutMs: number,
  ) {
    this.own = 'line' in spec.ready;
  }

  /** One control request; anything but 2xx, a timeout or a dead server fails the cell, with the server's log. */
  async control(call: Call): Promise<Record<string, unknown>> {
    const what = `${call.method} ${new URL(call.url).pathname}`;
    if (this.server.exited) throw new Error(`the server ${this.server.exited}${this.server.explain()}`);
    let res: Response;
    try {
      res = await fetch(call.url, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}), signal: AbortSignal.timeout(this.controlTimeoutMs) });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const ended = !timedOut && (await this.server.endsWithin(1000));
      const why = timedOut ? `did not answer within ${this.controlTimeoutMs / 1000} s (hung?)` : ended ? this.server.exited : `could not be reached (${(err as Error).message})`;
      throw new Error(`${what}: the server ${why}${this.server.explain()}`);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      // A server may answer text; one that says it answers JSON and does not is broken.
      if ((this.own || /\bjson\b/i.test(res.headers.get('content-type') ?? '')) && res.ok) throw new Error(`${what}: the server answered ${res.status} with malformed JSON: ${JSON.stringify(text.slice(0, 200))}${this.server.explain()}`);
    }
    if (!res.ok) {
      const failure = new Error(`${what}: the server answered ${res.status}: ${typeof json.error === 'string' ? json.error : text.slice(0, 300)}${this.server.explain()}`);
      throw Object.assign(failure, { kind: json.kind }); // reclaim's server classifies it (oom, cuda, error)
    }
    return json;
  }

  /** A step through an endpoint, timed by the client (or by reclaim's server, which says its own ms). */
  private async timed(op: string, name: string, e: Endpoint | undefined, body?: unknown): Promise<number> {
    if (!e) return 0;
    const t0 = performance.now();
    const r = await this.control(this.api.call(e, name, body));
    return typeof r.ms === 'number' && this.own ? r.ms : performance.now() - t0;
  }

  /** Release actions done from outside the server: returns the ms they took. */
  private async outside(actions: readonly string[], name: string): Promise<number> {
    let ms = 0;
    if (actions.includes('trim_from_outside')) {
      for (const t of await trimFromOutside(this.server.pid!, this.spec.holder)) {
        this.channel.send({ event: 'timing', op: 'trim_from_outside', name, ms: t.ms });
        ms += t.ms;
      }
    }
    return ms;
  }

  private inServer = (actions: readonly string[]) => actions.filter((a) => !OUTSIDE.includes(a));

  async step(s: PlanStep): Promise<void> {
    const own = (path: string) => ({ method: 'POST' as const, path });
    switch (s.op) {
      case 'load': {
        const ms = await this.timed('load', s.name, this.spec.endpoints.load, this.own ? s : undefined);
        this.channel.send({ event: 'timing', op: 'load', name: s.name, ms });
        // A server without an unload call evicts at the next load: what follows an unload follows that.
        const pending = this.afterEviction.splice(0);
        for (const p of pending) await this.outside(p.actions, p.name);
        return;
      }
      case 'unload': {
        // reclaim's server runs the in-process actions around its unload; the client those from outside.
        const step = this.own ? { ...s, before: this.inServer(s.before), after: this.inServer(s.after) } : undefined;
        let ms = (await this.outside(s.before, s.name)) + (await this.timed('unload', s.name, this.spec.endpoints.unload, step));
        // Requests in flight hold the model until they end: a trim from outside before that finds its
        // memory still in use (it did not when gdb's attach took 0.3 s), so it waits for them.
        if (!this.spec.endpoints.unload) this.afterEviction.push({ name: s.name, actions: s.after });
        else if (this.loads.size) this.afterRequests.push({ name: s.name, actions: s.after });
        else ms += await this.outside(s.after, s.name);
        return this.channel.send({ event: 'timing', op: 'unload', name: s.name, ms });
      }
      case 'infer': {
        const ms = await this.timed('infer', s.name, this.spec.endpoints.infer);
        return this.channel.send({ event: 'timing', op: 'infer', name: s.name, ms });
      }
      case 'to':
        return void (await this.timed('to', s.name, own(`/models/{model}/to`)));
      case 'release':
        await this.outside(s.actions, '');
        if (this.own && this.inServer(s.actions).length) await this.control(this.api.call(own('/release'), '', { actions: this.inServer(s.actions) }));
        return;
      case 'init':
        return void (await this.control(this.api.call(own('/init'), '')));
      case 'sleep':
        return new Promise((r) => setTimeout(r, s.ms));
      case 'mark': {
        // No request is in flight here (scenarios cannot mark inside requests.during): the server is idle.
        this.server.tree();
        const stats = this.own ? await this.control(this.api.call({ method: 'GET', path: '/stats' }, '')) : {};
        return this.channel.mark(s.index, (stats.inproc ?? {}) as Record<string, number>);
      }
      case 'requests_begin':
        this.loads.set(s.id, loadTest(this.api.call(this.spec.endpoints.infer, s.name), s.count, s.concurrency, s.timeout_ms));
        return;
      case 'requests_end': {
        const r = await this.loads.get(s.id)!;
        this.loads.delete(s.id);
        const begin = this.plan.steps.find((b): b is Extract<PlanStep, { op: 'requests_begin' }> => b.op === 'requests_begin' && b.id === s.id)!;
        this.channel.send({ event: 'requests', id: s.id, name: begin.name, ...r });
        if (this.server.exited) throw new Error(`the server ${this.server.exited} during requests to ${begin.name}${this.server.explain()}`);
        if (this.loads.size === 0) for (const p of this.afterRequests.splice(0)) await this.outside(p.actions, p.name);
        return;
      }
      default:
        throw new Error(`the serving client has no step ${s.op}`);
    }
  }
}

/**
 * What a third-party server implements through its API: loads, unloads and inferences (a server without
 * a load or unload call loads on first use and evicts by itself, as Ray Serve does), and actions from
 * outside; gc is nothing reclaim can call inside it.
 */
const THIRD_PARTY: Ready['implements'] = { ops: ['load', 'unload', 'infer', 'release'], actions: ['gc', ...OUTSIDE], noop: ['gc'] };

/** A server that listens beyond the loopback interface outside a namespace of its own is refused. */
function checkListening(server: ServerProcess): void {
  const wide = listeners(server.tree()).filter((l) => !isLoopback(l.address));
  if (wide.length) {
    const where = wide.slice(0, 3).map((l) => `${l.address}:${l.port} (pid ${l.pid})`).join(', ');
    throw new Error(`the server listens beyond 127.0.0.1, on ${where}: declare binds: any so that it runs in a network namespace of its own`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { python: { type: 'string' }, root: { type: 'string' }, profile: { type: 'string' }, netns: { type: 'boolean' } } });
  if (!values.python || !values.root) {
    process.stderr.write('usage: client.js --python PYTHON --root PROJECT [--profile DIR] [--netns] (started by reclaim: the plan on stdin, events on fd 3)\n');
    return 2;
  }
  const channel = new Channel();
  const plan = await readPlan<CellPlan>();
  const spec = plan.server;
  if (!spec) {
    channel.send({ event: 'error', message: 'the plan names no server', kind: 'error' });
    await channel.close();
    return 1;
  }
  // In a network namespace of its own the loopback interface starts down.
  if (values.netns) await execa('ip', ['link', 'set', 'lo', 'up']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srv-')); // short: Ray's sockets go below it (107 bytes at most)
  const planFile = path.join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const ports = await freePorts(spec.ports);
  const options = Object.fromEntries(Object.entries(plan.options).map(([k, v]) => [`option.${k}`, String(v)]));
  const vars: Record<string, string> = {
    python: values.python,
    root: values.root,
    profile: values.profile ?? '',
    dir,
    plan: planFile,
    port: String(ports[spec.ports[0]!]),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [`port.${k}`, String(v)])),
    ...options,
  };
  const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, argv({ ...spec, command: [v] }, vars)[0]!]));
  const server = new ServerProcess(argv(spec, vars), env, dir, JSON.stringify(plan));
  try {
    const startMs = seconds(plan.options.start_timeout_s, 300) * 1000;
    let implemented: Ready['implements'];
    let versions: Record<string, string> = { server: spec.profile };
    if ('line' in spec.ready) {
      const ready = await server.readyLine(startMs);
      ports[spec.ports[0]!] = ready.port;
      versions = { ...versions, ...ready.versions };
      implemented = { ...ready.implements, actions: [...ready.implements.actions, ...OUTSIDE] };
    } else {
      const api = new ServerApi(spec, ports, vars);
      await server.readyHttp(api.url(spec.ready.path, spec.ready.port), spec.ready.method, startMs);
      implemented = THIRD_PARTY;
    }
    if (!values.netns) checkListening(server);
    channel.send({
      event: 'hello',
      runtime: plan.runtime,
      pid: process.pid,
      measured_pid: server.pid, // the process started here: its tree holds whatever the server spawns
      versions: { ...versions, node: process.version, listen: `127.0.0.1:${ports[spec.ports[0]!]}`, ...(values.netns ? { network: 'a namespace of its own' } : {}) },
      implements: { ops: [...CLIENT_OPS, ...implemented.ops], actions: implemented.actions, noop: implemented.noop },
    });
    const client = new Client(plan, spec, server, new ServerApi(spec, ports, vars), channel, seconds(plan.options.control_timeout_s, 600) * 1000);
    for (const s of plan.steps) await client.step(s);
    await server.stop();
    channel.send({ event: 'done' });
    await channel.close();
    return 0;
  } catch (err) {
    const said = (err as { kind?: unknown }).kind;
    channel.send({ event: 'error', message: (err as Error).message, kind: typeof said === 'string' ? said : 'error' });
    await server.stop(1000);
    await channel.close();
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
