import { readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { errorMessage } from '../errors.js';
import { helperUnavailable } from './helper.js';
import { releaseFromOutside } from './release.js';

let probed: Promise<string | undefined> | undefined;

/** Whether process `pid` is `sleep` in its sleep (exec'd, linked, started: nanosleep or clock_nanosleep). */
function sleepIsIn(pid: number): boolean {
  try {
    return /\/sleep$/.test(readlinkSync(`/proc/${pid}/exe`)) && /^(35|230) /.test(readFileSync(`/proc/${pid}/syscall`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Whether reclaim can call into a process here, found by doing it: a throwaway `sleep` (started by
 * reclaim, not by the helper, so that it stands to the helper as a server does) gets malloc_trim(0) from
 * outside and must still be asleep afterwards. Undefined when it worked; why not, otherwise. Once per process.
 */
export function attachUnavailable(): Promise<string | undefined> {
  probed ??= probe();
  return probed;
}

async function probe(): Promise<string | undefined> {
  const missing = helperUnavailable();
  if (missing) return missing;
  const sleeper = execa('sleep', ['30'], { reject: false, stdio: 'ignore' });
  try {
    const pid = sleeper.pid;
    if (!pid) return 'could not start a process to probe calls into (sleep)';
    // The pid exists before sleep does (fork, then exec): wait until its own program and C library are in.
    for (let i = 0; i < 300 && !sleepIsIn(pid); i++) await delay(10);
    // Until sleep is in its nanosleep there is no safe point: the helper waits for one.
    await releaseFromOutside(pid, { waitMs: 3000, timeoutMs: 5000 });
    if (sleeper.exitCode !== null || sleeper.signalCode !== null) return 'a probe process did not survive a call from outside';
    return undefined;
  } catch (err) {
    return `a call into a probe process failed: ${errorMessage(err)}`;
  } finally {
    sleeper.kill('SIGKILL');
    await sleeper;
  }
}
