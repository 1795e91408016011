import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';
import type { Scalar } from '../scenario/interpolate.js';

/** node:util parseArgs, with its errors turned into one-line user errors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`reclaim ${command}: ${(err as Error).message.split('\n')[0]} (reclaim help)`);
  }
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} expects a whole number >= 1, got "${value}"`);
  return n;
}

export function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} expects a number > 0, got "${value}"`);
  return n;
}

export function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}

/** --set axis=a,b (repeatable): new values for matrix axes; numbers and booleans keep their type. */
export function axisValues(values: readonly string[] | undefined): Record<string, Scalar[]> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, Scalar[]> = {};
  for (const v of values) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(v);
    if (!m) throw new UserError(`--set expects axis=value[,value...], got "${v}"`);
    out[m[1]!] = m[2]!.split(',').map(typed);
  }
  return out;
}

function typed(s: string): Scalar {
  if (s === 'true' || s === 'false') return s === 'true';
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}
