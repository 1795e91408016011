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

/** Values glibc (or OpenMP) would silently ignore or misread, by variable: the form each must have. */
const VALUE_RULES: Record<string, { form: RegExp; expected: string }> = {
  MALLOC_ARENA_MAX: { form: /^[1-9][0-9]{0,3}$/, expected: 'a whole number of arenas from 1 to 9999' },
  MALLOC_TRIM_THRESHOLD_: { form: /^(-1|[0-9]{1,19})$/, expected: 'a number of bytes, or -1' },
  MALLOC_MMAP_THRESHOLD_: { form: /^[0-9]{1,19}$/, expected: 'a number of bytes' },
  MALLOC_TOP_PAD_: { form: /^[0-9]{1,19}$/, expected: 'a number of bytes' },
  MALLOC_MMAP_MAX_: { form: /^[0-9]{1,10}$/, expected: 'a whole number of mappings' },
  OMP_NUM_THREADS: { form: /^[1-9][0-9]{0,3}$/, expected: 'a whole number of threads from 1 to 9999' },
  GLIBC_TUNABLES: { form: /^glibc\.[a-z_]+\.[a-z_0-9]+=[0-9A-Za-z_]+(:glibc\.[a-z_]+\.[a-z_0-9]+=[0-9A-Za-z_]+)*$/, expected: 'glibc.<namespace>.<tunable>=<value>, several separated by ":"' },
};

/** Why an allocator variable's value is not one its reader accepts; undefined when it is (or is not checked). */
export function allocatorValueProblem(name: string, value: string): string | undefined {
  const rule = Object.hasOwn(VALUE_RULES, name) ? VALUE_RULES[name] : undefined;
  if (!rule || value === '' || rule.form.test(value)) return undefined;
  return `${name}=${JSON.stringify(value)} is not ${rule.expected}`;
}
