import { UserError } from '../errors.js';
import { isMetric, METRIC_NAMES } from '../metrics/catalogue.js';
import type { Overrides } from '../scenario/expand.js';
import { LIMITS } from '../limits.js';
import { didYouMean } from '../scenario/suggest.js';
import { axisValues, positiveInt, positiveNumber } from './args.js';

/** The options that change what a run's cells are: reclaim run's, and what slurm and k8s pass to every shard. */
export const RUN_OPTIONS = {
  only: { type: 'string' },
  set: { type: 'string', multiple: true },
  repeat: { type: 'string' },
  iterations: { type: 'string' },
  timeout: { type: 'string' },
  metric: { type: 'string' },
  pss: { type: 'boolean' },
} as const;

interface RunOptionValues {
  set?: string[] | undefined;
  repeat?: string | undefined;
  iterations?: string | undefined;
  timeout?: string | undefined;
  metric?: string | undefined;
  pss?: boolean | undefined;
  only?: string | undefined;
}

/** The scenario overrides those options ask for (checked), and the same options as arguments to pass on. */
export function runOverrides(values: RunOptionValues): { overrides: Overrides; args: string[] } {
  const overrides: Overrides = {};
  const args: string[] = [];
  const iterations = positiveInt('--iterations', values.iterations, LIMITS.iterations);
  const repeat = positiveInt('--repeat', values.repeat, LIMITS.repeat);
  const timeout = positiveNumber('--timeout', values.timeout, LIMITS.timeoutS);
  const set = axisValues(values.set);
  if (iterations !== undefined) (overrides.iterations = iterations), args.push('--iterations', String(iterations));
  if (repeat !== undefined) (overrides.repeat = repeat), args.push('--repeat', String(repeat));
  if (timeout !== undefined) (overrides.timeout = timeout), args.push('--timeout', String(timeout));
  if (set) (overrides.set = set), args.push(...(values.set ?? []).flatMap((s) => ['--set', s]));
  if (values.pss) (overrides.pss = true), args.push('--pss');
  if (values.metric !== undefined) {
    if (!isMetric(values.metric)) throw new UserError(`--metric: unknown metric "${values.metric}"${didYouMean(values.metric, METRIC_NAMES)}; metrics: ${METRIC_NAMES.join(', ')}`);
    overrides.metric = values.metric;
    args.push('--metric', values.metric);
  }
  if (values.only !== undefined) args.push('--only', values.only);
  return { overrides, args };
}
