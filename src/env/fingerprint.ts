import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { allocatorEnvironment } from '../strategies/allocator-env.js';
import { cgroupMemoryOf } from '../samplers/cgroup.js';
import { MIB } from '../protocol/measurement.js';
import { availabilityOf } from '../runtimes/availability.js';
import { gitState, type GitState } from './git.js';

/** Everything about this machine that can change a memory figure, recorded with every run. */
export interface Fingerprint {
  /** The machine's host name: what tells fleet machines apart in a merged run (reclaim merge). */
  host: string;
  os: { kernel: string; arch: string; distro: string | null; container: boolean };
  glibc: string | null;
  transparent_hugepages: { enabled: string | null; defrag: string | null };
  cpu: { model: string | null; cores: number };
  memory: { total_mib: number; cgroup_limit_mib: number | null };
  node: string;
  /** By runtime/device, e.g. python/cpu. */
  runtimes: Record<string, { available: boolean; detail: string; versions?: Record<string, string> }>;
  allocator_env: Record<string, string>;
  git: GitState;
  reclaim: string;
}

export async function fingerprint(): Promise<Fingerprint> {
  const [availability, git] = await Promise.all([availabilityOf(), gitState()]);
  const runtimes: Fingerprint['runtimes'] = {};
  for (const [target, a] of availability) {
    runtimes[target] = a.available ? { available: true, detail: a.detail, versions: a.versions } : { available: false, detail: a.reason };
  }
  const cgroup = cgroupMemoryOf(process.pid);
  return {
    host: os.hostname(),
    os: { kernel: os.release(), arch: os.arch(), distro: osRelease(), container: existsSync('/.dockerenv') || existsSync('/run/.containerenv') },
    glibc: glibcVersion(),
    transparent_hugepages: { enabled: thp('enabled'), defrag: thp('defrag') },
    cpu: { model: os.cpus()[0]?.model ?? null, cores: os.cpus().length },
    memory: { total_mib: Math.round(os.totalmem() / MIB), cgroup_limit_mib: cgroup && Number.isFinite(cgroup.limitBytes) ? Math.round(cgroup.limitBytes / MIB) : null },
    node: process.version,
    runtimes,
    allocator_env: allocatorEnvironment(),
    git,
    reclaim: reclaimVersion(),
  };
}

function glibcVersion(): string | null {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}

/** The bracketed choice of /sys/kernel/mm/transparent_hugepage/{enabled,defrag}. */
function thp(file: string): string | null {
  try {
    const text = readFileSync(`/sys/kernel/mm/transparent_hugepage/${file}`, 'utf8');
    return /\[(\w+)\]/.exec(text)?.[1] ?? text.trim();
  } catch {
    return null;
  }
}

function osRelease(): string | null {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

function reclaimVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
