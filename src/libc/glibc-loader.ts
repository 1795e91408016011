import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir, PROJECT_ROOT } from '../paths.js';
import { glibcBannerVersion } from '../samplers/c-library.js';
import { DEBIAN_RELEASES, type DebianRelease } from './releases.js';

/** A glibc unpacked from its Debian package: its loader and the directory of its libraries. */
export interface GlibcLoader {
  version: string;
  release: DebianRelease;
  loader: string;
  libdir: string;
  /** The package it came from (libc6_2.41-12+deb13u5_amd64.deb). */
  deb: string;
}

/** Where a libc6 package keeps its libraries: /usr/lib since trixie's move to /usr, /lib before. */
const LIBS = [path.join('usr', 'lib', 'x86_64-linux-gnu'), path.join('lib', 'x86_64-linux-gnu')];
const root = (version: string) => path.join(cacheDir(), 'libc', `glibc-${version}`);
const libDirOf = (dir: string) => LIBS.map((l) => path.join(dir, l)).find((l) => existsSync(path.join(l, 'libc.so.6')));

/** glibc `version` as `reclaim setup` unpacked it, or why it is not there. */
export function glibcLoader(version: string, release: DebianRelease): GlibcLoader | { reason: string } {
  const dir = root(version);
  const ready = path.join(dir, 'reclaim-ready');
  const libdir = existsSync(ready) ? libDirOf(dir) : undefined;
  if (!libdir) return { reason: `glibc ${version} is not set up here: reclaim setup --libc fetches ${release}'s libc6 from Debian's archive` };
  return { version, release, loader: path.join(libdir, 'ld-linux-x86-64.so.2'), libdir, deb: readFileSync(ready, 'utf8').trim() };
}

/** The version glibc's own banner states, read from its libc.so.6. */
function bannerVersion(libc: string): string | undefined {
  try {
    return glibcBannerVersion(readFileSync(libc).toString('latin1'));
  } catch {
    return undefined;
  }
}

/**
 * Fetches `release`'s libc6 with apt's own tools (scripts/debian-archive.sh: an apt configuration of
 * reclaim's, the machine's untouched), unpacks it with dpkg-deb into the cache and checks that it is
 * the glibc asked for. Idempotent; throws with the reason.
 */
export async function fetchGlibc(release: DebianRelease, log: (line: string) => void): Promise<GlibcLoader> {
  const version = DEBIAN_RELEASES[release].glibc;
  const there = glibcLoader(version, release);
  if (!('reason' in there)) return there;
  if (process.arch !== 'x64') throw new Error(`glibc from Debian's x86-64 packages runs on x86-64 only (this is ${process.arch})`);
  const dir = root(version);
  mkdirSync(path.dirname(dir), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(dir), `.glibc-${version}-`));
  try {
    log(`reclaim: fetching ${release}'s libc6 (glibc ${version}) from Debian's archive`);
    const got = await execa(path.join(PROJECT_ROOT, 'scripts', 'debian-archive.sh'), [release, 'download', 'libc6', work], { reject: false });
    if (got.exitCode !== 0) throw new Error(`fetching ${release}'s libc6 failed: ${got.stderr.trim().split('\n').slice(-2).join(' / ')}`);
    const deb = got.stdout.trim().split('\n').pop()!;
    const unpacked = path.join(work, 'root');
    const x = await execa('dpkg-deb', ['-x', deb, unpacked], { reject: false });
    if (x.exitCode !== 0) throw new Error(`unpacking ${path.basename(deb)} failed: ${x.stderr.trim()}`);
    const libdir = libDirOf(unpacked);
    if (!libdir) throw new Error(`${path.basename(deb)} has no libc.so.6 in ${LIBS.join(' or ')}`);
    const found = bannerVersion(path.join(libdir, 'libc.so.6'));
    if (found !== version) throw new Error(`${release}'s libc6 (${path.basename(deb)}) is glibc ${found ?? '?'}, not ${version}: the archive moved on; src/libc/releases.ts says what each release ships`);
    if (!existsSync(path.join(libdir, 'ld-linux-x86-64.so.2'))) throw new Error(`${path.basename(deb)} has no ld-linux-x86-64.so.2 beside its libc.so.6`);
    writeFileSync(path.join(unpacked, 'reclaim-ready'), `${path.basename(deb)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
    log(`reclaim: glibc ${version} ready in ${dir} (${path.basename(deb)})`);
    return glibcLoader(version, release) as GlibcLoader;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
