import { median } from './math.js';
import { MIN_RUNS_FOR_INTERVAL } from './median-interval.js';

/**
 * What can make a cell's figure untrustworthy, found in its runs, each with what to do about it (as
 * hyperfine warns about outliers). `runs` is how many runs the advice asks for.
 */
export type NoiseWarning =
  | { kind: 'all-failed'; of: number; reasons: string[] }
  | { kind: 'not-all-ok'; ok: number; of: number; runs: number }
  | { kind: 'not-finite'; figure: string; missing: number; ok: number }
  | { kind: 'too-few'; n: number; runs: number }
  | { kind: 'wide'; spreadMiB: number; median: number; runs: number }
  | { kind: 'outlier'; value: number; rest: [number, number]; runs: number }
  | { kind: 'split'; low: number[]; high: number[]; runs: number };

/** A cell's runs as the noise check sees them. */
export interface CellRuns {
  /** The figure's finite values over the runs that ended ok (NaN, Infinity and missing values left out, and counted). */
  values: readonly number[];
  /** The figure's name, for what the warnings say. */
  figure: string;
  /** Runs that ended ok, and runs in all. */
  ok: number;
  of: number;
  /** Why each run that did not end ok ended so. */
  reasons?: readonly string[];
}

/** Spread below this (MiB, or this share of the median) is noise nobody acts on. */
const FLOOR_MIB = 2;
const WIDE_SHARE = 0.1;

export function noiseWarnings(runs: CellRuns): NoiseWarning[] {
  const { ok, of } = runs;
  // Every run failed: more runs of the same would fail the same way; say how once.
  if (ok === 0 && of > 0) return [{ kind: 'all-failed', of, reasons: [...new Set(runs.reasons ?? [])] }];
  const x = runs.values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = x.length;
  const more = Math.max(5, 2 * n);
  const out: NoiseWarning[] = [];
  if (ok < of) out.push({ kind: 'not-all-ok', ok, of, runs: Math.max(more, of + (of - ok)) });
  if (n < ok) out.push({ kind: 'not-finite', figure: runs.figure, missing: ok - n, ok });
  if (n < MIN_RUNS_FOR_INTERVAL) out.push({ kind: 'too-few', n, runs: 5 });
  if (n < 2) return out;
  const range = x[n - 1]! - x[0]!;
  const mid = median(x)!;
  if (range <= FLOOR_MIB || range <= WIDE_SHARE * Math.abs(mid)) return out;
  // Two groups: one gap between neighbours holds most of the range (338, 354 | 509). A group of one
  // run is an outlier, not a second behaviour.
  let gapAt = 0;
  for (let i = 1; i < n; i++) if (x[i]! - x[i - 1]! > x[gapAt + 1]! - x[gapAt]!) gapAt = i - 1;
  const gap = x[gapAt + 1]! - x[gapAt]!;
  const low = x.slice(0, gapAt + 1);
  const high = x.slice(gapAt + 1);
  if (n >= 3 && gap >= 0.6 * range) {
    if (low.length === 1) out.push({ kind: 'outlier', value: low[0]!, rest: [high[0]!, high[high.length - 1]!], runs: more });
    else if (high.length === 1) out.push({ kind: 'outlier', value: high[0]!, rest: [low[0]!, low[low.length - 1]!], runs: more });
    else out.push({ kind: 'split', low, high, runs: more });
  } else out.push({ kind: 'wide', spreadMiB: range, median: mid, runs: more });
  return out;
}

const v1 = (v: number) => v.toFixed(1);

/** The warning in words, with what to do. */
export function describeWarning(w: NoiseWarning): string {
  const fix = 'runs' in w ? `run more: --repeat ${w.runs}` : '';
  switch (w.kind) {
    case 'all-failed':
      return w.reasons.length === 1
        ? `no run (of ${w.of}) ended ok, all for one reason: ${w.reasons[0]}`
        : `no run (of ${w.of}) ended ok, for ${w.reasons.length} different reasons (see Not ok)`;
    case 'not-all-ok':
      return `${w.of - w.ok} of ${w.of} runs did not end ok; the figures are from ${w.ok} (${fix}, and see why they failed)`;
    case 'not-finite':
      return `${w.missing} of ${w.ok} runs that ended ok have no finite ${w.figure} (not a number, or unreadable): it is judged on ${w.ok - w.missing}`;
    case 'too-few':
      return `${w.n} run${w.n === 1 ? '' : 's'}: no interval and no verdict below ${MIN_RUNS_FOR_INTERVAL} (${fix})`;
    case 'wide':
      return `runs spread over ${v1(w.spreadMiB)} MiB around a median of ${v1(w.median)} (${fix})`;
    case 'outlier':
      return `one run is an outlier: ${v1(w.value)} against ${v1(w.rest[0])}${w.rest[1] !== w.rest[0] ? `-${v1(w.rest[1])}` : ''} for the others (${fix})`;
    case 'split':
      return `runs split into two groups, ${w.low.map(v1).join(', ')} and ${w.high.map(v1).join(', ')}: the process does not retain the same each time (${fix})`;
  }
}
