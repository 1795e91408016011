import { readFingerprint } from '../src/env/read-fingerprint.js';
import { libcsLine } from '../src/store/cell-libc.js';
import type { CellRecord } from '../src/store/cell-record.js';

/**
 * The facts of a recorded fingerprint worth a line each in a report, as [label, value] pairs, with the
 * C library each cell's runner loaded (a libc axis runs cells on several).
 */
export function environmentFacts(recorded: unknown, records: readonly CellRecord[] = []): [string, string][] {
  const env = readFingerprint(recorded);
  const facts: [string, string | null | undefined][] = [
    ['C library of the cells (loaded, read from each runner)', libcsLine(records)],
    ['OS', env.os ? `${env.os.distro ?? 'unknown'}, kernel ${env.os.kernel ?? '?'}, ${env.os.arch ?? '?'}${env.os.container ? ' (in a container)' : ''}` : undefined],
    ['glibc', env.glibc],
    ['transparent hugepages', env.transparent_hugepages ? `enabled=${env.transparent_hugepages.enabled}, defrag=${env.transparent_hugepages.defrag}` : undefined],
    ['CPU', env.cpu ? `${env.cpu.model ?? 'unknown'} (${env.cpu.cores ?? '?'} cores)` : undefined],
    ['memory', env.memory ? `${env.memory.total_mib ?? '?'} MiB${env.memory.cgroup_limit_mib ? `, cgroup limit ${env.memory.cgroup_limit_mib} MiB` : ''}` : undefined],
    ['Node', env.node],
    ...Object.entries(env.runtimes ?? {}).map(([name, r]): [string, string] => [`runtime ${name}`, r.available ? (r.detail ?? '') : `unavailable: ${r.detail ?? ''}`]),
    ['allocator variables of the harness', env.allocator_env && Object.keys(env.allocator_env).length ? Object.entries(env.allocator_env).map(([k, v]) => `${k}=${v}`).join(' ') : 'none'],
    ['reclaim', env.git ? `${env.reclaim ?? '?'} at ${env.git.commit ?? 'no git'}${env.git.dirty ? ' (with uncommitted changes)' : ''}` : env.reclaim],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== null);
}
