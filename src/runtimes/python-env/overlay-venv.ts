import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../../paths.js';
import { sha256 } from '../../sha256.js';
import type { FoundPython } from './find-python.js';

const COMPLETE = 'reclaim-complete.json';

/**
 * A virtualenv over the project's: its own pinned packages (a server, onnxruntime...), keyed by their
 * hash and the interpreter; torch and transformers come from the project's interpreter through a .pth
 * file (written before pip runs, so pip counts them as installed), not downloaded once more.
 */
export function overlayVenvDir(kind: string, name: string, requirements: readonly string[], python: FoundPython): string {
  return path.join(cacheDir(), kind, `${name}-${sha256(JSON.stringify([requirements, python.python, python.probe.python]), 12)}`);
}

export function overlayPython(dir: string): string {
  return path.join(dir, 'bin', 'python');
}

export function overlayReady(dir: string): boolean {
  return existsSync(path.join(dir, COMPLETE));
}

/** Builds it when missing (once; minutes for a large server); throws with pip's last lines when it cannot. */
export async function ensureOverlayVenv(dir: string, what: string, requirements: readonly string[], python: FoundPython, log: (line: string) => void): Promise<string> {
  if (overlayReady(dir)) return overlayPython(dir);
  log(`reclaim: building the ${what} virtualenv ${dir} (${requirements.join(' ')}; first time only)`);
  // Built where it stays (its scripts name their interpreter by path); it counts once the marker is written, last.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const venv = await execa(python.python, ['-m', 'venv', dir], { reject: false, all: true });
  if (venv.failed) throw new Error(`${python.python} -m venv failed: ${venv.all?.split('\n').pop()}`);
  const site = await execa(python.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { reject: false });
  const ownSite = await execa(overlayPython(dir), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { reject: false });
  if (site.failed || ownSite.failed) throw new Error('cannot find the site-packages of the interpreters');
  writeFileSync(path.join(ownSite.stdout.trim(), 'reclaim-project.pth'), `${site.stdout.trim()}\n`);
  const pip = await execa(overlayPython(dir), ['-m', 'pip', 'install', '--progress-bar', 'off', '-q', ...requirements], {
    reject: false,
    all: true,
    env: { PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  if (pip.failed) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pip install ${requirements.join(' ')} failed: ${(pip.all ?? '').trim().split('\n').slice(-3).join(' / ')}`);
  }
  writeFileSync(path.join(dir, COMPLETE), JSON.stringify({ requirements, python: python.python, at: new Date().toISOString() }, null, 2));
  return overlayPython(dir);
}
