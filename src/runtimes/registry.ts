import { native } from './native/index.js';
import { node } from './node/index.js';
import { python } from './python/index.js';
import { serving } from './serving/index.js';
import type { Runtime } from './runtime.js';

/** What the harness knows of a list of runtimes: everything about runtimes that is not one runtime's. */
export function registryOf(runtimes: readonly Runtime[]) {
  const findRuntime = (name: string): Runtime | undefined => runtimes.find((r) => r.name === name);
  return {
    RUNTIMES: runtimes,
    RUNTIME_NAMES: runtimes.map((r) => r.name),
    /** A runtime by name (exact, so "constructor" or "toString" are no runtime). */
    findRuntime,
    /** A runtime by a name that was validated before (a cell's); throws on a bug. */
    runtimeNamed(name: string): Runtime {
      const r = findRuntime(name);
      if (!r) throw new Error(`no runtime named ${JSON.stringify(name)}`);
      return r;
    },
    /** Every release action any runtime has, in registry order. */
    ACTION_NAMES: [...new Set(runtimes.flatMap((r) => Object.keys(r.actions)))] as readonly string[],
    /** Every source any runtime reads, as written in a scenario ("hf:<name-or-path>" for a prefix). */
    SOURCE_NAMES: [...new Set(runtimes.flatMap((r) => r.sources.map((s) => (s.prefix ? `${s.name}<name-or-path>` : s.name))))] as readonly string[],
  };
}

/** Every runtime, one line each (a runtime is its folder). The first is the default of a scenario that names none. */
export const { RUNTIMES, RUNTIME_NAMES, findRuntime, runtimeNamed, ACTION_NAMES, SOURCE_NAMES } = registryOf([python, native, node, serving]);
