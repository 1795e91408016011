import { readFileSync } from 'node:fs';
import { AttachError } from './attach-error.js';

/** One line of /proc/PID/maps: the range, permissions, file offset, the file's device and inode, its path. */
export interface MapLine {
  start: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  /** major:minor in hex, as the kernel prints it. */
  dev: string;
  inode: number;
  path: string;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) (\d+)\s*(.*)$/;
/** A process with more mappings than this is refused rather than read whole (a torch server has ~3,000). */
const MAX_MAPS_BYTES = 64 * 1024 * 1024;

export function parseMaps(text: string): MapLine[] {
  const out: MapLine[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    out.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3]!, offset: BigInt(`0x${m[4]}`), dev: m[5]!, inode: Number(m[6]), path: m[7]!.trim() });
  }
  return out;
}

/** The mappings of process `pid` now. */
export function readMaps(pid: number): MapLine[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') throw new AttachError('no_process', `no process ${pid}`);
    if (code === 'EACCES' || code === 'EPERM') throw new AttachError('permission', `the memory map of process ${pid} is not readable for reclaim (another user's process: run reclaim as that user or as root)`);
    throw new AttachError('no_process', `reading /proc/${pid}/maps: ${(err as Error).message}`);
  }
  if (text.length > MAX_MAPS_BYTES) throw new AttachError('usage', `process ${pid} has more mappings than reclaim reads (${MAX_MAPS_BYTES / 1024 / 1024} MiB of /proc/PID/maps)`);
  return parseMaps(text);
}
