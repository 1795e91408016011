import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/paths.ts, or dist/paths.js once built). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const PYTHON_RUNNER_DIR = path.join(PROJECT_ROOT, 'runners', 'python');
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
