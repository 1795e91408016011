import type { Scalar } from '../store/manifest.js';
import { INTERPOLATION } from './schema.js';

export type { Scalar };

/** Variables by name: a Map, so that names such as "constructor" are variables like any other. */
export type Vars = ReadonlyMap<string, Scalar>;
type Path = (string | number)[];

/**
 * Replaces `${name}` in every string inside `value`. A string that is exactly `${name}` takes the
 * variable's own type (so `times: ${iterations}` becomes a number). Unknown names are reported through
 * `unknown` with the path of the string, and left as written.
 */
export function interpolate<T>(value: T, vars: Vars, unknown: (path: Path, name: string) => void, path: Path = []): T {
  if (typeof value === 'string') return interpolateString(value, vars, (name) => unknown(path, name)) as T;
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, vars, unknown, [...path, i])) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, unknown, [...path, k])])) as T;
  }
  return value;
}

function interpolateString(s: string, vars: Vars, unknown: (name: string) => void): Scalar {
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(s);
  if (whole) {
    const v = vars.get(whole[1]!);
    if (v === undefined) unknown(whole[1]!);
    return v ?? s;
  }
  return s.replace(INTERPOLATION, (match, name: string) => {
    const v = vars.get(name);
    if (v === undefined) {
      unknown(name);
      return match;
    }
    return String(v);
  });
}

/** Whether anything in `value` refers to a variable. */
export function usesVariables(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('${');
}
