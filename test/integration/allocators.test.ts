import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, num, readCsv, reclaim, tmp } from './helpers.js';

/** The version of a Debian package, '' where there is none. */
const debianVersion = (pkg: string) => spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).stdout ?? '';

describe('preloaded allocators and their release settings, in the C runner (allocators-native.yaml)', () => {
  it('what each keeps of 64 MiB freed and left idle, and what its release call or setting returns', async () => {
    const out = tmp('allocators');
    const r = await reclaim(['run', path.join(FIXTURES, 'allocators-native.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(1); // one cell fails on purpose
    const rows = Object.fromEntries(readCsv(path.join(out, 'summary.csv')).map((row) => [row.variant!, row]));
    const retained = (v: string) => {
      expect(rows[v]!.status, `${v}: ${rows[v]!.reason}`).toBe('ok');
      return num(rows[v]!.retained_mib);
    };
    // glibc maps each 4 MiB block on its own: freeing unmaps it.
    expect(retained('del-gc')).toBeLessThan(2);
    // jemalloc keeps freed pages dirty for its decay (10 s, and only while it is called; how much it purged
    // while the frees ticked it depends on their timing); a purge returns what it kept: more than a 4 MiB block.
    expect(retained('jemalloc-purge')).toBeLessThan(2);
    expect(retained('jemalloc')).toBeGreaterThan(retained('jemalloc-purge') + 4);
    // tcmalloc keeps freed spans in its page heap; a release rate of 10 does not return them from an idle
    // process (it acts as later frees happen), ReleaseFreeMemory() does.
    expect(retained('tcmalloc')).toBeGreaterThan(60);
    expect(retained('tcmalloc-release')).toBeGreaterThan(60);
    expect(retained('tcmalloc-release-free-memory')).toBeLessThan(2);
    // mimalloc 2.0 (Debian's libmimalloc2.0; 2.1+ under the same soname purge otherwise) decommits after
    // a delay, but only when it is called again: an idle process keeps it.
    if (/^2\.0\./.test(debianVersion('libmimalloc2.0'))) expect(retained('mimalloc')).toBeGreaterThan(50);
    expect(retained('mimalloc-purge-now')).toBeLessThan(2);
    // A release call with no such allocator in the process fails its cell, rather than passing for a no-op.
    expect(rows['purge-without-jemalloc']!.status).toBe('failed');
    expect(rows['purge-without-jemalloc']!.reason).toContain('jemalloc is not loaded in this process (no mallctl)');
  });

  it('an allocator variable a reader would not accept is a validate error at its place', async () => {
    const dir = tmp('allocators-bad');
    const file = path.join(dir, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'name: bad\nruntime: python\nenv:\n  GLIBC_TUNABLES: "glibc.malloc.arena_max"\nsteps:\n  - mark: a\n');
    let r = await reclaim(['validate', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:4:\d+: .*GLIBC_TUNABLES="glibc\.malloc\.arena_max" is not glibc\.<namespace>\.<tunable>=<value>/);
    // A value an axis fills in is checked once filled in, naming the cell.
    writeFileSync(file, 'name: bad\nruntime: python\nmatrix:\n  arenas: ["0", "2"]\nenv:\n  MALLOC_ARENA_MAX: "${arenas}"\nsteps:\n  - mark: a\n');
    r = await reclaim(['validate', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:6:\d+: .*MALLOC_ARENA_MAX="0" is not a whole number of arenas from 1 to 9999.*arenas=0/);
  });
});
