import { z } from 'zod';
import type { RequestsEvent } from '../../protocol/events.js';
import { isSuccess, percentiles } from '../../stats/percentiles.js';
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

export function latencyFigures(events: readonly RequestsEvent[]): LatencyFigures | undefined {
  if (!events.length) return undefined;
  const statuses: Record<string, number> = {};
  for (const e of events) for (const [status, n] of Object.entries(e.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const errors = Object.entries(statuses).filter(([s]) => !isSuccess(s)).reduce((a, [, n]) => a + n, 0);
  const sorted = events.flatMap((e) => e.latencies_ms).sort((a, b) => a - b);
  return { requests: total, errors, ...percentiles(sorted), statuses };
}
