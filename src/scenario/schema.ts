import { z } from 'zod';
import { ACTION_NAMES, RUNTIMES } from '../runtimes/registry.js';
import { ISOLATIONS } from '../protocol/plan.js';
import { allocatorValueProblem } from '../strategies/allocator-env.js';
import { ExpectationSchema } from './expectation-schema.js';
import { LIMITS } from '../limits.js';
import { didYouMean, oneOf } from './suggest.js';

/** A mapping that rejects unknown keys, naming the keys it knows. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => `unknown key "${k}"${didYouMean(k, known)}; ${oneOf(known)}`).join('\n')
        : undefined,
  });
}

/** `${name}`: a matrix value, `iterations`, or another variable of the scenario. */
export const INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ONLY_INTERPOLATION = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a name of letters, digits, ".", "_" and "-"' });

/** A whole number in [min, max], or `${variable}` (e.g. `times: ${iterations}`): checked again once interpolated. */
function wholeOrVariable(min: number, max: number, example: string) {
  const error = `expected a whole number from ${min} to ${max}, or a variable such as \${${example}}`;
  return z.union([z.number().int({ error }).min(min, { error }).max(max, { error }), z.string().regex(ONLY_INTERPOLATION, { error })], { error });
}

/** A number in [min, max] (not necessarily whole), or `${variable}`. */
function numberOrVariable(min: number, max: number, what: string, example: string) {
  const error = `expected ${what} from ${min} to ${max}, or a variable such as \${${example}}`;
  return z.union([z.number({ error }).min(min, { error }).max(max, { error }), z.string().regex(ONLY_INTERPOLATION, { error })], { error });
}

const countOrVariable = wholeOrVariable(0, LIMITS.repeatTimes, 'iterations');
const secondsOrVariable = numberOrVariable(0, LIMITS.sleepS, 'a number of seconds', 'pause');
const bytesOrVariable = wholeOrVariable(0, LIMITS.keepBytes, 'bytes');

/** An environment variable's name: what a shell would accept (no "=", no spaces, no NUL). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a variable name of letters, digits and _ (not starting with a digit)' });
const envValue = z.string().refine((v) => !v.includes('\0'), { error: 'an environment value cannot hold a NUL character' });
const environment = z.record(envName, envValue).superRefine((env, ctx) => {
  // Values a ${variable} fills in are checked once filled in.
  for (const [name, value] of Object.entries(env)) {
    const problem = value.includes('${') ? undefined : allocatorValueProblem(name, value);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

/** A matrix value: literal (a variable in it would not be expanded), a finite number or a boolean. */
const matrixValue = z.union(
  [z.string().refine((v) => !v.includes('${'), { error: 'matrix values are literal: a variable such as ${x} is not expanded here' }), z.number(), z.boolean()],
  { error: 'expected a string, a number or true/false' },
);

/** A release action: any runtime's (each runtime says which it has, src/runtimes/<name>/descriptor.ts). */
export const ActionSchema = z
  .string()
  .refine((a) => ACTION_NAMES.includes(a), { error: (issue) => `unknown action ${JSON.stringify(issue.input)}; expected one of: ${ACTION_NAMES.join(', ')}` })
  .describe('a release action, e.g. gc or malloc_trim (reclaim validate names those that exist)');

/** One action, or `${variable}` (checked again once interpolated). */
const ActionOrVariable = z
  .string()
  .refine((a) => ACTION_NAMES.includes(a) || ONLY_INTERPOLATION.test(a), {
    error: (issue) => `unknown action ${JSON.stringify(issue.input)}; expected one of: ${ACTION_NAMES.join(', ')}`,
  });

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const LoadSchema = strict({
  model: z.string().optional().describe('a model of the catalogue (`reclaim list`); optional with an hf: source'),
  source: z
    .string()
    .optional()
    .describe('auto (pretrained when transformers is installed, else synthetic), synthetic, pretrained, or hf:<name-or-path>'),
  name: z.string().optional().describe('the name unload refers to; defaults to the model name'),
});

