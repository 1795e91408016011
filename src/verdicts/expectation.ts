import { DEFAULT_FIGURE, type Expectation } from '../scenario/expectation-schema.js';

export { DEFAULT_FIGURE, type Expectation };

/** The expectation in a few words: "malloc-trim: retained_mib <= 25". */
export function describeExpectation(e: Expectation): string {
  const who = e.variant === undefined ? 'every variant' : Array.isArray(e.variant) ? e.variant.join(', ') : e.variant;
  const where = e.where ? ` (${Object.entries(e.where).map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
  const figure = e.figure ?? DEFAULT_FIGURE;
  const test =
    e.at_most !== undefined
      ? `${figure} <= ${e.at_most}`
      : e.at_least !== undefined
        ? `${figure} >= ${e.at_least}`
        : `${figure} ${e.better_than !== undefined ? 'better' : 'worse'} than ${describeOther((e.better_than ?? e.worse_than)!)}`;
  return `${who}${where}: ${test}`;
}

/** The cell a comparison is against, as axis values to change: a variant name is the strategy axis. */
export function otherAxes(other: string | Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return typeof other === 'string' ? { strategy: other } : other;
}

export function describeOther(other: string | Record<string, string | number | boolean>): string {
  return typeof other === 'string' ? other : Object.entries(other).map(([k, v]) => `${k}=${v}`).join(', ');
}
