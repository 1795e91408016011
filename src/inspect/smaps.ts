/** One mapping of /proc/PID/smaps: its range, permissions, path ('' for anonymous), and its kB fields in bytes. */
export interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  path: string;
  rss: number;
  anonymous: number;
  anonHuge: number;
  swap: number;
  privateBytes: number;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$/;
const FIELD = /^(\w+):\s+(\d+) kB$/;

/** Parses /proc/PID/smaps (the kernel's format: a header line per mapping, then its fields). */
export function parseSmaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  let cur: Mapping | undefined;
  for (const line of text.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      cur = { start: BigInt(`0x${h[1]}`), end: BigInt(`0x${h[2]}`), perms: h[3]!, path: h[4]!.trim(), rss: 0, anonymous: 0, anonHuge: 0, swap: 0, privateBytes: 0 };
      out.push(cur);
      continue;
    }
    const f = FIELD.exec(line);
    if (!f || !cur) continue;
    const bytes = Number(f[2]) * 1024;
    if (f[1] === 'Rss') cur.rss = bytes;
    else if (f[1] === 'Anonymous') cur.anonymous = bytes;
    else if (f[1] === 'AnonHugePages') cur.anonHuge = bytes;
    else if (f[1] === 'Swap') cur.swap = bytes;
    else if (f[1] === 'Private_Clean' || f[1] === 'Private_Dirty') cur.privateBytes += bytes;
  }
  return out;
}
