import type { Scalar } from './interpolate.js';

export type Combination = Record<string, Scalar>;

/** Every combination of the axes' values, first axis slowest, minus those matching an `exclude` entry. */
export function expandMatrix(axes: Readonly<Record<string, readonly Scalar[]>>, exclude: readonly Combination[] = []): Combination[] {
  let combos: Combination[] = [{}];
  for (const [axis, values] of Object.entries(axes)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [axis]: v })));
  }
  return combos.filter((c) => !exclude.some((ex) => Object.entries(ex).every(([k, v]) => String(c[k]) === String(v))));
}
