import { z } from 'zod';
import type { Manifest } from './manifest.js';
import { LIMITS } from '../limits.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Each field of manifest.json and what a reader falls back to when the field cannot be used. */
const FIELDS = {
  status: [z.enum(['running', 'complete', 'interrupted']), 'interrupted'],
  startedAt: [z.string(), '(unknown)'],
  resumedAt: [z.string().optional(), undefined],
  endedAt: [z.string().optional(), undefined],
  command: [z.array(z.string()), []],
  overrides: [z.looseObject({}), {}],
  scenarios: [z.array(z.object({ file: z.string(), name: z.string(), sha256: z.string(), text: z.string().default(''), raw: z.unknown() })), []],
  matrix: [
    z.array(
      z.object({
        cell: z.string(),
        scenario: z.string(),
        variant: z.string(),
        axes: z.record(z.string(), scalar),
        runtime: z.string(),
        device: z.string(),
        repeats: z.number(),
        marks: z.number(),
        skip: z.string().optional(),
      }),
    ),
    [],
  ],
  counts: [z.record(z.string(), z.number()).optional(), undefined],
  environment: [z.unknown(), undefined],
  shard: [
    z
      .object({ index: z.number().int().min(1), count: z.number().int().min(1).max(LIMITS.shards), runs: z.array(z.string()), total: z.number().int().min(0) })
      .refine((x) => x.index <= x.count, 'index is above count')
      .optional(),
    undefined,
  ],
  merged: [
    z
      .object({
        at: z.string(),
        sources: z.array(z.object({ dir: z.string(), machine: z.string(), shard: z.string().optional(), runs: z.number() })),
        machines: z.array(z.object({ label: z.string(), environment: z.unknown() })),
        missing: z.array(z.string()),
      })
      .optional(),
    undefined,
  ],
  docker: [z.record(z.string(), z.unknown()).optional(), undefined],
} as const;

/**
 * manifest.json as written by `reclaim run`, read field by field: a field that cannot be used is
 * replaced by its fallback and `warn` names it (the report still gets written from the cells).
 */
export function parseManifest(json: unknown, warn: (line: string) => void): Manifest {
  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!obj) warn(`is not a JSON object (${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}); what the run was is unknown, its cells are read as they are`);
  const out: Record<string, unknown> = {};
  for (const [field, [schema, fallback]] of Object.entries(FIELDS)) {
    const value = obj && Object.hasOwn(obj, field) ? obj[field] : undefined;
    const r = (schema as z.ZodType).safeParse(value);
    if (r.success) out[field] = r.data;
    else {
      out[field] = fallback;
      if (obj) warn(`${field}: ${r.error.issues[0]?.message ?? 'not usable'}${r.error.issues[0]?.path.length ? ` at ${r.error.issues[0].path.join('.')}` : ''}; left out`);
    }
  }
  return out as unknown as Manifest;
}
