import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, num, readCsv, readJson, reclaim, tmp } from './helpers.js';

/** Whether a TCP port on 127.0.0.1 can be bound again (its server is gone). */
async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('the serving runtime: a FastAPI server on uvicorn, driven over HTTP under load', () => {
  it('measures the server from outside, records the load tests, and a swap under load answers 404, never 5xx', async () => {
    const out = tmp('serving');
    const r = await reclaim(['run', path.join(FIXTURES, 'serving-tiny.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    for (const [variant, row] of Object.entries(rows)) {
      expect(row.status, variant).toBe('ok');
      const cell = path.join(out, 'cells', row.cell!);
      const marks = Object.fromEntries(readCsv(path.join(cell, 'marks.csv')).map((m) => [m.label!, m]));
      // The 64 MiB model shows in the server's process tree (in a child with process-per-model).
      expect(num(marks.loaded!.private) - num(marks.initial!.private), variant).toBeGreaterThan(60);
      const record = readJson<{ runner: Record<string, string> }>(path.join(cell, 'cell.json'));
      expect(record.runner.fastapi, variant).toBeTruthy();
      expect(record.runner.listen, variant).toMatch(/^127\.0\.0\.1:\d+$/);
      const [steady, swap] = readCsv(path.join(cell, 'requests.csv'));
      expect(steady!.statuses, variant).toBe('200:40');
      expect(num(steady!.p50_ms), variant).toBeGreaterThan(0);
      // Unloaded while 400 requests were on their way: the later ones find no model.
      const statuses = Object.fromEntries(swap!.statuses!.split(' ').map((s) => s.split(':') as [string, string]));
      expect(Object.keys(statuses).every((s) => s === '200' || s === '404'), `${variant}: ${swap!.statuses}`).toBe(true);
      expect(num(statuses['404']), variant).toBeGreaterThan(0);
      expect(num(statuses['200'] ?? '0') + num(statuses['404']), variant).toBe(400);
      expect(num(row.requests), variant).toBe(440);
      expect(num(row.errors), variant).toBe(num(statuses['404']));
    }
    // The options reached the server: its pool, its endpoints, its trim timer (the ready line says what it runs with).
    const runner = (v: string) => readJson<{ runner: Record<string, string> }>(path.join(out, 'cells', rows[v]!.cell!, 'cell.json')).runner;
    expect(runner('del-gc')).toMatchObject({ threads: '4', endpoints: 'sync', trim_every_ms: '0' });
    expect(runner('trim-timer')).toMatchObject({ threads: '2', endpoints: 'async', trim_every_ms: '100' });
    // A model in a child process that exits at its unload takes everything with it.
    // (The server's multiprocessing machinery, sized by the Python build, aside: under a quarter of the 64 MiB.)
    expect(num(rows['process-per-model']!.retained_mib)).toBeLessThan(64 / 4);
    expect(r.stdout).toContain('Under load');
  });

  for (const [fault, what, args, status, reason] of [
    ['crash', 'crashes', [], 'failed', /the server exited with code 3.*faulty-server: crashing on purpose/s],
    ['hang', 'hangs', [], 'failed', /did not answer within 2 s \(hung\?\).*faulty-server: hanging on purpose/s],
    // The client waits longer than the cell may run: the harness kills it, and the server goes with it.
    ['hang', 'hangs past the cell\'s timeout', ['--set', 'control=60', '--timeout', '4'], 'timeout', /still running after 4 s \(--timeout\)/],
    ['silent', 'never listens', [], 'failed', /the server did not say it listens within 5 s/],
    ['error', 'answers 5xx', [], 'failed', /the server answered 500: RuntimeError: the model would not load/],
    // No request leaves the loopback interface: a server that says it listens elsewhere is not talked to.
    ['public', 'listens beyond the loopback interface', [], 'failed', /the server must listen on 127\.0\.0\.1 and say its port; it said .*0\.0\.0\.0/],
  ] as const) {
    it(`a server that ${what} fails its cell with the reason and its log, the run goes on, the port is released`, async () => {
      const out = tmp(`serving-${fault}`);
      const ports = path.join(out, '..', `${path.basename(out)}-ports`);
      writeFileSync(ports, '');
      const r = await reclaim(['run', path.join(FIXTURES, 'serving-faults.yaml'), '--out', out, ...args], {
        FAULTY_SERVER: fault,
        FAULTY_SERVER_PORTS: ports,
      });
      expect(r.exitCode, r.all).toBe(1);
      const rows = readCsv(path.join(out, 'summary.csv'));
      expect(rows.length).toBe(2); // both repeats ran: the first failure did not stop the run
      for (const row of rows) {
        expect(row.status).toBe(status);
        expect(row.reason).toMatch(reason);
      }
      const started = readFileSync(ports, 'utf8').trim().split('\n').map(Number);
      expect(started.length).toBe(2);
      for (const port of started) expect(await portFree(port), `port ${port}`).toBe(true);
    });
  }

  it('a scenario cannot mark while requests are in flight, nor send requests on a runtime that is no server', async () => {
    const dir = tmp('serving-bad');
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, `name: bad\nruntime: \${runtime}\nmatrix:\n  runtime: [serving, native]\nsteps:\n  - load: { model: tiny-bert, source: synthetic, name: a }\n  - requests: { model: a, count: 10, during: [{ mark: inside }] }\n`);
    const r = await reclaim(['validate', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('no mark inside requests.during');
    expect(r.stderr).toContain('runtime native has no step requests');
  });

  it('recycles the worker that holds the models: the unloaded model\'s memory leaves with the old worker, the other stays served', async () => {
    const out = tmp('serving-recycle');
    const r = await reclaim(['run', path.join(FIXTURES, 'serving-recycle.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    const cell = (v: string) => path.join(out, 'cells', rows[v]!.cell!);
    for (const v of ['del-gc', 'recycle-worker', 'recycle-worker-after-3']) {
      expect(rows[v]!.status, v).toBe('ok');
      // b was served throughout: the recycle made its requests wait, never fail.
      expect(readCsv(path.join(cell(v), 'requests.csv'))[0]!.statuses, v).toBe('200:60');
    }
    // A fresh worker holding only b has none of a's 64 MiB (under a quarter: it is what the old worker was
    // at the first mark), and keeps no more than the server or a worker not yet due (2 MiB of noise).
    // How much of a glibc keeps in those depends on the machine's threads and arenas (157-172 MiB seen).
    const retained = (v: string) => num(rows[v]!.retained_mib);
    expect(Math.abs(retained('recycle-worker'))).toBeLessThan(64 / 4);
    for (const v of ['del-gc', 'recycle-worker-after-3']) expect(retained('recycle-worker'), v).toBeLessThanOrEqual(retained(v) + 2);
    const runner = (v: string) => readJson<{ runner: Record<string, string> }>(path.join(cell(v), 'cell.json')).runner;
    expect(runner('recycle-worker').recycle_after).toBe('1');
    expect(runner('recycle-worker-after-3').recycle_after).toBe('3');
    // Another worker process after the unload: its pid is new, the old one is gone.
    const pids = (v: string, label: string) =>
      new Set(readCsv(path.join(cell(v), 'processes.csv')).filter((p) => p.label === label).map((p) => p.pid));
    const before = pids('recycle-worker', 'loaded');
    const after = pids('recycle-worker', 'after unload');
    expect([...after].filter((p) => !before.has(p))).toHaveLength(1);
    expect([...before].filter((p) => !after.has(p))).toHaveLength(1);
    const kept = pids('recycle-worker-after-3', 'after unload');
    expect([...pids('recycle-worker-after-3', 'loaded')].every((p) => kept.has(p))).toBe(true);
  });
});
