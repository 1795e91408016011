import { performance } from 'node:perf_hooks';
import type { Call } from './api.js';

/** Latencies kept per load test (the protocol's cap); beyond it, answers are counted only. */
const MAX_LATENCIES = 100_000;

export interface LoadTestResult {
  count: number;
  concurrency: number;
  wall_ms: number;
  latencies_ms: number[];
  statuses: Record<string, number>;
}

/**
 * `count` requests of `call`, `concurrency` of them in flight at once (Node's fetch, keep-alive
 * connections, as a client service would send them). Each answer is counted by status; a request not
 * answered within `timeoutMs` counts as "timeout", a broken connection as "network". Never throws.
 */
export async function loadTest(call: Call, count: number, concurrency: number, timeoutMs: number): Promise<LoadTestResult> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const t0 = performance.now();
      let status: string;
      try {
        const res = await fetch(call.url, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}), signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer(); // the connection goes back to the pool only once the body is read
        status = String(res.status);
      } catch (err) {
        status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      }
      const ms = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (/^2\d\d$/.test(status) && latencies.length < MAX_LATENCIES) latencies.push(ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { count, concurrency, wall_ms: performance.now() - started, latencies_ms: latencies, statuses };
}
