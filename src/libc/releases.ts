/**
 * The Debian releases the libc axis draws on, and what each ships (read from Debian's archive when this
 * was written; `reclaim setup` and every cell check what was really fetched and loaded): its glibc, the
 * Python its image runs (torch 2.5.1 has wheels for 3.9-3.13; forky's default 3.14 has none) and its musl.
 */
export const DEBIAN_RELEASES = {
  bullseye: { glibc: '2.31', python: 'python3.9', musl: '1.2.2' },
  bookworm: { glibc: '2.36', python: 'python3.11', musl: '1.2.3' },
  trixie: { glibc: '2.41', python: 'python3.13', musl: '1.2.5' },
  forky: { glibc: '2.43', python: 'python3.13', musl: '1.2.6' },
} as const;

export type DebianRelease = keyof typeof DEBIAN_RELEASES;
export const RELEASE_NAMES = Object.keys(DEBIAN_RELEASES) as DebianRelease[];

export const isRelease = (name: string): name is DebianRelease => Object.hasOwn(DEBIAN_RELEASES, name);

/** The release that ships a glibc version, if any of them does. */
export function releaseOfGlibc(version: string): DebianRelease | undefined {
  return RELEASE_NAMES.find((r) => DEBIAN_RELEASES[r].glibc === version);
}

/** -1, 0 or 1 as version a (2.31) is below, at or above b (2.36). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
