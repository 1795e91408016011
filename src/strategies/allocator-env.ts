/**
 * Variables that change how allocators behave. Inherited from the user's shell they would silently
 * change every cell (the baseline variant included), so they are dropped; a strategy sets them.
 */
export const ALLOCATOR_VARIABLE = /^(MALLOC_.*|GLIBC_TUNABLES|LD_PRELOAD|TCMALLOC_.*|JE_MALLOC_CONF|_RJEM_MALLOC_CONF|PYTORCH_CUDA_ALLOC_CONF|PYTORCH_NO_CUDA_MEMORY_CACHING)$/;

/** The allocator variables of an environment (the fingerprint records the harness's own). */
export function allocatorEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined && ALLOCATOR_VARIABLE.test(e[0])));
}
