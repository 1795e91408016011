import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isPlainName } from './safe-read.js';

/** Writes a file so that readers see the old content or the new one, never half of it. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Writes a directory of files all at once: built beside the target, then renamed into place, so a
 * crash leaves either the previous directory or the complete new one.
 */
export function writeDirAtomic(dir: string, files: Readonly<Record<string, string | Buffer>>, more?: (tmp: string) => void): void {
  // Names may come from data (a scenario's name): each must be a plain name inside the directory.
  for (const name of Object.keys(files)) if (!isPlainName(name)) throw new Error(`refusing to write a file named ${JSON.stringify(name)}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(tmp, name), data);
  more?.(tmp);
  const old = `${dir}.old-${process.pid}`;
  let replaced = false;
  try {
    renameSync(dir, old);
    replaced = true;
  } catch {
    // no previous directory
  }
  renameSync(tmp, dir);
  if (replaced) rmSync(old, { recursive: true, force: true });
}
