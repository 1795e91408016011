import { closeSync, openSync, readSync } from 'node:fs';

/** The C library a process really runs on, read from the process (its mappings and the library's own bytes). */
export interface CLibrary {
  /** glibc or musl; 'static' when no C library is mapped and the program carries no mark of one. */
  name: 'glibc' | 'musl' | 'static';
  /** Its version, from its own bytes ("2.36", "1.2.3"), when found. */
  version: string | undefined;
  /** The file as the process maps it (inside its own root), or its program for a static one. */
  path: string | undefined;
}

const GLIBC = /\/libc(-[\d.]+)?\.so(\.6)?$/;
const MUSL = /\/(ld-musl-[^/]+\.so\.1|libc\.musl-[^/]+\.so\.1)$/;
/** Where a version sits: glibc's banner ("release version 2.36"), musl's name and version strings, reclaim's mark in a static runner. */
const GLIBC_BANNER = /release version (\d+\.\d+)/;
const MARK = /reclaim-libc: (glibc|musl) (\d+\.\d+(?:\.\d+)?)/;
const SCAN_BYTES = 8 * 1024 * 1024;

/** The first `SCAN_BYTES` of a file of process `pid`, read through its root (a container's own file). */
function head(pid: number, file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/root${file}`, 'r');
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
  const glibc = paths.find((p) => GLIBC.test(p));
  if (glibc) return { name: 'glibc', version: GLIBC_BANNER.exec(head(pid, glibc) ?? '')?.[1], path: glibc };
  const musl = paths.find((p) => MUSL.test(p));
  if (musl) return { name: 'musl', version: muslVersion(head(pid, musl) ?? ''), path: musl };
  // A static program: reclaim's own runners carry a mark of the C library they were linked with.
  const mark = program ? MARK.exec(head(pid, program) ?? '') : null;
  if (mark) return { name: mark[1] as 'glibc' | 'musl', version: mark[2], path: program };
  return { name: 'static', version: undefined, path: program };
}