export const TrainSchema = strict({
  model: z.string().describe('the loaded model to train: "oldest", "newest" or its name'),
  steps: wholeOrVariable(1, LIMITS.trainSteps, 'steps').describe('optimizer steps (AdamW); each is marked after forward, backward and the optimizer step'),
  batch: wholeOrVariable(1, LIMITS.batch, 'batch').describe('sequences per batch (synthetic token ids, fixed seed)'),
  seq: wholeOrVariable(1, LIMITS.seq, 'seq').describe('tokens per sequence'),
  checkpointing: z.string().optional().describe('on or off (default): recompute each block in backward instead of keeping its activations'),
  lr: numberOrVariable(Number.MIN_VALUE, LIMITS.learningRate, 'a learning rate', 'lr').optional().describe('learning rate (default 1e-4)'),
});

export const RequestsSchema = strict({
  model: z.string().describe('the loaded model to send inference requests for: "oldest", "newest" or its name'),
  count: wholeOrVariable(1, LIMITS.requests, 'requests').describe('requests to send in all'),
  concurrency: wholeOrVariable(1, LIMITS.concurrency, 'concurrency').optional().describe('requests in flight at once (default 1)'),
  timeout: numberOrVariable(0.001, LIMITS.requestTimeoutS, 'a number of seconds', 'timeout').optional().describe('seconds a request may take before it counts as a timeout (default 60)'),
  get during() {
    return z.array(StepSchema).min(1).optional().describe('steps run while the requests are in flight (e.g. unload and load: a swap under load); no marks');
  },
});

export const MarkSchema = z.union(
  [
    z.string(),
    strict({
      label: z.string(),
      settled: z.boolean().optional().describe('true at the end of an unload cycle: these marks make residual and drift'),
    }),
  ],
  { error: 'expected a label, or a mapping {label, settled}' },
);

export const UnloadSchema = z.union([z.string(), strict({ name: z.string() })], {
  error: 'expected "oldest", "newest" or a loaded name',
});

