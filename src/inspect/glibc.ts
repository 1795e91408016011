import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { callValue, gdbCall, gdbComplaint } from '../attach/gdb.js';
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
 * glibc's account of process `pid`, asked through gdb: the process opens a file of its own /tmp,
 * malloc_info(0, fp) writes its XML there, the file is closed, read through /proc/PID/root and removed.
 * (mallinfo2 returns a struct that gdb cannot describe without glibc's debug symbols; malloc_info
 * needs none and sums every arena.) The process is stopped for the three calls, then detached.
 */
export async function glibcAccount(pid: number, timeoutMs: number): Promise<GlibcAccount> {
  const inside = `/tmp/reclaim-malloc-info-${process.pid}-${randomBytes(6).toString('hex')}.xml`;
  const outside = `/proc/${pid}/root${inside}`;
  try {
    const call = await gdbCall(pid, [`call (void*)fopen("${inside}", "w")`, 'call (int)malloc_info(0, $1)', 'call (int)fclose($1)'], timeoutMs);
    if (call.timedOut) throw new InspectError(`process ${pid} did not let gdb call malloc_info within ${timeoutMs / 1000} s; gdb detached and the process goes on`);
    const opened = callValue(call.output, 1);
    if (opened === undefined) throw new InspectError(attachProblem(pid, call.output));
    if (opened === 0) throw new InspectError(`process ${pid} could not open ${inside} for malloc_info (its /tmp is not writable for it)`);
    if (callValue(call.output, 2) !== 0) throw new InspectError(`malloc_info failed in process ${pid}: ${gdbComplaint(call.output) || call.output.slice(-200)}`);
    const xml = readFileSync(outside, 'utf8').slice(0, MAX_XML);
    return { ...parseMallocInfo(xml), pauseMs: call.ms };
  } finally {
    rmSync(outside, { force: true });
  }
}

/** malloc_trim(0) in process `pid` through gdb: its answer and how long the process was stopped. */
export async function trimProcess(pid: number, timeoutMs: number): Promise<{ result: number; pauseMs: number }> {
  const call = await gdbCall(pid, ['call (int)malloc_trim(0)'], timeoutMs);
  if (call.timedOut) throw new InspectError(`process ${pid} did not let gdb call malloc_trim within ${timeoutMs / 1000} s; gdb detached and the process goes on`);
  const result = callValue(call.output, 1);
  if (result === undefined) throw new InspectError(attachProblem(pid, call.output));
  return { result, pauseMs: call.ms };
}

/** Why gdb could not call into the process, with what to do. */
function attachProblem(pid: number, output: string): string {
  if (/ptrace: Operation not permitted|not permitted/i.test(output)) {
    let scope = '';
    try {
      scope = readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim();
    } catch {
      // no Yama
    }
    return `gdb may not attach to process ${pid} (ptrace refused${scope ? `, kernel.yama.ptrace_scope = ${scope}` : ''}): run as root or as its user with ptrace allowed (sysctl kernel.yama.ptrace_scope=0), or in a container add --cap-add SYS_PTRACE`;
  }
  if (/No symbol .*(malloc_trim|malloc_info|fopen)|No symbol table/i.test(output)) return `process ${pid} has no glibc malloc to call (a static or musl program?): ${gdbComplaint(output)}`;
  return `gdb could not call into process ${pid}: ${gdbComplaint(output) || output.trim().split('\n').slice(-2).join(' / ')}`;
}
