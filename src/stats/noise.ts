import { MIN_RUNS_FOR_INTERVAL } from './median-interval.js';

/**
 * What can make a cell's figure untrustworthy, found in its runs, each with what to do about it (as
 * hyperfine warns about outliers). `runs` is how many runs the advice asks for.
 */
export type NoiseWarning =
  | { kind: 'too-few'; n: number; runs: number }
  | { kind: 'not-all-ok'; ok: number; of: number; runs: number }
  | { kind: 'wide'; spreadMiB: number; median: number; runs: number }
  | { kind: 'split'; low: number[]; high: number[]; runs: number };

/** Spread below this (MiB, or this share of the median) is noise nobody acts on. */
const FLOOR_MIB = 2;
const WIDE_SHARE = 0.1;

export function noiseWarnings(values: readonly number[], ok: number, of: number): NoiseWarning[] {
  const x = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = x.length;
  const more = Math.max(5, 2 * n);
  const out: NoiseWarning[] = [];
  if (ok < of) out.push({ kind: 'not-all-ok', ok, of, runs: Math.max(more, of + (of - ok)) });
  if (n < MIN_RUNS_FOR_INTERVAL) out.push({ kind: 'too-few', n, runs: 5 });
  if (n < 2) return out;
  const range = x[n - 1]! - x[0]!;
  const mid = x[Math.floor(n / 2)]!;
  if (range <= FLOOR_MIB || range <= WIDE_SHARE * Math.abs(mid)) return out;
  // Two groups: one gap between neighbours holds most of the range (338, 354 | 509).
  let gapAt = 0;
  for (let i = 1; i < n; i++) if (x[i]! - x[i - 1]! > x[gapAt + 1]! - x[gapAt]!) gapAt = i - 1;
  const gap = x[gapAt + 1]! - x[gapAt]!;
  if (n >= 3 && gap >= 0.6 * range) out.push({ kind: 'split', low: x.slice(0, gapAt + 1), high: x.slice(gapAt + 1), runs: more });
  else out.push({ kind: 'wide', spreadMiB: range, median: mid, runs: more });
  return out;
}

/** The warning in words, with what to do. */
export function describeWarning(w: NoiseWarning): string {
  const fix = `run more: --repeat ${w.runs}`;
  switch (w.kind) {
    case 'too-few':
      return `${w.n} run${w.n === 1 ? '' : 's'}: no interval and no verdict below ${MIN_RUNS_FOR_INTERVAL} (${fix})`;
    case 'not-all-ok':
      return `${w.of - w.ok} of ${w.of} runs did not end ok; the figures are from ${w.ok} (${fix}, and see why they failed)`;
    case 'wide':
      return `runs spread over ${w.spreadMiB.toFixed(1)} MiB around a median of ${w.median.toFixed(1)} (${fix})`;
    case 'split':
      return `runs split into two groups, ${w.low.map((v) => v.toFixed(1)).join(', ')} and ${w.high.map((v) => v.toFixed(1)).join(', ')}: the process does not retain the same each time (${fix})`;
  }
}
