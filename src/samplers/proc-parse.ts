/** Pure parsers of /proc and cgroup files (unit-tested on captured fixtures). Sizes in bytes. */

export interface StatusFields {
  vmRss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  vmHwm: number;
}

/** /proc/PID/status: the kB fields reclaim records. Missing fields read as 0 (e.g. kernel threads). */
export function parseStatus(text: string): StatusFields {
  // One pass over the lines (the sampler parses this 100 times a second).
  const out: StatusFields = { vmRss: 0, rssAnon: 0, rssFile: 0, rssShmem: 0, vmHwm: 0 };
  for (const line of text.split('\n')) {
    const field = STATUS_FIELDS[line.slice(0, line.indexOf(':'))];
    if (field) out[field] = Number.parseInt(line.slice(line.indexOf(':') + 1), 10) * 1024 || 0;
  }
  return out;
}

const STATUS_FIELDS: Readonly<Record<string, keyof StatusFields>> = Object.assign(Object.create(null) as Record<string, keyof StatusFields>, {
  VmRSS: 'vmRss',
  RssAnon: 'rssAnon',
  RssFile: 'rssFile',
  RssShmem: 'rssShmem',
  VmHWM: 'vmHwm',
});

export interface StatmFields {
  resident: number;
  shared: number;
}

/** /proc/PID/statm: pages; `resident - shared` is psutil's `rss - shared`. */
export function parseStatm(text: string, pageSize: number): StatmFields {
  const fields = text.trim().split(/\s+/).map(Number);
  if (fields.length < 3 || fields.some((n) => !Number.isFinite(n))) throw new Error(`unexpected statm content: ${JSON.stringify(text)}`);
  return { resident: fields[1]! * pageSize, shared: fields[2]! * pageSize };
}

/** /proc/PID/smaps_rollup: Pss in bytes. */
export function parseSmapsRollupPss(text: string): number {
  const m = /^Pss:\s+(\d+)\s+kB/m.exec(text);
  if (!m) throw new Error('no Pss line in smaps_rollup');
  return Number(m[1]) * 1024;
}

/** /proc/PID/task/TID/children: space-separated pids. */
export function parseChildren(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

export interface CgroupEntry {
  hierarchy: number;
  controllers: string[];
  path: string;
}

/** /proc/PID/cgroup: "0::/path" (v2) or "4:memory:/path" (v1). */
export function parseProcCgroup(text: string): CgroupEntry[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [h, c, ...rest] = line.split(':');
      return { hierarchy: Number(h), controllers: c ? c.split(',') : [], path: rest.join(':') };
    });
}

/** A cgroup limit file: "max" (v2) or a byte count; v1 writes a huge page-aligned number when unlimited. */
export function parseCgroupLimit(text: string): number | null {
  const t = text.trim();
  if (t === 'max') return null;
  const n = Number(t);
  return Number.isFinite(n) && n < 2 ** 62 ? n : null;
}

/** /proc/vmstat's oom_kill counter (kernels >= 4.13), to tell an OOM kill from another SIGKILL. */
export function parseOomKills(vmstat: string): number | null {
  const m = /^oom_kill (\d+)$/m.exec(vmstat);
  return m ? Number(m[1]) : null;
}

/**
 * /proc/PID/stat: CPU time in clock ticks and minor page faults, of the process and of its children
 * that have ended and been reaped.
 */
export function parseStat(text: string): { ticks: number; childTicks: number; minorFaults: number; childMinorFaults: number } {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
  const f = text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/).map(Number);
  // After the name, state (field 3) is index 0: minflt (10) is index 7, cminflt 8, utime (14) 11, stime 12, cutime 13, cstime 14.
  const need = [f[7], f[8], f[11], f[12], f[13], f[14]];
  if (need.some((v) => v === undefined || !Number.isFinite(v))) throw new Error(`unexpected stat content: ${JSON.stringify(text.slice(0, 200))}`);
  return { ticks: f[11]! + f[12]!, childTicks: f[13]! + f[14]!, minorFaults: f[7]!, childMinorFaults: f[8]! };
}
