import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AttachError } from './attach-error.js';
import { readElf } from './elf.js';
import type { MapLine } from './maps.js';

/** Where a library of the target was read from, and the addresses of its functions in the target. */
export interface ResolvedLibrary {
  /** The path as the target maps it (inside its own root). */
  path: string;
  /** The file reclaim read: /proc/PID/root/<path> (a container's own), <path> itself (a chrooted process's, as maps
   * prints it from here), or /proc/PID/map_files/<range> when the path now names another file. */
  readFrom: string;
  addresses: Map<string, bigint>;
}

/** The device number the kernel prints in /proc/PID/maps ("fe:01", hex major:minor) of a stat's st_dev. */
export function devString(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

/**
 * Whether the file open on `fd` starts with the bytes the target has mapped from offset 0 (its ELF
 * headers and build-id note): where a kernel prints the device of an overlay's lower layer in maps and
 * stat through /proc/PID/root gives the overlay's, the inode agrees and this decides.
 */
function sameBytesAsMapped(pid: number, fd: number, maps: readonly MapLine[], first: MapLine): boolean {
  const head = maps.find((m) => m.inode === first.inode && m.dev === first.dev && m.offset === 0n);
  if (!head) return false;
  const n = 4096;
  const file = Buffer.alloc(n);
  const mem = Buffer.alloc(n);
  let memFd: number | undefined;
  try {
    if (readSync(fd, file, 0, n, 0) !== n) return false;
    memFd = openSync(`/proc/${pid}/mem`, 'r');
    return readSync(memFd, mem, 0, n, head.start) === n && file.equals(mem);
  } catch {
    return false;
  } finally {
    if (memFd !== undefined) closeSync(memFd);
  }
}

/** An open descriptor of exactly the file the target mapped, checked by device and inode. */
function openMapped(pid: number, first: MapLine, maps: readonly MapLine[]): { fd: number; readFrom: string } {
  const path = first.path.replace(/ \(deleted\)$/, '');
  // maps prints a path as the reader sees it when it can (a chrooted target: the whole path from our
  // root), else as the target's mount namespace does (a container: through /proc/PID/root).
  const candidates = [`/proc/${pid}/root${path}`, path, `/proc/${pid}/map_files/${first.start.toString(16)}-${first.end.toString(16)}`];
  const seen: string[] = [];
  for (const file of candidates) {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      seen.push(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    const st = fstatSync(fd, { bigint: true });
    if (devString(st.dev) === first.dev && Number(st.ino) === first.inode) return { fd, readFrom: file };
    if (Number(st.ino) === first.inode && sameBytesAsMapped(pid, fd, maps, first)) return { fd, readFrom: file };
    closeSync(fd);
    seen.push(`${file}: device ${devString(st.dev)} inode ${st.ino}, where the process maps device ${first.dev} inode ${first.inode}`);
  }
  throw new AttachError('no_symbol', `the file process ${pid} mapped as ${path} could not be opened as that same file (${seen.join('; ')}); nothing was touched`);
}

/**
 * The addresses in process `pid` of `names`, functions of the library mapped from `path`: read from the
 * target's own file (through its root, so a container's or another root's glibc is the one read),
 * mapped back through the target's mappings of that file. An executable mapping must hold each one.
 */
export function resolveIn(pid: number, maps: readonly MapLine[], path: string, names: readonly string[]): ResolvedLibrary {
  // A library replaced on disk since it was mapped (a package upgrade) shows as "<path> (deleted)".
  const own = maps.filter((m) => m.path === path || m.path === `${path} (deleted)`);
  if (own.length === 0) throw new AttachError('no_symbol', `process ${pid} does not map ${path}`);
  const { fd, readFrom } = openMapped(pid, own[0]!, own);
  let image;
  try {
    image = readElf(fd, names, `${path} of process ${pid}`);
  } finally {
    closeSync(fd);
  }
  // Of that file's executable mappings (a page shared by two segments may also be mapped read-only).
  const sameFile = own.filter((m) => m.dev === own[0]!.dev && m.inode === own[0]!.inode && m.perms.includes('x'));
  const addresses = new Map<string, bigint>();
  for (const name of names) {
    const value = image.functions.get(name);
    if (value === undefined) {
      const why = image.indirect.has(name) ? 'is an indirect function (its address is a resolver)' : 'is not among its exported functions';
      throw new AttachError('no_symbol', `${name} ${why} in ${path} of process ${pid}; nothing was touched`);
    }
    const seg = image.segments.find((s) => value >= s.vaddr && value < s.vaddr + s.filesz);
    const fileOffset = seg ? value - seg.vaddr + seg.offset : undefined;
    const map = fileOffset === undefined ? undefined : sameFile.find((m) => fileOffset >= m.offset && fileOffset < m.offset + (m.end - m.start));
    if (!map || fileOffset === undefined || !map.perms.includes('x')) throw new AttachError('no_symbol', `${name} of ${path} is not in an executable mapping of process ${pid}; nothing was touched`);
    addresses.set(name, map.start + (fileOffset - map.offset));
  }
  return { path, readFrom, addresses };
}
