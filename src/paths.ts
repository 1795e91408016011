import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the first directory above this file (src/ or dist/src/) with a package.json. */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir, '..');
  }
}

export const SCENARIOS_DIR = path.join(PROJECT_ROOT, 'scenarios');

/**
 * Where reclaim keeps what it builds once and reuses (the Python virtualenv, generated checkpoints):
 * $RECLAIM_CACHE, else $XDG_CACHE_HOME/reclaim, else ~/.cache/reclaim. Never inside the repository.
 */
export function cacheDir(): string {
  if (process.env.RECLAIM_CACHE) return path.resolve(process.env.RECLAIM_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'reclaim');
}
