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

export function positiveInt(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > max) throw new UserError(`${flag} expects a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function positiveNumber(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new UserError(`${flag} expects a number above 0 and at most ${max}, got "${value}"`);
  return n;
}

export function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}

/** --set axis=a,b (repeatable): new values for matrix axes; numbers and booleans keep their type. */
export function axisValues(values: readonly string[] | undefined): Record<string, Scalar[]> | undefined {
  if (!values?.length) return undefined;
  const out = new Map<string, Scalar[]>();
  for (const v of values) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(v);
    if (!m || m[1] === '__proto__') throw new UserError(`--set expects axis=value[,value...], got ${JSON.stringify(v)}`);
    if (m[2]!.includes('${')) throw new UserError(`--set ${m[1]}: values are literal; a variable such as \${x} is not expanded here`);
    out.set(m[1]!, m[2]!.split(',').map(typed));
  }
  return Object.fromEntries(out);
}

function typed(s: string): Scalar {
  if (s === 'true' || s === 'false') return s === 'true';
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}
