import { isAllocatorVariable } from '../strategies/allocator-env.js';
import type { Strategy } from '../strategies/strategy.js';


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
    if (isAllocatorVariable(k)) dropped.push(k);
    else env[k] = v;
  }
  const strategyEnv: Record<string, string> = { ...strategy.env };
  if (preloadPaths.length) strategyEnv.LD_PRELOAD = preloadPaths.join(':');
  return { env: { ...env, ...runtimeEnv, ...strategyEnv }, strategyEnv, dropped };
}

