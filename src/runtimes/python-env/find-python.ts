import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { probePython, type PythonProbe } from './probe.js';
import { venvComplete, venvDir, venvPython } from './venv.js';

export interface FoundPython {
  python: string;
  /** How it was chosen, for `reclaim list` and the manifest. */
  how: string;
  probe: PythonProbe;
}

/** Debian's python3-torch lives here; the `python3` first on PATH may be another interpreter. */
const SYSTEM_PYTHON = '/usr/bin/python3';

let memo: Promise<FoundPython | string> | undefined;

/**
 * The interpreter cells run with: $RECLAIM_PYTHON if set (and nothing else: the user chose it), else the
 * project virtualenv, else Debian's python3-torch, else a python3 on PATH that has torch. A string
 * explains what is missing and how to get it.
 */
export function findPython(): Promise<FoundPython | string> {
  memo ??= search();
  return memo;
}

export function forgetPython(): void {
  memo = undefined;
}

async function search(): Promise<FoundPython | string> {
  const chosen = process.env.RECLAIM_PYTHON;
  if (chosen) {
    const probe = await probePython(chosen);
    if (typeof probe === 'string') return `RECLAIM_PYTHON=${chosen}: ${probe}`;
    if (!probe.torch) return `RECLAIM_PYTHON=${chosen} cannot import torch (${probe.error}); install torch there or unset RECLAIM_PYTHON`;
    return { python: chosen, how: 'RECLAIM_PYTHON', probe };
  }
  const tried: string[] = [];
  const candidates: [string, string][] = [];
  if (venvComplete()) candidates.push([venvPython(), `project virtualenv ${venvDir()}`]);
  else tried.push(`no project virtualenv at ${venvDir()} (make setup builds it)`);
  candidates.push([SYSTEM_PYTHON, 'system python (Debian python3-torch)']);
  const onPath = which('python3');
  if (onPath && onPath !== SYSTEM_PYTHON) candidates.push([onPath, 'python3 on PATH']);
  for (const [python, how] of candidates) {
    const probe = await probePython(python);
    if (typeof probe === 'string') tried.push(probe);
    else if (!probe.torch) tried.push(`${python} has no torch`);
    else return { python, how, probe };
  }
  return `no Python with torch: ${tried.join('; ')}. Run \`make setup\`, or install Debian's python3-torch, or set RECLAIM_PYTHON to an interpreter that has torch`;
}

/** The first executable `cmd` on PATH. */
export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, cmd);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
