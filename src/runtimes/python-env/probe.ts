import { readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { cacheDir } from '../../paths.js';
import { sha256 } from '../../sha256.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { readInside } from '../../store/safe-read.js';
import { hostname } from 'node:os';
import { REQUIREMENTS, RUNNER, RUNNER_DIR } from './files.js';

const ProbeSchema = z.object({
  executable: z.string(),
  python: z.string(),
  torch: z.string().nullable(),
  transformers: z.string().nullable(),
  cuda: z.string().nullable().optional(),
  cuda_devices: z.number().optional(),
  error: z.string().nullable(),
  dirs: z.array(z.string()).default([]),
  fastapi: z.string().nullable().optional(),
  uvicorn: z.string().nullable().optional(),
});

export type PythonProbe = z.infer<typeof ProbeSchema>;

const CachedSchema = z.object({ key: z.string(), dirs: z.record(z.string(), z.number()).refine((d) => Object.keys(d).length <= 64), probe: ProbeSchema });
const CACHE_BYTES = 256 * 1024;

/** Asks an interpreter what it has (runner.py --probe, which imports torch: seconds); a string says why it could not answer. */
async function askPython(python: string): Promise<PythonProbe | string> {
  const r = await execa(python, [RUNNER, '--probe'], { reject: false, timeout: 120_000, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.failed) return r.code === 'ENOENT' ? `${python} does not exist` : `${python} --probe failed: ${lastLine(r.stderr || r.shortMessage || '')}`;
  try {
    return ProbeSchema.parse(JSON.parse(r.stdout.trim().split('\n').pop() ?? ''));
  } catch {
    return `${python} --probe printed something unexpected: ${r.stdout.slice(0, 200)}`;
  }
}

/**
 * What makes a cached answer stale: the interpreter (its real path, size and mtime), the pinned
 * requirements, the probe's own code, and what changes the devices it sees: CUDA_VISIBLE_DEVICES, the
 * NVIDIA driver loaded now, the host (a home directory shared by a fleet's nodes), PYTHONPATH.
 */
export function probeKey(python: string, requirements: string | Buffer = readFileSync(REQUIREMENTS)): string | undefined {
  try {
    const real = realpathSync(python);
    const st = statSync(real);
    const probeCode = readFileSync(path.join(RUNNER_DIR, 'reclaim_runner', 'probe.py'));
    const env = [process.env.CUDA_VISIBLE_DEVICES ?? null, process.env.PYTHONPATH ?? null, hostname(), nvidiaDriver()];
    return sha256(JSON.stringify([python, real, st.size, st.mtimeMs, sha256(requirements), sha256(probeCode), ...env]));
  } catch {
    return undefined;
  }
}

/** The loaded NVIDIA driver's version line, or null (no driver, or not loaded yet). */
function nvidiaDriver(): string | null {
  try {
    return readFileSync('/proc/driver/nvidia/version', 'utf8').slice(0, 4096);
  } catch {
    return null;
  }
}

export function probeCacheFile(python: string): string {
  return path.join(cacheDir(), 'probe', `${sha256(python, 16)}.json`);
}

function dirTimes(dirs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of dirs) {
    try {
      out[d] = statSync(d).mtimeMs;
    } catch {
      out[d] = -1;
    }
  }
  return out;
}

/**
 * What an interpreter has, from the cache when nothing it depends on changed (probing imports torch,
 * which takes seconds at every `reclaim` command otherwise); `reclaim setup --refresh` forgets it.
 */
export async function probePython(python: string): Promise<PythonProbe | string> {
  const key = probeKey(python);
  const file = probeCacheFile(python);
  if (key) {
    try {
      // Read like a shared results file: a FIFO or a huge file there must not hang or fill memory.
      const cached = CachedSchema.parse(JSON.parse(readInside(path.dirname(file), path.basename(file), CACHE_BYTES) ?? ''));
      const now = dirTimes(Object.keys(cached.dirs));
      if (cached.key === key && Object.entries(cached.dirs).every(([d, t]) => now[d] === t)) return cached.probe;
    } catch {
      // no cache yet, or not one we can use
    }
  }
  const probe = await askPython(python);
  if (typeof probe !== 'string' && key) {
    try {
      writeFileAtomic(file, `${JSON.stringify({ key, dirs: dirTimes(probe.dirs), probe }, null, 2)}\n`);
    } catch {
      // a read-only cache: probe again next time
    }
  }
  return probe;
}

/** Forgets every cached probe (reclaim setup --refresh). */
export function forgetProbes(): void {
  rmSync(path.join(cacheDir(), 'probe'), { recursive: true, force: true });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
