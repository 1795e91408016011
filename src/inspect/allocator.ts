import { cLibraryOf } from '../samplers/c-library.js';

export interface AllocatorInUse {
  /** glibc, jemalloc, tcmalloc, mimalloc, musl's mallocng, or none found (a static program). */
  name: 'glibc' | 'jemalloc' | 'tcmalloc' | 'mimalloc' | 'musl' | 'unknown';
  /** The library it comes from, as mapped. */
  library: string | undefined;
  /** glibc's version (from its library's banner), when glibc is mapped. */
  glibc: string | undefined;
  /** musl's version, when the process runs on musl. */
  musl?: string | undefined;
}

const PRELOADED: [AllocatorInUse['name'], RegExp][] = [
  ['jemalloc', /\/libjemalloc[^/]*\.so/],
  ['tcmalloc', /\/libtcmalloc[^/]*\.so/],
  ['mimalloc', /\/libmimalloc[^/]*\.so/],
];
/** The allocator a process uses, from the libraries mapped into it: a preloaded one wins over glibc's malloc. */
export function allocatorOf(pid: number, mappings: readonly { path: string }[]): AllocatorInUse {
  const paths = [...new Set(mappings.map((m) => m.path.replace(/ \(deleted\)$/, '')).filter((p) => p.startsWith('/')))];
  const libc = cLibraryOf(pid, paths);
  const glibc = libc.name === 'glibc' ? libc.version : undefined;
  for (const [name, pattern] of PRELOADED) {
    const lib = paths.find((p) => pattern.test(p));
    if (lib) return { name, library: lib, glibc };
  }
  if (libc.name === 'glibc') return { name: 'glibc', library: libc.path, glibc };
  if (libc.name === 'musl') return { name: 'musl', library: libc.path, glibc: undefined, musl: libc.version };
  return { name: 'unknown', library: undefined, glibc: undefined };
}
