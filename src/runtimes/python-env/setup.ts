import { rmSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { UserError } from '../../errors.js';
import { which, findPython, forgetPython, type FoundPython } from './find-python.js';
import { probePython } from './probe.js';
import { REQUIREMENTS } from './files.js';
import { completeMarker, venvComplete, venvDir, venvPython } from './venv.js';

const BASE_PYTHONS = ['python3.12', 'python3.11', 'python3.10', 'python3.13', 'python3.9', 'python3'];

/**
 * Makes sure cells have a Python with torch: $RECLAIM_PYTHON if set; else the project virtualenv
 * (built from runners/python/requirements.txt the first time, reused after); else, where pip cannot
 * install it, Debian's python3-torch. Throws a UserError saying what failed and what to do.
 */
export async function setupPython(log: (line: string) => void): Promise<FoundPython> {
  if (process.env.RECLAIM_PYTHON) return report(await findPython(), log);
  if (!venvComplete()) {
    const built = await buildVenv(log);
    if (built !== true) {
      log(`reclaim: could not build the project virtualenv: ${built}`);
      await installDebianTorch(log, built);
    }
    forgetPython();
  }
  return report(await findPython(), log);
}

function report(found: FoundPython | string, log: (line: string) => void): FoundPython {
  if (typeof found === 'string') throw new UserError(found);
  const p = found.probe;
  log(`reclaim: Python ${p.python} with torch ${p.torch}${p.transformers ? ` and transformers ${p.transformers}` : ' (no transformers: pretrained loads fall back to synthetic)'}: ${found.python} (${found.how})`);
  return found;
}

/** true, or why not. Streams pip's output: the first install downloads a few GB (torch brings CUDA libraries). */
async function buildVenv(log: (line: string) => void): Promise<true | string> {
  const base = await findBasePython();
  if (!base) return `no Python 3.9-3.13 with the venv module on PATH (tried ${BASE_PYTHONS.join(', ')})`;
  const dir = venvDir();
  log(`reclaim: building the Python virtualenv ${dir} with ${base} from ${REQUIREMENTS} (first time only)`);
  rmSync(dir, { recursive: true, force: true }); // a half-built one from an interrupted install
  const venv = await execa(base, ['-m', 'venv', dir], { reject: false, stdout: 2, stderr: 'inherit' });
  if (venv.failed) return `${base} -m venv failed (install python3-venv)`;
  const pip = await execa(venvPython(dir), ['-m', 'pip', 'install', '--progress-bar', 'off', '-r', REQUIREMENTS], {
    reject: false,
    stdout: 2,
    stderr: 2,
    env: { PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  if (pip.failed) {
    rmSync(dir, { recursive: true, force: true });
    return `pip install -r ${REQUIREMENTS} failed (${pip.shortMessage})`;
  }
  const probe = await probePython(venvPython(dir));
  if (typeof probe === 'string' || !probe.torch) return `the new virtualenv cannot import torch: ${typeof probe === 'string' ? probe : probe.error}`;
  writeFileSync(completeMarker(dir), JSON.stringify({ base, requirements: REQUIREMENTS, probe, at: new Date().toISOString() }, null, 2));
  return true;
}

async function findBasePython(): Promise<string | undefined> {
  for (const name of BASE_PYTHONS) {
    const file = which(name);
    if (!file) continue;
    const r = await execa(file, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { reject: false });
    const [major, minor] = r.stdout.trim().split('.').map(Number);
    if (r.exitCode === 0 && major === 3 && minor !== undefined && minor >= 9 && minor <= 13) return file;
  }
  return undefined;
}

/** The light fallback where pip cannot reach an index: Debian's torch 1.13 (CPU). Needs root and apt. */
async function installDebianTorch(log: (line: string) => void, why: string): Promise<void> {
  const probe = await probePython('/usr/bin/python3');
  if (typeof probe !== 'string' && probe.torch) return;
  if (process.getuid?.() !== 0 || !which('apt-get')) {
    throw new UserError(
      `no Python with torch: ${why}; and Debian's python3-torch is not installed (as root: apt-get install python3-torch), or set RECLAIM_PYTHON to an interpreter that has torch`,
    );
  }
  log('reclaim: falling back to Debian python3-torch (apt-get install python3-torch)');
  const apt = await execa('apt-get', ['install', '-y', '--no-install-recommends', 'python3-torch'], {
    reject: false,
    stdout: 2,
    stderr: 2,
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (apt.failed) throw new UserError(`no Python with torch: ${why}; apt-get install python3-torch failed too. Set RECLAIM_PYTHON to an interpreter that has torch`);
}
