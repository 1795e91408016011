import { RUNTIMES } from '../runtimes/registry.js';

/**
 * Variables that change how allocators behave: glibc's and the preloadable allocators', and those a
 * runtime declares for its own allocator (PyTorch's). Inherited from the user's shell they would
 * silently change every cell (the baseline variant included), so they are dropped; a strategy sets them.
 */
const ALLOCATOR_VARIABLE = /^(MALLOC_.*|GLIBC_TUNABLES|LD_PRELOAD|TCMALLOC_.*|JE_MALLOC_CONF|_RJEM_MALLOC_CONF|MIMALLOC_.*)$/;
const RUNTIME_VARIABLES = new Set(RUNTIMES.flatMap((r) => r.allocatorVariables ?? []));

export function isAllocatorVariable(name: string): boolean {
  return ALLOCATOR_VARIABLE.test(name) || RUNTIME_VARIABLES.has(name);
}

/** The allocator variables of an environment (the fingerprint records the harness's own). */
export function allocatorEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined && isAllocatorVariable(e[0])));
}
