import { z } from 'zod';

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
    figure: z.string().optional().describe('a figure of variants.csv (default retained_mib); reclaim validate checks the name'),
    at_most: z.number().optional().describe('the median is at most this'),
    at_least: z.number().optional().describe('the median is at least this'),
    better_than: other.optional().describe('a variant this one beats, run for run (lower memory, or a higher release ratio), or other axis values, e.g. { checkpointing: "off" }'),
    worse_than: other.optional().describe('a variant, or other axis values, that beats this one'),
    because: z.string().optional().describe('where the expectation comes from (shown with its verdict)'),
  })
  .refine((e) => TESTS.filter((t) => e[t] !== undefined).length === 1, { error: `expected exactly one of: ${TESTS.join(', ')}` });

export type Expectation = z.infer<typeof ExpectationSchema>;

export const DEFAULT_FIGURE = 'retained_mib';

/**
 * The figures expectations may name, as data: the analysis declares them (its figure families), the
 * commands hand them to expand, which checks every expectation's figure with file:line:col.
 */
export interface FigureCatalogue {
  names: readonly string[];
  /** Measured at settled marks only (retained, residual, release, drift): a scenario without any cannot have it. */
  needsSettled(name: string): boolean;
}

