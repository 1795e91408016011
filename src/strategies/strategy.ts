import type { Isolation } from '../protocol/plan.js';

/** A release action by name; each runtime says which it has on which device (src/runtimes/<name>/descriptor.ts). */
export type Action = string;

/** A memory release strategy, as data: what the runner's process starts with and what it does at each unload. */
export interface Strategy {
  name: string;
  description: string;
  /** Where the variant comes from, e.g. "article CPU 3". */
  origin?: string;
  /** Start-up environment of the runner process (glibc reads MALLOC_*_ only here). */
  env: Record<string, string>;
  /** Shared libraries put into LD_PRELOAD, by soname; resolved with `ldconfig -p`. */
  preload: string[];
  /** Variables the runner sets from inside itself after start (article CPU 5: too late for glibc). */
  setenvInProcess: Record<string, string>;
  /** Done to the model object before the runner drops its reference. */
  beforeUnload: Action[];
  /** Done after the reference is dropped. */
  afterUnload: Action[];
  /** Runtime options (arena on/off, checkpointing...), passed through to the runner. */
  options: Record<string, string | number | boolean>;
  isolation: Isolation;
  /** Transparent huge pages disabled for the runner and its children (prctl PR_SET_THP_DISABLE before it starts). */
  thpDisabled: boolean;
}

export function strategy(s: Partial<Strategy> & Pick<Strategy, 'name' | 'description'>): Strategy {
  return {
    env: {},
    preload: [],
    setenvInProcess: {},
    beforeUnload: [],
    afterUnload: ['gc'],
    options: {},
    isolation: 'in-process',
    thpDisabled: false,
    ...s,
  };
}
