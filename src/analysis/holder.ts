import type { MarkRecord } from '../protocol/measurement.js';

const fmt = (v: number) => v.toFixed(1);

/**
 * Which process of a measured tree held the models: the one whose `metric` rose most above its reading at
 * the first mark (from nothing when it started later), at its highest mark (MLServer's and Ray's workers, TorchServe's worker per model, a model's
 * child process). Undefined for a tree of one process, or when no process rose by 1 MiB.
 */
export function heldBy(marks: readonly MarkRecord[], metric: string): string | undefined {
  // A process started after the first mark rose from nothing.
  const first = new Map((marks[0]?.processes ?? []).map((p) => [p.pid, p.reading[metric] ?? 0]));
  const best = new Map<number, { rise: number; label: string; command: string }>();
  for (const m of marks) {
    for (const p of m.processes ?? []) {
      const v = p.reading[metric];
      if (v === undefined) continue;
      const rise = v - (first.get(p.pid) ?? 0);
      if (rise > (best.get(p.pid)?.rise ?? -Infinity)) best.set(p.pid, { rise, label: m.label, command: p.command });
    }
  }
  const top = [...best.entries()].sort((a, b) => b[1].rise - a[1].rise)[0];
  if (!top || top[1].rise < 1) return undefined;
  const [pid, { rise, label, command }] = top;
  return `held by process ${pid} (${command.slice(0, 80)}): ${metric} +${fmt(rise)} MiB at mark "${label}" over the first mark (processes.csv has each process at each mark)`;
}
