import { readFingerprint } from '../env/read-fingerprint.js';
import { libcsOfCells } from '../store/cell-libc.js';
import type { CellRecord } from '../store/cell-record.js';

/** The facts of an environment that can change a memory figure, flattened to "name: value" for comparing. */
export function environmentFacts(environment: unknown, docker?: Record<string, unknown>, records: readonly CellRecord[] = []): Map<string, string> {
  const env = readFingerprint(environment);
  const out = new Map<string, string>();
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out.set(k, String(v));
  };
  // What the cells' runners really loaded: the run's C library may not be the harness's (the libc axis).
  put(LIBC_FACT, libcsOfCells(records).map((l) => l.libc).sort().join(', '));
  put('host', env.host);
  put('kernel', env.os?.kernel);
  put('distribution', env.os?.distro);
  put('glibc', env.glibc);
  put('transparent hugepages', env.transparent_hugepages ? `${env.transparent_hugepages.enabled}/${env.transparent_hugepages.defrag}` : undefined);
  put('CPU', env.cpu?.model);
  put('cores', env.cpu?.cores);
  put('memory MiB', env.memory?.total_mib);
  put('cgroup limit MiB', env.memory?.cgroup_limit_mib);
  put('node', env.node);
  for (const [target, r] of Object.entries(env.runtimes ?? {})) {
    put(`${target}`, r.available ? 'available' : 'unavailable');
    for (const [lib, version] of Object.entries(r.versions ?? {})) put(`${target} ${lib}`, version);
    if (r.available) put(`${target} detail`, r.detail);
  }
  for (const [k, v] of Object.entries(env.allocator_env ?? {})) put(`env ${k}`, v);
  put('reclaim', env.reclaim);
  put('reclaim commit', env.git?.commit);
  put('image', docker?.image);
  put('image id', docker?.id);
  return out;
}

const LIBC_FACT = 'C library of the cells';
/** Named first when they differ: a different C library changes every figure of glibc's keeping. */
const FIRST = [LIBC_FACT, 'glibc'];

/** What differs between two environments: one "name: base -> new" per fact, the C library first. */
export function environmentDiff(base: Map<string, string>, next: Map<string, string>): string[] {
  const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  const keys = [...new Set([...base.keys(), ...next.keys()])].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return keys.filter((k) => base.get(k) !== next.get(k)).map((k) => `${k}: ${base.get(k) ?? '(none)'} -> ${next.get(k) ?? '(none)'}`);
}
