import { closeSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';

/** The C library a process really runs on, read from the process (its mappings and the library's own bytes). */
export interface CLibrary {
  /** glibc or musl; 'static' when no C library is mapped and the program carries no mark of one. */
  name: 'glibc' | 'musl' | 'static';
  /** Its version, from its own bytes ("2.36", "1.2.3"), when found. */
  version: string | undefined;
  /** The file as the process maps it (inside its own root), or its program for a static one. */
  path: string | undefined;
}

/** Names a C library goes by: glibc's libc.so.6 (or libc-2.x.so), musl's libc.so (its loader ld-musl-*.so.1 is
 * a link to it) or Alpine's libc.musl-*.so.1. Which one a file is, its own bytes say. */
const LIBC_NAME = /\/(libc(-[\d.]+)?\.so(\.6)?|ld-musl-[^/]+\.so\.1|libc\.musl-[^/]+\.so\.1)$/;
const GLIBC_BANNER = /GNU C Library[^\0]*release version (\d+\.\d+)/;

/** glibc's version as its own banner states it ("... release version 2.41."), in a libc's bytes. */
export const glibcBannerVersion = (bytes: string): string | undefined => GLIBC_BANNER.exec(bytes)?.[1];
const MARK = /reclaim-libc: (glibc|musl) (\d+\.\d+(?:\.\d+)?)/;
const SCAN_BYTES = 8 * 1024 * 1024;

/** The first `SCAN_BYTES` of a file of process `pid`, read through its root (a container's own file), or of
 * `fromHere` (a chrooted process's file, whose path maps prints as seen from here). */
function head(pid: number, file: string, fromHere?: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(fromHere ?? `/proc/${pid}/root${file}`, 'r');
    const buf = Buffer.alloc(SCAN_BYTES);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, n);
    return buf.subarray(0, n).toString('latin1');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** musl keeps its version as a string a little after its name ("musl libc (x86_64)", then "1.2.3"). */
function muslVersion(bytes: string): string | undefined {
  const at = bytes.indexOf('musl libc (');
  if (at < 0) return undefined;
  return /\0(1\.\d+\.\d+)\0/.exec(bytes.slice(at, at + 16 * 1024))?.[1];
}

/** Of the paths a process maps, and its program's path: which C library it loaded, and which version. */
export function cLibraryOf(pid: number, mappedPaths: readonly string[], program?: string): CLibrary {
  const paths = mappedPaths.map((p) => p.replace(/ \(deleted\)$/, ''));
  for (const path of paths.filter((p) => LIBC_NAME.test(p))) {
    const bytes = head(pid, path) ?? head(pid, '', path) ?? '';
    const glibc = glibcBannerVersion(bytes);
    if (glibc) return { name: 'glibc', version: glibc, path };
    if (bytes.includes('musl libc (')) return { name: 'musl', version: muslVersion(bytes), path };
    // Unreadable: its name says it.
    if (!bytes) return /musl/.test(path) ? { name: 'musl', version: undefined, path } : { name: 'glibc', version: undefined, path };
  }
  // A static program: reclaim's own runners carry a mark of the C library they were linked with.
  const mark = program ? MARK.exec(head(pid, program) ?? '') : null;
  if (mark) return { name: mark[1] as 'glibc' | 'musl', version: mark[2], path: program };
  return { name: 'static', version: undefined, path: program };
}

/** The C library process `pid` loaded now: its mappings and its program, read from /proc (undefined when unreadable). */
export function cLibraryOfProcess(pid: number): CLibrary | undefined {
  try {
    const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    const paths = [...new Set(maps.split('\n').map((l) => l.split(/\s+/).slice(5).join(' ')).filter((p) => p.startsWith('/')))];
    let program: string | undefined;
    try {
      program = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      program = undefined;
    }
    return cLibraryOf(pid, paths, program);
  } catch {
    return undefined;
  }
}
