import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, PYTHON_RUNNER_DIR } from '../../paths.js';

export const REQUIREMENTS = path.join(PYTHON_RUNNER_DIR, 'requirements.txt');
const COMPLETE = 'reclaim-complete.json';

/** The project virtualenv for the current pins: keyed by the hash of requirements.txt. */
export function venvDir(): string {
  const hash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex').slice(0, 16);
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
