import { z } from 'zod';
import { ACTION_NAMES } from '../runtimes/registry.js';
import { ISOLATIONS } from '../strategies/strategy.js';
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

/** A count that may also be written `${variable}` (e.g. `times: ${iterations}`). */
const countOrVariable = z.union(
  [z.number().int().min(0, { error: 'expected a whole number >= 0 or a variable such as ${iterations}' }), z.string().regex(ONLY_INTERPOLATION, { error: 'expected a whole number >= 0 or a variable such as ${iterations}' })],
  { error: 'expected a whole number >= 0 or a variable such as ${iterations}' },
);

/** A count of at least one, or `${variable}`. */
const positiveOrVariable = z.union(
  [z.number().int().min(1, { error: 'expected a whole number >= 1 or a variable such as ${batch}' }), z.string().regex(ONLY_INTERPOLATION, { error: 'expected a whole number >= 1 or a variable such as ${batch}' })],
  { error: 'expected a whole number >= 1 or a variable such as ${batch}' },
);

const secondsOrVariable = z.union(
  [z.number().min(0), z.string().regex(ONLY_INTERPOLATION, { error: 'expected a number of seconds or a variable such as ${pause}' })],
  { error: 'expected a number of seconds or a variable such as ${pause}' },
);

const bytesOrVariable = z.union(
  [z.number().int().min(0), z.string().regex(ONLY_INTERPOLATION, { error: 'expected a number of bytes or a variable such as ${bytes}' })],
  { error: 'expected a number of bytes or a variable such as ${bytes}' },
);

/** A release action: any runtime's (each runtime says which it has, src/runtimes/<name>/descriptor.ts). */
export const ActionSchema = z
  .string()
  .refine((a) => ACTION_NAMES.includes(a), { error: (issue) => `unknown action ${JSON.stringify(issue.input)}; expected one of: ${ACTION_NAMES.join(', ')}` })
  .describe('a release action, e.g. gc or malloc_trim (reclaim validate names those that exist)');

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
  steps: positiveOrVariable.describe('optimizer steps (AdamW); each is marked after forward, backward and the optimizer step'),
  batch: positiveOrVariable.describe('sequences per batch (synthetic token ids, fixed seed)'),
  seq: positiveOrVariable.describe('tokens per sequence'),
  checkpointing: z.string().optional().describe('on or off (default): recompute each block in backward instead of keeping its activations'),
  lr: z.union([z.number().positive(), z.string().regex(ONLY_INTERPOLATION)]).optional().describe('learning rate (default 1e-4)'),
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

export const STEP_KINDS = ['load', 'to', 'unload', 'infer', 'train', 'release', 'mark', 'sleep', 'keep', 'init', 'repeat'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const StepSchemas = {
  load: strict({ load: LoadSchema }),
  unload: strict({ unload: UnloadSchema }),
  to: strict({ to: UnloadSchema.describe('move a loaded model to the cell\'s device (model.to("cuda:0")): "oldest", "newest" or a name') }),
  train: strict({ train: TrainSchema }),
  infer: strict({ infer: UnloadSchema.describe('run the model once on a fixed input: "oldest", "newest" or a loaded name') }),
  release: strict({
    release: z.union([ActionSchema, z.array(ActionSchema), z.string().regex(ONLY_INTERPOLATION)], {
      error: 'expected an action, a list of actions, or a variable such as ${action}',
    }),
  }),
  mark: strict({ mark: MarkSchema }),
  sleep: strict({ sleep: secondsOrVariable.describe('seconds') }),
  keep: strict({
    keep: bytesOrVariable.describe('allocate this many bytes and keep them to the end, as a cache entry or a log record would be'),
  }),
  init: strict({ init: z.literal('device', { error: 'expected "init: device"' }).describe('create the device context now (CUDA)') }),
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
  env: z.record(z.string(), z.string()).optional().describe('start-up environment'),
  preload: z.array(z.string()).optional().describe('LD_PRELOAD libraries by soname, e.g. libjemalloc.so.2'),
  setenv_in_process: z.record(z.string(), z.string()).optional(),
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
  iterations: z.number().int().min(1).optional().describe('the value of ${iterations}; reclaim run --iterations overrides it'),
  repeat: z.number().int().min(1).optional().describe('runs of each cell; reclaim run --repeat overrides it'),
  timeout: z.number().positive().optional().describe('seconds a cell may run; reclaim run --timeout overrides it'),
  sample_interval_ms: z.number().int().min(1).optional().describe('background sampling period (default 10)'),
  seed: z.number().int().min(0).optional().describe('seed of synthetic weights (default 0)'),
  matrix: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an axis name of letters, digits and _' }), z.array(scalar).min(1))
    .optional()
    .describe('axes and their values; every combination is a cell. The axis `strategy` names strategies.'),
  exclude: z.array(z.record(z.string(), scalar)).optional().describe('combinations to leave out'),
  include: z
    .array(z.record(z.string(), scalar))
    .optional()
    .describe('extra cells beyond the matrix: axis values, the first value of each axis where one is not given'),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe('start-up environment of every cell (may use ${axis}); an empty value leaves the variable unset'),
  strategies: z.record(identifier, StrategyDefSchema).optional().describe('strategies defined by this scenario'),
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
  | { init: 'device' }
  | { repeat: { times: number | string; steps: RawStep[] } };
