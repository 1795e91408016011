import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { AttachError } from '../attach/attach-error.js';
import { mallocInfoFromOutside, releaseFromOutside, type OutsideRelease } from '../attach/release.js';
import { InspectError } from './read-process.js';

/** glibc's own account of its heap, summed over its arenas (malloc_info's totals), in bytes. */
export interface GlibcAccount {
  arenas: number;
  /** Free chunks glibc holds (fastbins and the rest): what malloc_trim(0) can hand back, at most. */
  free: number;
  freeChunks: number;
  /** Memory its arenas have from the system now, and chunks mapped on their own (mmap). */
  system: number;
  mmapped: number;
  /** How long the process was stopped. */
  pauseMs: number;
}

const MAX_XML = 16 * 1024 * 1024;

/** malloc_info(0, fp)'s XML: the totals after the last <heap>, and the number of heaps. */
export function parseMallocInfo(xml: string): Omit<GlibcAccount, 'pauseMs'> {
  const tail = xml.slice(xml.lastIndexOf('</heap>') + 1);
  const attr = (tag: string, type: string, name: string) => Number(new RegExp(`<${tag} type="${type}"[^>]*\\b${name}="(\\d+)"`).exec(tail)?.[1] ?? NaN);
  const out = {
    arenas: (xml.match(/<heap nr=/g) ?? []).length,
    free: attr('total', 'fast', 'size') + attr('total', 'rest', 'size'),
    freeChunks: attr('total', 'fast', 'count') + attr('total', 'rest', 'count'),
    system: attr('system', 'current', 'size'),
    mmapped: attr('total', 'mmap', 'size'),
  };
  if (Object.values(out).some((v) => !Number.isFinite(v))) throw new InspectError(`malloc_info's answer is not glibc's XML as expected: ${JSON.stringify(xml.slice(0, 200))}`);
  return out;
}

/**
 * glibc's account of process `pid`, asked from outside (src/attach/): the process opens a file of its
 * own /tmp, malloc_info(0, fp) writes its XML there, the file is closed, all in one stop of one thread;
 * the file is read through /proc/PID/root and removed. (malloc_info needs no debug symbols and sums every
 * arena; mallinfo2 returns a struct.)
 */
export async function glibcAccount(pid: number, timeoutMs: number): Promise<GlibcAccount> {
  const inside = `/tmp/reclaim-malloc-info-${process.pid}-${randomBytes(6).toString('hex')}.xml`;
  const outside = `/proc/${pid}/root${inside}`;
  try {
    const call = await asInspectError(mallocInfoFromOutside(pid, inside, { timeoutMs }));
    if (!call.opened) throw new InspectError(`process ${pid} could not open ${inside} for malloc_info (its /tmp is not writable for it)`);
    if (call.answer !== 0) throw new InspectError(`malloc_info failed in process ${pid} (it answered ${call.answer})`);
    const xml = readFileSync(outside, 'utf8').slice(0, MAX_XML);
    return { ...parseMallocInfo(xml), pauseMs: call.pauseMs };
  } finally {
    rmSync(outside, { force: true });
  }
}

/** The allocator's release in process `pid`, from outside: what was called, its answer, the pause. */
export function trimProcess(pid: number, timeoutMs: number): Promise<OutsideRelease> {
  return asInspectError(releaseFromOutside(pid, { timeoutMs }));
}

/** A call that could not be made is said as the one line inspect prints. */
async function asInspectError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AttachError) throw new InspectError(err.message);
    throw err;
  }
}
