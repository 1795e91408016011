import { resolvePreload } from '../strategies/preload.js';
import type { Strategy } from '../strategies/strategy.js';

/** What to call after an unload, per action, in the user's own Python. */
const CALLS: Record<string, string> = {
  gc: 'gc.collect()',
  malloc_trim: 'ctypes.CDLL("libc.so.6").malloc_trim(0)',
  jemalloc_purge: 'ctypes.CDLL(None).mallctl(b"arena.4096.purge", None, None, None, 0)',
  tcmalloc_release_free_memory: 'ctypes.CDLL(None).MallocExtension_ReleaseFreeMemory()',
  trim_from_outside: "# from outside, after each unload: reclaim inspect PID --trim (its allocator's release, e.g. malloc_trim(0), called by reclaim's ptrace helper; one thread stops for the call)",
};

/** How to apply a strategy in one's own service: Dockerfile lines, and the calls after an unload. */
export function howToApply(s: Strategy): string[] {
  const lines: string[] = [];
  for (const lib of s.preload) {
    const r = resolvePreload(lib);
    lines.push(`Dockerfile: ENV LD_PRELOAD=${'path' in r ? r.path : lib}   (the library's Debian package must be installed)`);
  }
  for (const [k, v] of Object.entries(s.env)) lines.push(`Dockerfile: ENV ${k}=${v}   (read at start-up: setting it in a running process does nothing)`);
  if (s.thpDisabled) lines.push('at start-up: prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) before the server starts (inherited by its children)');
  if (s.isolation === 'process-per-model') lines.push('load each model in a child process (multiprocessing) that exits when the model is unloaded');
  if (s.isolation === 'recycled-worker') lines.push(`replace the worker process that holds the models after every ${String(s.options.recycle_after ?? 1)} unload(s), loading the models still in use into the new one first (gunicorn --max-requests, Celery --max-tasks-per-child)`);
  const calls = s.afterUnload.map((a) => CALLS[a]).filter((c): c is string => c !== undefined);
  if (calls.length) {
    const imports = `import ${calls.some((c) => c.startsWith('ctypes')) ? 'ctypes, gc' : 'gc'}`;
    lines.push('after each unload (Python):', ...[imports, 'del model', ...calls].map((l) => `    ${l}`));
  }
  return lines;
}
