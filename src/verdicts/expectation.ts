import { z } from 'zod';
import { figureDef, FIGURE_NAMES } from '../figures/figure-names.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const TESTS = ['at_most', 'at_least', 'better_than', 'worse_than'] as const;
/** What a cell is compared with: another variant, or the cell with these other axis values (the rest the same). */
const other = z.union([z.string(), z.record(z.string(), scalar).refine((r) => Object.keys(r).length > 0, { error: 'expected at least one axis value' })]);

/**
 * An outcome a scenario expects: which cells (variants and/or axis values), which figure (default
 * retained_mib), and a bound on its median or a comparison with another variant's runs. After a run
 * each gets a verdict: PASS, FAIL or UNDECIDED (verdicts/judge.ts).
 */
export const ExpectationSchema = z
  .strictObject({
    variant: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('the variant(s) it is about; default every one'),
    where: z.record(z.string(), scalar).optional().describe('axis values the cells must have, e.g. { keep: 65536 }'),
    figure: z
      .string()
      .refine((f) => FIGURE_NAMES().includes(f), { error: (i) => `unknown figure ${JSON.stringify(i.input)}; expected one of: ${FIGURE_NAMES().join(', ')}` })
      .optional()
      .describe('default retained_mib'),
    at_most: z.number().optional().describe('the median is at most this'),
    at_least: z.number().optional().describe('the median is at least this'),
    better_than: other.optional().describe('a variant this one beats, run for run (lower memory, or a higher release ratio), or other axis values, e.g. { checkpointing: "off" }'),
    worse_than: other.optional().describe('a variant, or other axis values, that beats this one'),
    because: z.string().optional().describe('where the expectation comes from (shown with its verdict)'),
  })
  .refine((e) => TESTS.filter((t) => e[t] !== undefined).length === 1, { error: `expected exactly one of: ${TESTS.join(', ')}` });

export type Expectation = z.infer<typeof ExpectationSchema>;

export const DEFAULT_FIGURE = 'retained_mib';

/** Whether a figure exists only where a cell has settled marks (retained, residual, release, drift). */
export function figureNeedsSettled(name: string): boolean {
  return figureDef(name)?.needsSettled === true;
}

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
