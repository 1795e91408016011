import type { Strategy } from './strategy.js';

/** glibc's own start-up variables (MALLOC_CONF is jemalloc's): another C library reads none of them. */
const GLIBC_VARIABLE = /^(MALLOC_(?!CONF$)[A-Z_]+|GLIBC_TUNABLES)$/;
/** Release actions that call into glibc's malloc. */
const GLIBC_ACTIONS = new Set(['malloc_trim']);

/**
 * What of a strategy needs glibc, said as a reason, or undefined: its release calls (malloc_trim), its
 * glibc variables at start-up or set from inside, and any preloaded library (a static program has no
 * dynamic loader to preload it with).
 */
export function needsGlibc(s: Strategy): string | undefined {
  const action = [...s.beforeUnload, ...s.afterUnload].find((a) => GLIBC_ACTIONS.has(a));
  if (action) return `calls ${action}, which musl's malloc (mallocng) has not: it has no release call`;
  const variable = [...Object.keys(s.env), ...Object.keys(s.setenvInProcess)].find((k) => GLIBC_VARIABLE.test(k));
  if (variable) return `sets ${variable}, which only glibc reads: musl's malloc has no settings`;
  if (s.preload.length) return `preloads ${s.preload.join(', ')}, which a static program cannot load`;
  return undefined;
}