export const STEP_KINDS = ['load', 'to', 'unload', 'infer', 'train', 'release', 'mark', 'sleep', 'keep', 'spike', 'init', 'requests', 'repeat'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const StepSchemas = {
  load: strict({ load: LoadSchema }),
  unload: strict({ unload: UnloadSchema }),
  to: strict({ to: UnloadSchema.describe('move a loaded model to the cell\'s device (model.to("cuda:0")): "oldest", "newest" or a name') }),
  train: strict({ train: TrainSchema }),
  infer: strict({ infer: UnloadSchema.describe('run the model once on a fixed input: "oldest", "newest" or a loaded name') }),
  release: strict({
    release: z.union([ActionOrVariable, z.array(ActionSchema).min(1, { error: 'expected at least one action' })], {
      error: 'expected an action, a list of actions, or a variable such as ${action}',
    }),
  }),
  mark: strict({ mark: MarkSchema }),
  sleep: strict({ sleep: secondsOrVariable.describe('seconds') }),
  keep: strict({
    keep: bytesOrVariable.describe('allocate this many bytes and keep them to the end, as a cache entry or a log record would be'),
  }),
  spike: strict({
    spike: bytesOrVariable.describe('allocate this many bytes, write them and free them at once: a transient such as a forward pass\'s activations, over before the next mark'),
  }),
  init: strict({ init: z.literal('device', { error: 'expected "init: device"' }).describe('create the device context now (CUDA)') }),
  requests: strict({ requests: RequestsSchema.describe('concurrent inference requests to a server (runtime serving), with latencies and errors recorded') }),
  repeat: strict({
    repeat: strict({
      times: countOrVariable,
      get steps() {
        return z.array(StepSchema).min(1);
      },
    }),
  }),
};

export const StepSchema: z.ZodType<RawStep> = z
  .union(Object.values(StepSchemas), { error: `expected a step: one of ${STEP_KINDS.join(', ')}` })
  .meta({ id: 'step', description: `one of: ${STEP_KINDS.join(', ')}` });

export const StrategyDefSchema = strict({
  extends: z.string().optional().describe('a catalogue strategy to start from'),
  description: z.string().optional(),
  env: environment.optional().describe('start-up environment'),
  preload: z
    .array(z.string().regex(/^[^\s:\0]+$/, { error: 'expected a library soname or path, without spaces or ":"' }))
    .optional()
    .describe('LD_PRELOAD libraries by soname, e.g. libjemalloc.so.2'),
  setenv_in_process: environment.optional(),
  before_unload: z.array(ActionSchema).optional(),
  after_unload: z.array(ActionSchema).optional(),
  options: z.record(z.string(), scalar).optional(),
  isolation: z.enum(ISOLATIONS).optional(),
});

export const ScenarioSchema = strict({
  name: identifier.optional().describe('defaults to the file name'),
  description: z.string().optional(),
  runtime: z.string().optional().describe('python (default); may be ${axis}'),
  device: z.string().optional().describe('cpu (default) or cuda; may be ${axis}'),
  metric: z.string().optional().describe('the primary metric; default private on cpu, vram_process on cuda'),
  iterations: z.number().int().min(1).max(LIMITS.iterations).optional().describe('the value of ${iterations}; reclaim run --iterations overrides it'),
  repeat: z.number().int().min(1).max(LIMITS.repeat).optional().describe('runs of each cell; reclaim run --repeat overrides it'),
  timeout: z.number().positive().max(LIMITS.timeoutS).optional().describe('seconds a cell may run; reclaim run --timeout overrides it'),
  sample_interval_ms: z.number().int().min(1).max(LIMITS.sampleIntervalMs).optional().describe('background sampling period (default 10)'),
  seed: z.number().int().min(0).max(LIMITS.seed).optional().describe('seed of synthetic weights (default 0)'),
  matrix: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an axis name of letters, digits and _' }), z.array(matrixValue).min(1))
    .optional()
    .describe('axes and their values; every combination is a cell. The axis `strategy` names strategies.'),
  exclude: z.array(z.record(z.string(), scalar)).optional().describe('combinations to leave out'),
  include: z
    .array(z.record(z.string(), scalar))
    .optional()
    .describe('extra cells beyond the matrix: axis values, the first value of each axis where one is not given'),
  env: environment
    .optional()
    .describe('start-up environment of every cell (may use ${axis}); an empty value leaves the variable unset'),
  options: z
    .record(z.string(), scalar)
    .optional()
    .describe("runtime options of every cell (may use ${axis}), e.g. the serving runtime's threads; a strategy's own options win"),
  server: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe(`the model server a serving runtime drives: a profile (${RUNTIMES.flatMap((r) => r.server?.names ?? []).join(', ')}; may be \${axis}) or { command, env, ports, ready, endpoints, binds, holder } (or { profile, ... } to change a profile)`),
  strategies: z.record(identifier, StrategyDefSchema).optional().describe('strategies defined by this scenario'),
  reference: z.string().optional().describe('the variant every other is compared with (default: the first strategy of the matrix)'),
  expect: z.array(ExpectationSchema).optional().describe('outcomes the run should show; each gets a verdict: PASS, FAIL or UNDECIDED'),
  steps: z.array(StepSchema).min(1),
});

export type RawScenario = z.infer<typeof ScenarioSchema>;
export type RawLoad = z.infer<typeof LoadSchema>;
export type RawStrategyDef = z.infer<typeof StrategyDefSchema>;
export type RawStep =
  | { load: RawLoad }
  | { unload: string | { name: string } }
  | { infer: string | { name: string } }
  | { to: string | { name: string } }
  | { train: z.infer<typeof TrainSchema> }
  | { release: string | string[] }
  | { mark: string | { label: string; settled?: boolean } }
  | { sleep: number | string }
  | { keep: number | string }
  | { spike: number | string }
  | { init: 'device' }
  | { requests: { model: string; count: number | string; concurrency?: number | string; timeout?: number | string; during?: RawStep[] } }
  | { repeat: { times: number | string; steps: RawStep[] } };
