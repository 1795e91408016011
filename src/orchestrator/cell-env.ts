import type { Strategy } from '../strategies/strategy.js';

/**
 * Variables that change how allocators behave. Inherited from the user's shell they would silently
 * change every cell (the baseline variant included), so they are dropped; a strategy sets them.
 */
const ALLOCATOR_VARIABLE = /^(MALLOC_.*|GLIBC_TUNABLES|LD_PRELOAD|TCMALLOC_.*|JE_MALLOC_CONF|_RJEM_MALLOC_CONF|PYTORCH_CUDA_ALLOC_CONF|PYTORCH_NO_CUDA_MEMORY_CACHING)$/;

export interface CellEnvironment {
  env: Record<string, string>;
  /** What the strategy set (recorded in cell.json). */
  strategyEnv: Record<string, string>;
  /** Allocator variables of the harness's environment that were not passed on. */
  dropped: string[];
}

export function cellEnvironment(
  strategy: Strategy,
  preloadPaths: readonly string[],
  runtimeEnv: Readonly<Record<string, string>>,
  base: NodeJS.ProcessEnv = process.env,
): CellEnvironment {
  const env: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue;
    if (ALLOCATOR_VARIABLE.test(k)) dropped.push(k);
    else env[k] = v;
  }
  const strategyEnv: Record<string, string> = { ...strategy.env };
  if (preloadPaths.length) strategyEnv.LD_PRELOAD = preloadPaths.join(':');
  return { env: { ...env, ...runtimeEnv, ...strategyEnv }, strategyEnv, dropped };
}

export function allocatorEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined && ALLOCATOR_VARIABLE.test(e[0])));
}
