import { closeSync, openSync, readSync } from 'node:fs';
import type { Mapping } from './smaps.js';

export interface AllocatorInUse {
  /** glibc, jemalloc, tcmalloc, mimalloc, or none found (a static or musl program). */
  name: 'glibc' | 'jemalloc' | 'tcmalloc' | 'mimalloc' | 'unknown';
  /** The library it comes from, as mapped. */
  library: string | undefined;
  /** glibc's version (from its library's banner), when glibc is mapped. */
  glibc: string | undefined;
}

const PRELOADED: [AllocatorInUse['name'], RegExp][] = [
  ['jemalloc', /\/libjemalloc[^/]*\.so/],
  ['tcmalloc', /\/libtcmalloc[^/]*\.so/],
  ['mimalloc', /\/libmimalloc[^/]*\.so/],
];
const LIBC = /\/libc(-[\d.]+)?\.so(\.6)?$/;

/** glibc's version from the banner its library carries ("... release version 2.36."), read through the process's root. */
function glibcVersion(pid: number, libc: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/root${libc}`, 'r');
    // The banner sits in .rodata, within the first few MiB of a libc of any size.
    const buf = Buffer.alloc(4 * 1024 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /release version (\d+\.\d+)/.exec(buf.subarray(0, n).toString('latin1'))?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The allocator a process uses, from the libraries mapped into it: a preloaded one wins over glibc's malloc. */
export function allocatorOf(pid: number, mappings: readonly Mapping[]): AllocatorInUse {
  const paths = [...new Set(mappings.map((m) => m.path.replace(/ \(deleted\)$/, '')).filter((p) => p.startsWith('/')))];
  const libc = paths.find((p) => LIBC.test(p));
  const glibc = libc ? glibcVersion(pid, libc) : undefined;
  for (const [name, pattern] of PRELOADED) {
    const lib = paths.find((p) => pattern.test(p));
    if (lib) return { name, library: lib, glibc };
  }
  return libc ? { name: 'glibc', library: libc, glibc } : { name: 'unknown', library: undefined, glibc: undefined };
}
