import { parse, positiveInt } from '../cli/args.js';
import { UserError } from '../errors.js';
import type { OutsideRelease } from '../attach/release.js';
import { glibcAccount, trimProcess, type GlibcAccount } from '../inspect/glibc.js';
import { InspectError, inspectProcess, readProcess, type Inspection } from '../inspect/read-process.js';
import { MIB } from '../protocol/measurement.js';
import { textTable } from '../tables/render.js';
import { helperUnavailable } from '../attach/helper.js';

export const INSPECT_HELP = `reclaim inspect <pid> [options]   where a running process's memory sits, read from outside
    --tree             sum its child processes too
    --json             print JSON (for tools) instead of tables
    --glibc            ask glibc (malloc_info, called in the process) how much of it is free chunks
    --trim             call its allocator's release in it (glibc: malloc_trim(0); jemalloc: an arena
                       purge; tcmalloc: ReleaseFreeMemory; mimalloc: mi_collect) and report resident
                       memory before and after
    --timeout S        seconds a call may take (default 30); past them it is abandoned at a lock wait
  Only --glibc and --trim touch the process: one thread, stopped while it waits in a system call, makes
  the calls and is put back exactly as it was (reclaim's own ptrace helper; no debugger needed). The other
  threads run on; the process is never killed.`;

const mib = (bytes: number) => (bytes / MIB).toFixed(1);

interface Trim {
  before: number;
  after: number;
  returned: number;
  release: OutsideRelease;
}

