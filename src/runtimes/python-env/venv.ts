import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../paths.js';
import { sha256 } from '../../sha256.js';
import { REQUIREMENTS } from './files.js';

const COMPLETE = 'reclaim-complete.json';

/** The project virtualenv for the current pins: keyed by the hash of requirements.txt. */
export function venvDir(): string {
  const hash = sha256(readFileSync(REQUIREMENTS), 16);
  return path.join(cacheDir(), 'python', `venv-${hash}`);
}

export function venvPython(dir = venvDir()): string {
  return path.join(dir, 'bin', 'python');
}

/** A virtualenv counts only once its install finished (the marker is written last). */
export function venvComplete(dir = venvDir()): boolean {
  return existsSync(path.join(dir, COMPLETE));
}

export function completeMarker(dir: string): string {
  return path.join(dir, COMPLETE);
}
