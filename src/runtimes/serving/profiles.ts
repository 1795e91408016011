import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readRegularFile } from '../../bounded-read.js';
import { PROJECT_ROOT } from '../../paths.js';
import { DEVICE_NAMES, ServerSpecSchema } from '../../protocol/plan.js';

/** Where the profiles live: one folder each, its profile.json and whatever its server needs. */
export const PROFILES_DIR = path.join(PROJECT_ROOT, 'runners', 'serving', 'profiles');

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A profile's option: its type or values, its bounds, its default. */
const OptionSchema = z.strictObject({
  type: z.enum(['integer', 'number', 'boolean', 'string']).optional(),
  values: z.array(scalar).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: scalar.optional(),
  description: z.string(),
});
export type ProfileOption = z.infer<typeof OptionSchema>;

/** runners/serving/profiles/<name>/profile.json: a model server reclaim knows how to drive. */
export const ProfileSchema = z.strictObject({
  description: z.string(),
  /** Pins of its own virtualenv (torch and transformers come from the project's, through a .pth); none: the project's Python. */
  requirements: z.array(z.string().regex(/^[A-Za-z0-9._\-[\],<>=!~ ]+$/)).optional(),
  /** Commands it needs on PATH (a Java runtime...). */
  needs: z.array(z.string().regex(/^[a-z0-9._-]+$/)).default([]),
  devices: z.array(z.enum(DEVICE_NAMES)).min(1).default(['cpu']),
  /** The model sources it loads (default: every source of the runtime). */
  sources: z.array(z.string()).optional(),
  /** Its server runs reclaim's release actions itself (the reclaim profile); otherwise only those from outside apply. */
  inProcess: z.boolean().default(false),
  options: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), OptionSchema).default({}),
  server: ServerSpecSchema.omit({ profile: true }),
});
export type Profile = z.infer<typeof ProfileSchema> & { name: string; dir: string };

/** Every profile, read once: a profile that does not read is a bug of this checkout, said with its file. */
function readProfiles(): Record<string, Profile> {
  const out: Record<string, Profile> = {};
  let names: string[] = [];
  try {
    names = readdirSync(PROFILES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const file = path.join(PROFILES_DIR, name, 'profile.json');
    const parsed = ProfileSchema.safeParse(JSON.parse(readRegularFile(file, 64 * 1024)));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    out[name] = { ...parsed.data, name, dir: path.join(PROFILES_DIR, name) };
  }
  return out;
}

export const PROFILES: Readonly<Record<string, Profile>> = readProfiles();
export const PROFILE_NAMES = Object.keys(PROFILES);

/** A profile by name (own properties only: names come from scenario files). */
export function findProfile(name: string): Profile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
}

/** A profile's options as a zod schema (with the serving runtime's own, which every server takes). */
export function optionSchema(p: Profile | undefined, base: z.ZodObject): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, o] of Object.entries(p?.options ?? {})) {
    const t: z.ZodType = o.values
      ? z.coerce.string().refine((v) => o.values!.map(String).includes(v), `is one of ${o.values.join(', ')}`)
      : o.type === 'integer' || o.type === 'number'
        ? (() => {
            let n = o.type === 'integer' ? z.coerce.number().int() : z.coerce.number();
            if (o.min !== undefined) n = n.min(o.min);
            if (o.max !== undefined) n = n.max(o.max);
            return n;
          })()
        : o.type === 'boolean'
          ? z.union([z.boolean(), z.enum(['true', 'false'])])
          : z.string();
    shape[name] = t.optional();
  }
  return base.extend(shape);
}
