import { execa } from 'execa';
import { RUNTIMES } from '../runtimes/registry.js';
import { LIBC_VALUES, loaderProblem, ownGlibc, parseLibc, releaseImage } from './choice.js';
import { glibcLoader } from './glibc-loader.js';

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
      why = loaderProblem(c.version, c.release);
      if (!why) {
        const g = glibcLoader(c.version, c.release);
        if ('reason' in g) why = g.reason;
        else detail += ` (${g.deb})`;
      }
    }
    if (c.kind === 'debian') {
      detail = `image ${releaseImage(c.release)}`;
      if (!engine) why = 'no Docker engine answers';
      else if ((await execa('docker', ['image', 'inspect', releaseImage(c.release)], { reject: false })).exitCode !== 0) why = `${releaseImage(c.release)} is not built: make docker-images-libc`;
    }
    if (c.kind === 'musl') {
      // The runtimes with a musl build of their runner say whether it is built here.
      const musl = RUNTIMES.filter((r) => r.libc?.musl);
      detail = `${musl.map((r) => `runtime ${r.name}`).join(', ')}, its runner linked statically with musl`;
      const missing = musl.map((r) => r.driver.libcUnavailable?.('musl', 'cpu')).filter((w): w is string => w !== undefined);
      why = missing.length === musl.length ? (missing[0] ?? 'no runtime has a musl build of its runner') : undefined;
    }
    out.push({ value, status: why ? `unavailable: ${why}` : 'available', detail });
  }
  return out;
}
