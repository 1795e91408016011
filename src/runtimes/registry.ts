import { native } from './native/index.js';
import { node } from './node/index.js';
import { python } from './python/index.js';
import { serving } from './serving/index.js';
import type { Runtime } from './runtime.js';

/** Every runtime, one line each (a runtime is its folder). The first is the default of a scenario that names none. */
export const RUNTIMES: readonly Runtime[] = [python, native, node, serving];

export const RUNTIME_NAMES = RUNTIMES.map((r) => r.name);

/** A runtime by name (exact, so "constructor" or "toString" are no runtime). */
export function findRuntime(name: string): Runtime | undefined {
  return RUNTIMES.find((r) => r.name === name);
}

/** A runtime by a name that was validated before (a cell's); throws on a bug. */
export function runtimeNamed(name: string): Runtime {
  const r = findRuntime(name);
  if (!r) throw new Error(`no runtime named ${JSON.stringify(name)}`);
  return r;
}

/** Every release action any runtime has, in registry order. */
export const ACTION_NAMES: readonly string[] = [...new Set(RUNTIMES.flatMap((r) => Object.keys(r.actions)))];

/** Every source any runtime reads, as written in a scenario ("hf:<name-or-path>" for a prefix). */
export const SOURCE_NAMES: readonly string[] = [...new Set(RUNTIMES.flatMap((r) => r.sources.map((s) => (s.prefix ? `${s.name}<name-or-path>` : s.name))))];
