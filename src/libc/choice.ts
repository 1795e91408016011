import { compareVersions, DEBIAN_RELEASES, isRelease, RELEASE_NAMES, releaseOfGlibc, type DebianRelease } from './releases.js';

/**
 * What a cell's `libc` axis asks for: the machine's own C library (the default); another glibc, from the
 * Debian release that ships it, through that glibc's own loader (the same Python, torch, runner and
 * model: a difference is glibc's); a Debian release as users run it (its image, its Python); or musl
 * (the C runner, built statically with it).
 */
export type LibcChoice =
  | { kind: 'host' }
  | { kind: 'glibc'; version: string; release: DebianRelease }
  | { kind: 'debian'; release: DebianRelease }
  | { kind: 'musl' };

export const LIBC_AXIS = 'libc';

/** Every value the axis takes. */
export const LIBC_VALUES: readonly string[] = ['host', ...RELEASE_NAMES.map((r) => `glibc-${DEBIAN_RELEASES[r].glibc}`), ...RELEASE_NAMES.map((r) => `debian-${r}`), 'musl'];

/** A value of the axis, or what is wrong with it. */
export function parseLibc(value: unknown): LibcChoice | string {
  const v = String(value);
  if (v === 'host' || v === '') return { kind: 'host' };
  if (v === 'musl') return { kind: 'musl' };
  const glibc = /^glibc-(\d+\.\d+)$/.exec(v);
  if (glibc) {
    const release = releaseOfGlibc(glibc[1]!);
    if (release) return { kind: 'glibc', version: glibc[1]!, release };
    return `libc "${v}": no Debian release reclaim knows ships glibc ${glibc[1]} (${RELEASE_NAMES.map((r) => `${r} ${DEBIAN_RELEASES[r].glibc}`).join(', ')})`;
  }
  const debian = /^debian-(\w+)$/.exec(v);
  if (debian && isRelease(debian[1]!)) return { kind: 'debian', release: debian[1] };
  return `libc "${v}" is not a C library reclaim runs on; values: ${LIBC_VALUES.join(', ')}`;
}

/** A cell's choice, from its axes (the machine's own where it has no libc axis). */
export function libcOf(axes: Readonly<Record<string, unknown>>): LibcChoice {
  if (!Object.hasOwn(axes, LIBC_AXIS)) return { kind: 'host' };
  const c = parseLibc(axes[LIBC_AXIS]);
  return typeof c === 'string' ? { kind: 'host' } : c;
}

/** The glibc version of the process reclaim runs in (undefined on a C library other than glibc). */
export function ownGlibc(): string | undefined {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime;
}

/**
 * Why glibc `version` cannot run here through its loader, or undefined: programs built here need the
 * symbols of this machine's glibc, so only one no older than it can stand in (and only for a glibc).
 */
export function loaderProblem(version: string, release: DebianRelease): string | undefined {
  const own = ownGlibc();
  if (!own) return `this machine's C library is not glibc, so there is no glibc to swap; libc: debian-${release} runs its image`;
  if (compareVersions(version, own) < 0) return `older than this machine's glibc ${own}, which Python, torch and the runners here were built against (they need its newer symbols); run the release as users do instead: libc: debian-${release}`;
  return undefined;
}

/** The image a distribution cell runs in (bookworm's is reclaim:cpu, the --docker cpu image). */
export const releaseImage = (release: DebianRelease) => (release === 'bookworm' ? 'reclaim:cpu' : `reclaim:cpu-${release}`);
