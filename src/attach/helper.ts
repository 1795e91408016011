import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../paths.js';
import { AttachError, type AttachErrorKind } from './attach-error.js';

/** reclaim's own ptrace call helper (runners/native/attach/, built by runners/native/build.sh). */
export const HELPER = path.join(PROJECT_ROOT, 'runners', 'native', 'build', 'reclaim-attach');

/** The helper to run: $RECLAIM_ATTACH_HELPER names another copy (one given CAP_SYS_PTRACE with setcap, say). */
const helperPath = () => process.env.RECLAIM_ATTACH_HELPER || HELPER;

/** An argument of a call: an integer, a string written into the target for the call, or an earlier call's result. */
export type CallArg = { int: bigint | number } | { string: string } | { result: number };

export interface Call {
  address: bigint;
  args?: readonly CallArg[];
  /** Made even when a stop was asked for, after the calls before it (fclose after fopen). */
  cleanup?: boolean;
}

export interface CallOutcome {
  tid: number;
  /** The system call the thread was stopped in (the safe point), by name where the helper knows it. */
  syscall: string;
  /** Whether an endless epoll_wait ended by the stop was restarted. */
  restarted: boolean;
  /** How long the thread stood still: from the stop to the detach. */
  pauseMs: number;
  xstateBytes: number;
  /** Signals that arrived during the call and were delivered after it. */
  deferredSignals: number[];
  /** Each call's rax (as unsigned 64 bits) and time, or undefined when it was skipped (an earlier 0). */
  calls: ({ result: bigint; ms: number } | undefined)[];
}

export interface CallOptions {
  /** How long to wait for a thread at a safe point (ms). */
  waitMs?: number;
  /** How long the calls may run before they are abandoned at a lock wait (ms). */
  timeoutMs?: number;
  /** Call on this thread only. */
  tid?: number;
  /**
   * Past the timeout, abandon the calls at once where they wait for a futex lock: only for functions that
   * hold at most one lock while they wait (glibc's malloc functions); others get 30 s more first.
   */
  abandonAtLockWait?: boolean;
}

/** Why calls into processes cannot be made here, or undefined when the helper is built for this machine. */
export function helperUnavailable(): string | undefined {
  if (process.arch !== 'x64' || process.platform !== 'linux') return `calls into a live process are made on x86-64 Linux only (this is ${process.platform} ${process.arch}; docs/design.md says what other architectures need)`;
  const helper = helperPath();
  if (existsSync(helper)) return undefined;
  const why = `${helper}.unavailable`;
  return existsSync(why) ? readFileSync(why, 'utf8').trim() : `${helper} is not built (make setup builds it)`;
}

function argText(a: CallArg): string {
  if ('int' in a) return `i:${BigInt.asUintN(64, BigInt(a.int))}`;
  if ('string' in a) return `s:${a.string}`;
  return `r:${a.result}`;
}

/**
 * Makes `calls` one after the other on one thread of process `pid`, stopped at a safe point, and puts
 * the thread back as it was (runners/native/attach/attach_main.c). Throws an AttachError with the
 * helper's own line when nothing, or not all, was done; the process goes on in every case.
 */
export async function callInto(pid: number, calls: readonly Call[], options: CallOptions = {}): Promise<CallOutcome> {
  const unavailable = helperUnavailable();
  if (unavailable) throw new AttachError('unavailable', unavailable);
  const waitMs = options.waitMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const args = [String(pid), '--wait-ms', String(Math.round(waitMs)), '--timeout-ms', String(Math.round(timeoutMs))];
  if (options.tid !== undefined) args.push('--tid', String(options.tid));
  if (options.abandonAtLockWait) args.push('--abandon-at-lock-wait');
  for (const c of calls) {
    args.push('--call', `0x${c.address.toString(16)}`);
    for (const a of c.args ?? []) args.push('--arg', argText(a));
    if (c.cleanup) args.push('--cleanup');
  }
  // Past its own bounds the helper is asked to stop (SIGTERM), never killed: killed mid-call, the
  // function would return to address 0 in the target with no tracer to catch it.
  const grace = options.abandonAtLockWait ? 0 : 30_000;
  const r = await execa(helperPath(), args, { reject: false, timeout: waitMs + timeoutMs + grace + 10_000, killSignal: 'SIGTERM', forceKillAfterDelay: false, stripFinalNewline: true });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let out: Record<string, unknown>;
  try {
    out = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new AttachError('ptrace', `reclaim-attach answered no result (exit ${r.exitCode ?? r.signal}): ${(r.stderr || r.stdout).slice(-300)}`);
  }
  if (out.ok !== true) throw new AttachError((out.error as AttachErrorKind) ?? 'ptrace', String(out.message ?? 'reclaim-attach failed'));
  return {
    tid: Number(out.tid),
    syscall: String(out.syscall),
    restarted: out.restarted === true,
    pauseMs: Number(out.pause_ms),
    xstateBytes: Number(out.xstate_bytes),
    deferredSignals: (out.deferred_signals as number[]) ?? [],
    calls: (out.calls as ({ result: string; ms: number } | null)[]).map((c) => (c ? { result: BigInt(c.result), ms: c.ms } : undefined)),
  };
}

/** A C int return value (eax) of a call's rax. */
export const asInt = (rax: bigint): number => Number(BigInt.asIntN(32, rax));
