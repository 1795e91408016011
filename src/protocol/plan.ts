import { z } from 'zod';

/** The devices a plan runs on (runtimes/devices.ts says what differs on each). */
export const DEVICE_NAMES = ['cpu', 'cuda'] as const;
export type Device = (typeof DEVICE_NAMES)[number];

/** Where models live: in the runner's process, or each in a short-lived child process that exits at its unload. */
export const ISOLATIONS = ['in-process', 'process-per-model', 'recycled-worker'] as const;
export type Isolation = (typeof ISOLATIONS)[number];

/**
 * The plan a runner receives on stdin: one cell, everything it needs, nothing it must look up. This
 * zod schema is the one definition of it: runners/protocol.schema.json is generated from it (make
 * schema) for the Python and C runners, and the Node runner imports these types.
 */
export const TRAIN_PHASES = ['forward', 'backward', 'optimizer'] as const;
export type TrainPhase = (typeof TRAIN_PHASES)[number];

const name = z.string().describe('the loaded name (a load step gives it)');
const actions = z.array(z.string()).describe('release actions, in order');

/** One step as a runner executes it: repeats unrolled, names resolved, marks numbered. */
export const PlanStepSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('load'), name, model: z.string(), source: z.string().describe('synthetic, pretrained, hf:<path>, ... (never auto)') }),
  z.object({ op: z.literal('unload'), name, before: actions.describe('done to the model before its last reference is dropped'), after: actions.describe('done after') }),
  z.object({ op: z.literal('infer'), name }),
  z.object({ op: z.literal('to'), name }),
  z.object({ op: z.literal('train_begin'), name, batch: z.number().int().min(1), seq: z.number().int().min(1), lr: z.number().positive(), checkpointing: z.boolean() }),
  z.object({ op: z.literal('train_phase'), name, step: z.number().int().min(1), phase: z.enum(TRAIN_PHASES) }),
  z.object({ op: z.literal('train_end'), name }),
  z.object({ op: z.literal('release'), actions }),
  z.object({
    op: z.literal('mark'),
    index: z.number().int().min(0),
    label: z.string(),
    cycle: z.number().int().min(0).nullable().describe('the iteration of the outermost repeat, null outside it'),
    settled: z.boolean().describe('the end of an unload cycle: residual and drift are computed from these'),
    training: z.literal(true).optional(),
  }),
  z.object({ op: z.literal('sleep'), ms: z.number().min(0) }),
  z.object({ op: z.literal('keep'), bytes: z.number().int().min(0) }),
  z.object({ op: z.literal('spike'), bytes: z.number().int().min(0) }),
  z.object({ op: z.literal('init') }),
  z.object({
    op: z.literal('requests_begin'),
    id: z.number().int().min(0).describe('pairs it with its requests_end'),
    name,
    count: z.number().int().min(1).describe('inference requests to send in all'),
    concurrency: z.number().int().min(1).describe('requests in flight at once'),
    timeout_ms: z.number().int().min(1).describe('a request not answered by then counts as a timeout'),
  }).describe('start sending concurrent inference requests for a loaded model; the steps up to its requests_end run while they are in flight'),
  z.object({ op: z.literal('requests_end'), id: z.number().int().min(0) }).describe('wait until every request of that requests_begin is answered'),
]);

export type PlanStep = z.infer<typeof PlanStepSchema>;
export type PlanOp = PlanStep['op'];
export const PLAN_OPS = PlanStepSchema.options.map((o) => o.shape.op.value) as PlanOp[];

export const TensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'float16', 'bfloat16', 'int64']),
});

export const PlanModelSchema = z.object({
  name: z.string(),
  tensors: z.array(TensorSchema),
  architecture: z.object({ model_type: z.string(), config: z.record(z.string(), z.number()) }).optional().describe("the model's public configuration (config.json's model_type and values), where one describes it"),
  data: z.record(z.string(), z.unknown()).optional().describe("what the cell's runtime adds for its own runner (its driver's modelData), e.g. a file it built for the model"),
});
export type PlanModel = z.infer<typeof PlanModelSchema>;

const METHOD = z.enum(['GET', 'POST', 'PUT', 'DELETE']);

/** One HTTP call of a server's API: `{model}` in its path, header values and body strings is the loaded name. */
export const EndpointSchema = z.strictObject({
  method: METHOD,
  path: z.string().regex(/^\//, { error: 'expected a path starting with /' }).max(2000),
  port: z.string().optional().describe('which of the server\'s ports (default its first)'),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional().describe('a JSON body; its strings may hold {model}'),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

/**
 * A model server as the serving runtime drives it: how to start it (an argument vector, never a shell;
 * placeholders {python} {root} {profile} {dir} {plan} {port} and {port.NAME}), when it is ready, and the
 * calls that load, unload and infer with a model. A profile (runners/serving/profiles/<name>/) is one;
 * a scenario may describe its own.
 */
export const ServerSpecSchema = z.object({
  profile: z.string().describe('the profile it comes from, or "custom" for one a scenario describes'),
  command: z.array(z.string().max(4000)).min(1).max(200),
  env: z.record(z.string(), z.string()).default({}),
  ports: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1).max(8).default(['http']).describe('ports the client picks free on 127.0.0.1, by name'),
  ready: z.union([
    z.strictObject({ line: z.literal(true) }).describe('the server prints one JSON line on stdout when it listens (reclaim\'s own: {host, port, implements})'),
    z.strictObject({ method: METHOD.default('GET'), path: z.string().regex(/^\//), port: z.string().optional() }).describe('polled until it answers 2xx'),
  ]),
  endpoints: z.strictObject({ load: EndpointSchema.optional(), unload: EndpointSchema.optional(), infer: EndpointSchema }),
  binds: z.enum(['loopback', 'any']).default('loopback').describe('any: it listens beyond 127.0.0.1 whatever it is told, so it runs in a network namespace of its own'),
  holder: z.string().max(200).optional().describe('a regular expression of the command line of the process that holds the models (trim_from_outside calls malloc_trim there)'),
});
export type ServerSpec = z.infer<typeof ServerSpecSchema>;

export const CellPlanSchema = z.object({
  protocol: z.literal(1),
  cell: z.string(),
  runtime: z.string(),
  device: z.enum(DEVICE_NAMES),
  seed: z.number().int().min(0),
  cacheDir: z.string().describe('where a runner may keep generated model files (outside the repository)'),
  setenvInProcess: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  isolation: z.enum(ISOLATIONS).describe('process-per-model: each load lives in a short-lived child process that exits at its unload; recycled-worker: every model lives in one worker process, replaced by a fresh one (loading the models still in use) after every options.recycle_after unloads'),
  models: z.record(z.string(), PlanModelSchema),
  server: ServerSpecSchema.optional().describe('the model server a serving runtime drives'),
  libc: z.string().max(40).optional().describe("the C library the cell runs on (the libc axis) when not the machine's own: a runtime with a build of its runner for it picks that build (native: musl)"),
  steps: z.array(PlanStepSchema),
});
export type CellPlan = z.infer<typeof CellPlanSchema>;

export type MarkStep = Extract<PlanStep, { op: 'mark' }>;

export function planMarks(steps: readonly PlanStep[]): MarkStep[] {
  return steps.filter((s): s is MarkStep => s.op === 'mark');
}

/** Every release action the plan applies (at unloads, before and after, and in release steps), once each. */
export function planActions(steps: readonly PlanStep[]): string[] {
  return [...new Set(steps.flatMap((s) => (s.op === 'unload' ? [...s.before, ...s.after] : s.op === 'release' ? s.actions : [])))];
}
