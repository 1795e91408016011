import type { RequestsEvent } from '../protocol/events.js';
import { isSuccess, percentiles } from '../stats/percentiles.js';
import { toCsv } from '../store/csv.js';

const REQUEST_COLUMNS = ['id', 'model', 'count', 'concurrency', 'wall_ms', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'errors', 'statuses'] as const;

/** requests.csv of a run: one line per requests step, as the runner reported it (a load test of a server). */
export function requestsCsv(events: readonly RequestsEvent[]): string {
  const rows = events.map((e) => ({
    id: e.id,
    model: e.name,
    count: e.count,
    concurrency: e.concurrency,
    wall_ms: e.wall_ms,
    ...percentiles([...e.latencies_ms].sort((a, b) => a - b)),
    errors: Object.entries(e.statuses).filter(([s]) => !isSuccess(s)).reduce((a, [, n]) => a + n, 0),
    statuses: Object.entries(e.statuses).map(([s, n]) => `${s}:${n}`).join(' '),
  }));
  return toCsv([...REQUEST_COLUMNS], rows, { wall_ms: 1, p50_ms: 3, p95_ms: 3, p99_ms: 3, max_ms: 3 });
}
