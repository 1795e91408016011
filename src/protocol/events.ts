import { z } from 'zod';

/**
 * Events a runner writes on fd 3, one JSON object per line. After each `mark` the runner blocks
 * until the harness writes `{"ack": index}` back on the same descriptor. Like the plan, defined once
 * here; runners/protocol.schema.json is generated from it.
 */
/** Latencies a requests event may carry: the rest are counted in its statuses only. */
export const MAX_LATENCIES = 100_000;

/** In-process figures by metric name: the names are the runtimes' (metrics/ knows them), checked by eventSchema. */
const inprocOf = (names: readonly string[]) =>
  (names.length ? z.partialRecord(z.enum(names as [string, ...string[]]), z.number()) : z.record(z.string(), z.number())).describe(
    'what the runner knows of itself, MiB, by metric (each runtime declares its own)',
  );

export const HelloSchema = z.object({
  event: z.literal('hello'),
  runtime: z.string(),
  pid: z.number().int(),
  versions: z.record(z.string(), z.string()).default({}),
  measured_pid: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('a process the runner started and drives (a server): the harness measures its process tree instead of the runner\'s, and ends it with the cell'),
  implements: z
    .object({
      ops: z.array(z.string()).describe('the plan steps it executes on the plan\'s device'),
      actions: z.array(z.string()).describe('the release actions it carries out there'),
      noop: z.array(z.string()).describe('of those, the ones that change nothing there'),
    })
    .describe("what this runner implements on the plan's device: checked against its runtime's descriptor"),
});

/** What a requests_begin .. requests_end sent and got back (a load test of a server). */
export const RequestsSchema = z.object({
  event: z.literal('requests'),
  id: z.number().int().min(0),
  name: z.string(),
  count: z.number().int().min(0),
  concurrency: z.number().int().min(1),
  wall_ms: z.number().min(0),
  latencies_ms: z.array(z.number().min(0)).max(MAX_LATENCIES).describe('of the requests answered 2xx, in the order they ended (at most the first 100,000)'),
  statuses: z.record(z.string(), z.number().int().min(0)).describe('answers by HTTP status ("200", "404"...), and "timeout" and "network" for requests that got none'),
});

/**
 * Every event, with the in-process metric names a mark may carry (the runtimes declare them; the
 * protocol itself names none).
 */
export function eventSchema(inprocNames: readonly string[]) {
  return z.discriminatedUnion('event', [
    HelloSchema,
    z.object({ event: z.literal('mark'), index: z.number().int().min(0), label: z.string().optional(), inproc: inprocOf(inprocNames).default({}) }),
    z.object({ event: z.literal('timing'), op: z.string(), name: z.string().optional(), ms: z.number(), loss: z.number().optional() }),
    z.object({ event: z.literal('info'), message: z.string() }),
    RequestsSchema,
    z.object({
      event: z.literal('error'),
      message: z.string(),
      kind: z.string().default('error').describe("'oom' when the runner ran out of memory (the cell is then oom, not failed); any other kind (a runtime's own, e.g. cuda) is a failure"),
      traceback: z.string().optional(),
    }),
    z.object({ event: z.literal('done') }),
  ]);
}

export type EventSchema = ReturnType<typeof eventSchema>;

/** What the harness writes back after it has measured a mark. */
export const AckSchema = z.object({ ack: z.number().int().min(0) });

export type RunnerEvent = z.infer<EventSchema>;
export type HelloEvent = Extract<RunnerEvent, { event: 'hello' }>;
export type TimingEvent = Extract<RunnerEvent, { event: 'timing' }>;
export type ErrorEvent = Extract<RunnerEvent, { event: 'error' }>;
export type RequestsEvent = Extract<RunnerEvent, { event: 'requests' }>;

/** Parses one line from fd 3 against `schema`; returns an explanation instead of throwing on bad output. */
export function parseEvent(line: string, schema: EventSchema): RunnerEvent | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return `not JSON: ${clip(line)}`;
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : `not a known event (${r.error.issues[0]?.message ?? 'invalid'}): ${clip(line)}`;
}

export function ackLine(index: number): string {
  return `${JSON.stringify({ ack: index })}\n`;
}

function clip(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}...` : s);
}