/** `reclaim inspect PID`: exit 0 with the answer; 1 with one line when the process cannot be inspected. */
export async function inspectCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('inspect', args, { tree: { type: 'boolean' }, json: { type: 'boolean' }, glibc: { type: 'boolean' }, trim: { type: 'boolean' }, timeout: { type: 'string' } });
  if (positionals.length !== 1) throw new UserError(`reclaim inspect: name one process id\n\n${INSPECT_HELP}`);
  const raw = positionals[0]!;
  if (!/^\d{1,7}$/.test(raw)) throw new UserError(`reclaim inspect: "${raw}" is not a process id (a whole number)`);
  const pid = Number(raw);
  const timeoutMs = (positiveInt('--timeout', values.timeout, 3600) ?? 30) * 1000;
  const cannot = values.glibc || values.trim ? helperUnavailable() : undefined;
  if (cannot) throw new UserError(`reclaim inspect: --glibc and --trim call into the process, which cannot be done here: ${cannot}`);
  try {
    const inspection = inspectProcess(pid, values.tree ?? false);
    let glibc: GlibcAccount | undefined;
    let trim: Trim | undefined;
    if (values.glibc) glibc = await glibcAccount(pid, timeoutMs);
    if (values.trim) {
      const before = readProcess(pid).rssAnon;
      const release = await trimProcess(pid, timeoutMs);
      const after = readProcess(pid).rssAnon;
      trim = { before, after, returned: before - after, release };
    }
    process.stdout.write(values.json ? `${JSON.stringify(toJson(inspection, glibc, trim), null, 2)}\n` : `${human(inspection, glibc, trim)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InspectError) throw new UserError(`reclaim inspect: ${err.message}`);
    throw err;
  }
}

function toJson(i: Inspection, glibc: GlibcAccount | undefined, trim: Trim | undefined) {
  return {
    pid: i.root,
    processes: i.processes.map((p) => ({ pid: p.pid, command: p.command, state: p.state, threads: p.threads, rss: p.rss, rss_anon: p.rssAnon, rss_file: p.rssFile, rss_shmem: p.rssShmem, swap: p.swap, allocator: p.allocator, allocator_env: p.allocatorEnv ?? null })),
    regions: i.regions.map((r) => ({ kind: r.kind, rss: r.rss, hugepages: r.hugepages, mappings: r.mappings, files: r.files })),
    cgroup: i.cgroup ? { usage: i.cgroup.usage ?? null, limit: Number.isFinite(i.cgroup.limit) ? i.cgroup.limit : null } : null,
    ...(glibc ? { glibc: { arenas: glibc.arenas, free: glibc.free, free_chunks: glibc.freeChunks, system: glibc.system, mmapped: glibc.mmapped, pause_ms: glibc.pauseMs } } : {}),
    ...(trim
      ? { trim: { rss_anon_before: trim.before, rss_anon_after: trim.after, returned: trim.returned, allocator: trim.release.allocator, library: trim.release.library, call: trim.release.call, answer: trim.release.answer ?? null, ...(trim.release.allocator === 'glibc' ? { malloc_trim: trim.release.answer } : {}), pause_ms: trim.release.pauseMs, call_ms: trim.release.callMs, stopped_in: trim.release.syscall } }
      : {}),
    units: 'bytes',
  };
}

function human(i: Inspection, glibc: GlibcAccount | undefined, trim: Trim | undefined): string {
  const root = i.processes[0]!;
  const sum = (f: (p: (typeof i.processes)[number]) => number) => i.processes.reduce((a, p) => a + f(p), 0);
  const who = i.processes.length > 1 ? `process ${root.pid} and ${i.processes.length - 1} descendant(s)` : `process ${root.pid}`;
  const lines = [
    `${who} (${root.command.slice(0, 100)}): ${mib(sum((p) => p.rss))} MiB resident (anonymous ${mib(sum((p) => p.rssAnon))}, file-backed ${mib(sum((p) => p.rssFile))}, shmem ${mib(sum((p) => p.rssShmem))}), swapped ${mib(sum((p) => p.swap))} MiB, ${sum((p) => p.threads)} threads`,
    `allocator: ${allocatorLine(root)}`,
  ];
  if (i.cgroup) lines.push(`cgroup: ${i.cgroup.usage === undefined ? '?' : mib(i.cgroup.usage)} MiB used${Number.isFinite(i.cgroup.limit) ? ` of a ${mib(i.cgroup.limit)} MiB limit` : ', no limit'}`);
  const rows = i.regions.filter((r) => r.mappings > 0).map((r) => [r.kind, mib(r.rss), mib(r.hugepages), String(r.mappings), r.files.slice(0, 2).map((f) => `${f.path.split('/').pop()} ${mib(f.rss)}`).join(', ')]);
  lines.push('', textTable({ header: ['where it sits', 'resident MiB', 'huge pages MiB', 'mappings', 'biggest files'], rows }));
  if (glibc) {
    const resident = root.rssAnon;
    lines.push(
      '',
      `glibc: ${mib(glibc.free)} MiB in ${glibc.freeChunks} free chunks inside its ${glibc.arenas} arena(s) (of ${mib(glibc.system)} MiB they hold, ${mib(resident)} MiB anonymous resident; ${mib(glibc.mmapped)} MiB more mapped chunk by chunk): malloc_trim(0) would return up to ${mib(Math.min(glibc.free, resident))} MiB. (Asking stopped one thread for ${glibc.pauseMs.toFixed(1)} ms.)`,
    );
  }
  if (trim) {
    const r = trim.release;
    lines.push('', `${r.allocator}: ${r.call} in ${r.library}: anonymous resident ${mib(trim.before)} -> ${mib(trim.after)} MiB (${mib(trim.returned)} MiB returned${r.answer === undefined ? '' : `; it answered ${r.answer}`}); one thread, stopped in ${r.syscall}, stood still ${r.pauseMs.toFixed(1)} ms (the call itself ${r.callMs.toFixed(1)} ms) and goes on.`);
  }
  return lines.join('\n');
}

function allocatorLine(p: ReturnType<typeof readProcess>): string {
  const a = p.allocator;
  const name =
    a.name === 'glibc'
      ? `glibc malloc${a.glibc ? ` ${a.glibc}` : ''}`
      : a.name === 'musl'
        ? `musl${a.musl ? ` ${a.musl}` : ''} (mallocng)`
        : a.name === 'unknown'
          ? 'no C library or known allocator mapped (a static program?)'
          : `${a.name} (preloaded: ${a.library})${a.glibc ? `, over glibc ${a.glibc}` : ''}`;
  const env = p.allocatorEnv === undefined ? 'its environment is not readable' : Object.keys(p.allocatorEnv).length ? `started with ${Object.entries(p.allocatorEnv).map(([k, v]) => `${k}=${v}`).join(' ')}` : 'no allocator variables in its environment';
  return `${name}; ${env}`;
}
