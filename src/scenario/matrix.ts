import type { Scalar } from './interpolate.js';

export type Combination = Record<string, Scalar>;

const own = (c: Combination, k: string) => (Object.hasOwn(c, k) ? c[k] : undefined);

/**
 * Every combination of the axes' values, first axis slowest, minus those matching an `exclude` entry,
 * then the `include` entries (an axis an entry does not name takes its first value), without repeats.
 * The caller has checked the product is bounded (LIMITS.cells).
 */
export function expandMatrix(
  axes: ReadonlyMap<string, readonly Scalar[]>,
  exclude: readonly Combination[] = [],
  include: readonly Combination[] = [],
): Combination[] {
  let combos: Combination[] = [{}];
  for (const [axis, values] of axes) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [axis]: v })));
  }
  const matches = (c: Combination, partial: Combination) => Object.entries(partial).every(([k, v]) => String(own(c, k)) === String(v));
  const out = combos.filter((c) => !exclude.some((ex) => matches(c, ex)));
  for (const extra of include) {
    const full: Combination = {};
    for (const [axis, values] of axes) full[axis] = own(extra, axis) ?? values[0]!;
    if (!out.some((c) => matches(c, full) && Object.keys(c).length === Object.keys(full).length)) out.push(full);
  }
  return out;
}
