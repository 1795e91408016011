import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../../paths.js';
import { sha256 } from '../../sha256.js';
import type { FoundPython } from '../python-env/find-python.js';
import type { Profile } from './profiles.js';

const COMPLETE = 'reclaim-complete.json';

/**
 * A profile's own virtualenv: its pinned server packages, keyed by their hash and the interpreter; torch
 * and transformers come from the project's interpreter through a .pth file (written before pip runs, so
 * pip counts them as installed), not downloaded once more per server.
 */
export function serverVenvDir(profile: Profile, python: FoundPython): string {
  return path.join(cacheDir(), 'servers', `${profile.name}-${sha256(JSON.stringify([profile.requirements, python.python, python.probe.python]), 12)}`);
}

export function serverPython(dir: string): string {
  return path.join(dir, 'bin', 'python');
}

export function serverVenvReady(dir: string): boolean {
  return existsSync(path.join(dir, COMPLETE));
}

/** Builds it when missing (once; minutes: ray is large); throws with pip's last lines when it cannot. */
export async function ensureServerVenv(profile: Profile, python: FoundPython, log: (line: string) => void): Promise<string> {
  const dir = serverVenvDir(profile, python);
  if (serverVenvReady(dir)) return serverPython(dir);
  log(`reclaim: building the ${profile.name} server's virtualenv ${dir} (${profile.requirements!.join(' ')}; first time only)`);
  // Built where it stays (its scripts name their interpreter by path); it counts once the marker is written, last.
  const tmp = dir;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const venv = await execa(python.python, ['-m', 'venv', tmp], { reject: false, all: true });
  if (venv.failed) throw new Error(`${python.python} -m venv failed: ${venv.all?.split('\n').pop()}`);
  const site = await execa(python.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { reject: false });
  const ownSite = await execa(serverPython(tmp), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { reject: false });
  if (site.failed || ownSite.failed) throw new Error('cannot find the site-packages of the interpreters');
  writeFileSync(path.join(ownSite.stdout.trim(), 'reclaim-project.pth'), `${site.stdout.trim()}\n`);
  const pip = await execa(serverPython(tmp), ['-m', 'pip', 'install', '--progress-bar', 'off', '-q', ...profile.requirements!], {
    reject: false,
    all: true,
    env: { PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  if (pip.failed) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`pip install ${profile.requirements!.join(' ')} failed: ${(pip.all ?? '').trim().split('\n').slice(-3).join(' / ')}`);
  }
  writeFileSync(path.join(tmp, COMPLETE), JSON.stringify({ requirements: profile.requirements, python: python.python, at: new Date().toISOString() }, null, 2));
  return serverPython(dir);
}
