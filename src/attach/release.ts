import { allocatorOf, type AllocatorInUse } from '../inspect/allocator.js';
import { cLibraryOf } from '../samplers/c-library.js';
import { AttachError } from './attach-error.js';
import { asInt, callInto, type CallArg, type CallOptions } from './helper.js';
import { readMaps } from './maps.js';
import { resolveIn } from './symbols.js';
import { checkProgram } from './elf.js';

/** How each allocator the catalogue has gives its free memory back, called from outside. */
interface ReleaseCall {
  symbol: string;
  args: CallArg[];
  /** It holds at most one lock while it waits for another (glibc's malloc): it may be abandoned at a lock wait at once. */
  oneLockAtATime?: true;
  /** As a user would write it. */
  shown: string;
  /** What its return value says, or undefined for a function returning nothing. */
  answer?: (rax: bigint) => number;
}

// jemalloc: MALLCTL_ARENAS_ALL is 4096 ("arena.<i>.purge" for every arena at once).
const RELEASES: Record<'glibc' | 'jemalloc' | 'tcmalloc' | 'mimalloc', ReleaseCall> = {
  glibc: { symbol: 'malloc_trim', args: [{ int: 0 }], shown: 'malloc_trim(0)', answer: asInt, oneLockAtATime: true },
  jemalloc: { symbol: 'mallctl', args: [{ string: 'arena.4096.purge' }, { int: 0 }, { int: 0 }, { int: 0 }, { int: 0 }], shown: 'mallctl("arena.4096.purge", NULL, NULL, NULL, 0)', answer: asInt },
  tcmalloc: { symbol: 'MallocExtension_ReleaseFreeMemory', args: [], shown: 'MallocExtension_ReleaseFreeMemory()' },
  mimalloc: { symbol: 'mi_collect', args: [{ int: 1 }], shown: 'mi_collect(true)' },
};

export interface OutsideRelease {
  pid: number;
  allocator: AllocatorInUse['name'];
  /** The library called into, as the process maps it. */
  library: string;
  /** The call, as a user would write it. */
  call: string;
  /** Its return value (malloc_trim: 1 when it released memory; mallctl: 0 on success), undefined for void functions. */
  answer: number | undefined;
  /** How long the thread stood still, and how long the function itself ran. */
  pauseMs: number;
  callMs: number;
  /** The system call the thread was stopped in. */
  syscall: string;
}

/** The allocator process `pid` uses, refused in one line when it has no release reclaim can call. */
export function releasableAllocator(pid: number): { allocator: 'glibc' | 'jemalloc' | 'tcmalloc' | 'mimalloc'; library: string; maps: ReturnType<typeof readMaps> } {
  const maps = readMaps(pid);
  checkProgram(pid);
  const a = allocatorOf(pid, maps);
  if (a.name === 'musl') throw new AttachError('not_glibc', `not glibc: process ${pid} runs on musl${a.musl ? ` ${a.musl}` : ''} (${a.library}), whose malloc (mallocng) has no malloc_trim and returns freed memory by itself; nothing was touched`);
  if (a.name === 'unknown' || !a.library) throw new AttachError('not_glibc', `not glibc: process ${pid} maps no C library or allocator reclaim knows (a static program?); nothing was touched`);
  return { allocator: a.name, library: a.library, maps };
}

/**
 * The allocator's own release, called in process `pid` from outside: malloc_trim(0) for glibc, an arena
 * purge for jemalloc, ReleaseFreeMemory for tcmalloc, mi_collect(true) for mimalloc, whichever the
 * process has loaded (a preloaded allocator serves the process's malloc, so it is the one called).
 */
export async function releaseFromOutside(pid: number, options: CallOptions = {}): Promise<OutsideRelease> {
  const { allocator, library, maps } = releasableAllocator(pid);
  const how = RELEASES[allocator];
  const address = resolveIn(pid, maps, library, [how.symbol]).addresses.get(how.symbol)!;
  const out = await callInto(pid, [{ address, args: how.args }], { ...options, ...(how.oneLockAtATime ? { abandonAtLockWait: true } : {}) });
  const done = out.calls[0]!;
  return { pid, allocator, library, call: how.shown, answer: how.answer?.(done.result), pauseMs: out.pauseMs, callMs: done.ms, syscall: out.syscall };
}

/**
 * glibc's malloc_info(0, fp) written by process `pid` to `insideFile` (a path in its own root): fopen,
 * malloc_info, fclose in one stop. Returns malloc_info's answer and the pause; the caller reads the file.
 */
export async function mallocInfoFromOutside(pid: number, insideFile: string, options: CallOptions = {}): Promise<{ opened: boolean; answer: number | undefined; pauseMs: number }> {
  const maps = readMaps(pid);
  checkProgram(pid);
  const libc = cLibraryOf(pid, maps.map((m) => m.path));
  if (libc.name === 'musl') throw new AttachError('not_glibc', `not glibc: process ${pid} runs on musl${libc.version ? ` ${libc.version}` : ''} (${libc.path}), which has no malloc_info; nothing was touched`);
  if (libc.name !== 'glibc' || !libc.path) throw new AttachError('not_glibc', `not glibc: process ${pid} maps no glibc (a static program?); nothing was touched`);
  const fns = resolveIn(pid, maps, libc.path, ['fopen', 'malloc_info', 'fclose']).addresses;
  const out = await callInto(
    pid,
    [
      { address: fns.get('fopen')!, args: [{ string: insideFile }, { string: 'w' }] },
      { address: fns.get('malloc_info')!, args: [{ int: 0 }, { result: 0 }] },
      { address: fns.get('fclose')!, args: [{ result: 0 }], cleanup: true },
    ],
    { ...options, abandonAtLockWait: true },
  );
  const info = out.calls[1];
  return { opened: out.calls[0] !== undefined && out.calls[0].result !== 0n, answer: info ? asInt(info.result) : undefined, pauseMs: out.pauseMs };
}
