import { copyFileSync, linkSync, lstatSync, realpathSync } from 'node:fs';
import { readRegularFile, ReadRefused } from '../bounded-read.js';
import path from 'node:path';

/** Caps on what is read back from a results directory (shared directories are untrusted input). */
export const READ_LIMITS = {
  jsonBytes: 16 * 1024 * 1024,
  csvBytes: 64 * 1024 * 1024,
} as const;

/** Why a file of a results directory cannot be used. */
export class UnreadableFile extends Error {}

/**
 * The text of `rel` inside `root`, only if it really is inside: symbolic links that lead out of the
 * directory (the file, or a directory on the way) are refused, as are FIFOs, devices and files over
 * `maxBytes`. Throws UnreadableFile saying why; a missing file is `undefined`.
 */
export function readInside(root: string, rel: string, maxBytes: number): string | undefined {
  const real = realInside(root, rel);
  if (real === undefined) return undefined;
  try {
    return readRegularFile(real, maxBytes);
  } catch (err) {
    if (!(err instanceof ReadRefused)) throw err;
    if (err.why === 'not-regular') throw new UnreadableFile('is not a regular file; not read');
    if (err.why === 'too-big') throw new UnreadableFile(`holds ${err.size} bytes, more than the ${maxBytes} reclaim reads of such a file; not read`);
    throw new UnreadableFile(`cannot be read (${err.message})`);
  }
}

/** The real path of `rel` inside `root`, refused when it leads out; undefined when it does not exist. */
function realInside(root: string, rel: string): string | undefined {
  let real: string;
  try {
    real = realpathSync.native(path.join(root, rel));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UnreadableFile(`cannot be read (${(err as Error).message})`);
  }
  if (!real.startsWith(realRoot(root) + path.sep)) throw new UnreadableFile('leads outside the results directory (a symbolic link); not read');
  return real;
}

/**
 * Puts the file `rel` inside `root` at `dest` with readInside's refusals (outside, not a regular file,
 * over `maxBytes`) but without reading it through memory: a hard link where both lie on one file
 * system (results files are only ever replaced by rename, never rewritten, so the two stay apart),
 * else a copy by the kernel. Returns its size; undefined when it does not exist.
 */
export function placeInside(root: string, rel: string, maxBytes: number, dest: string): number | undefined {
  const real = realInside(root, rel);
  if (real === undefined) return undefined;
  let st;
  try {
    st = lstatSync(real);
  } catch (err) {
    throw new UnreadableFile(`cannot be read (${(err as Error).message})`);
  }
  if (!st.isFile()) throw new UnreadableFile('is not a regular file; not read');
  if (st.size > maxBytes) throw new UnreadableFile(`holds ${st.size} bytes, more than the ${maxBytes} reclaim reads of such a file; not read`);
  try {
    linkSync(real, dest);
  } catch {
    try {
      copyFileSync(real, dest);
    } catch (err) {
      throw new UnreadableFile(`cannot be copied (${(err as Error).message})`);
    }
  }
  return st.size;
}

let lastRoot: { root: string; real: string } | undefined;

/** The real path of the directory being read, asked once for its thousands of files (a fleet-sized run). */
function realRoot(root: string): string {
  if (lastRoot?.root !== root) lastRoot = { root, real: realpathSync.native(root) };
  return lastRoot.real;
}

/** A file or directory name that is safe to create under a directory we write: no separators, no "..". */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name) && name.length <= 255;
}

/** A name from data (a scenario, a variant) made into one: anything else becomes "_". */
export function plainName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_').slice(0, 200);
  return cleaned === '' ? '_' : cleaned;
}
