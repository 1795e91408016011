import { quantileSorted } from 'simple-statistics';
import { z } from 'zod';
import type { RequestsEvent } from '../../protocol/events.js';
import type { CellRecord } from '../../store/cell-record.js';

/** A run's load tests of a server, pooled: how many requests, how many failed, and the latency of those answered. */
export const LatencyFiguresSchema = z.object({
  requests: z.number().int().min(0),
  /** Requests not answered 2xx: another status, a timeout or a broken connection. */
  errors: z.number().int().min(0),
  p50_ms: z.number().optional(),
  p95_ms: z.number().optional(),
  p99_ms: z.number().optional(),
  max_ms: z.number().optional(),
  /** Answers by status over the run ("200", "404", "timeout", "network"). */
  statuses: z.record(z.string(), z.number().int().min(0)),
});
export type LatencyFigures = z.infer<typeof LatencyFiguresSchema>;

export const LATENCY = 'latency';

export function latencyOf(r: CellRecord): LatencyFigures | undefined {
  return r.status === 'ok' ? (r.figures[LATENCY] as LatencyFigures | undefined) : undefined;
}

const ok = (status: string) => /^2\d\d$/.test(status);

/** Percentiles of one sorted list (undefined when empty). */
export function percentiles(sorted: readonly number[]): Pick<LatencyFigures, 'p50_ms' | 'p95_ms' | 'p99_ms' | 'max_ms'> {
  if (!sorted.length) return {};
  return { p50_ms: quantileSorted([...sorted], 0.5), p95_ms: quantileSorted([...sorted], 0.95), p99_ms: quantileSorted([...sorted], 0.99), max_ms: sorted[sorted.length - 1]! };
}

export function latencyFigures(events: readonly RequestsEvent[]): LatencyFigures | undefined {
  if (!events.length) return undefined;
  const statuses: Record<string, number> = {};
  for (const e of events) for (const [status, n] of Object.entries(e.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const errors = Object.entries(statuses).filter(([s]) => !ok(s)).reduce((a, [, n]) => a + n, 0);
  const sorted = events.flatMap((e) => e.latencies_ms).sort((a, b) => a - b);
  return { requests: total, errors, ...percentiles(sorted), statuses };
}

/** One line per requests step of a run: what requests.csv holds. */
export function requestRows(events: readonly RequestsEvent[]) {
  return events.map((e) => {
    const sorted = [...e.latencies_ms].sort((a, b) => a - b);
    return {
      id: e.id,
      model: e.name,
      count: e.count,
      concurrency: e.concurrency,
      wall_ms: e.wall_ms,
      ...percentiles(sorted),
      errors: Object.entries(e.statuses).filter(([s]) => !ok(s)).reduce((a, [, n]) => a + n, 0),
      statuses: Object.entries(e.statuses).map(([s, n]) => `${s}:${n}`).join(' '),
    };
  });
}

export const REQUEST_COLUMNS = ['id', 'model', 'count', 'concurrency', 'wall_ms', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'errors', 'statuses'] as const;
