import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../paths.js';
import { LIBC_VALUES, ownGlibc, parseLibc, releaseImage } from './choice.js';
import { glibcLoader } from './glibc-loader.js';
import { compareVersions } from './releases.js';

/** Each value of the libc axis, and whether it can run here (and why not): `reclaim list`. */
export async function libcAvailability(): Promise<{ value: string; status: string; detail: string }[]> {
  const own = ownGlibc();
  const engine = (await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false })).exitCode === 0;
  const out: { value: string; status: string; detail: string }[] = [];
  for (const value of LIBC_VALUES) {
    const c = parseLibc(value);
    if (typeof c === 'string') continue;
    let why: string | undefined;
    let detail = '';
    if (c.kind === 'host') detail = own ? `glibc ${own}, this machine's` : "this machine's C library";
    if (c.kind === 'glibc') {
      detail = `${c.release}'s libc6 through its own loader`;
      if (!own) why = "this machine's C library is not glibc";
      else if (compareVersions(c.version, own) < 0) why = `older than this machine's glibc ${own}: libc: debian-${c.release}`;
      else {
        const g = glibcLoader(c.version, c.release);
        why = 'reason' in g ? g.reason : undefined;
        if (!('reason' in g)) detail += ` (${g.deb})`;
      }
    }
    if (c.kind === 'debian') {
      detail = `image ${releaseImage(c.release)}`;
      if (!engine) why = 'no Docker engine answers';
      else if ((await execa('docker', ['image', 'inspect', releaseImage(c.release)], { reject: false })).exitCode !== 0) why = `${releaseImage(c.release)} is not built: make docker-images-libc`;
    }
    if (c.kind === 'musl') {
      const built = path.join(PROJECT_ROOT, 'runners', 'native', 'build', 'reclaim-heap-musl');
      detail = 'runtime native, its runner linked statically with musl';
      why = existsSync(built) ? undefined : existsSync(`${built}.unavailable`) ? readFileSync(`${built}.unavailable`, 'utf8').trim() : 'the C runner is not built (make setup)';
    }
    out.push({ value, status: why ? `unavailable: ${why}` : 'available', detail });
  }
  return out;
}
