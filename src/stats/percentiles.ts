import { quantileSorted } from 'simple-statistics';

/** Latency percentiles of one sorted list (none when it is empty). */
export interface Percentiles {
  p50_ms?: number;
  p95_ms?: number;
  p99_ms?: number;
  max_ms?: number;
}

export function percentiles(sorted: readonly number[]): Percentiles {
  if (!sorted.length) return {};
  return { p50_ms: quantileSorted([...sorted], 0.5), p95_ms: quantileSorted([...sorted], 0.95), p99_ms: quantileSorted([...sorted], 0.99), max_ms: sorted[sorted.length - 1]! };
}

/** An HTTP status that counts as answered. */
export const isSuccess = (status: string) => /^2\d\d$/.test(status);
