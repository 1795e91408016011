import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownGlibc } from '../../src/libc/choice.js';
import { glibcLoader } from '../../src/libc/glibc-loader.js';
import { compareVersions, DEBIAN_RELEASES, RELEASE_NAMES } from '../../src/libc/releases.js';
import { cacheDir } from '../../src/paths.js';
import { which } from '../../src/runtimes/python-env/find-python.js';
import { num, readCsv, readJson, reclaim, tmp } from './helpers.js';

/**
 * The libc axis on real runners (scenarios/libc.yaml's machinery): a glibc newer than this machine's,
 * unpacked by `reclaim setup --libc` (make test runs it), started through its own loader; the C runner
 * built with musl. Each cell's cell.json says what the runner loaded, read from the process.
 */
const own = ownGlibc();
/** The newest glibc of the releases that is newer than this machine's, set up here. */
const newer = RELEASE_NAMES.filter((r) => own && compareVersions(DEBIAN_RELEASES[r].glibc, own) > 0).reverse()[0];
const newerReady = newer !== undefined && !('reason' in glibcLoader(DEBIAN_RELEASES[newer].glibc, newer));

interface CellJson {
  status: string;
  reason?: string;
  libc?: { name: string; version?: string; path?: string };
  runner?: Record<string, string>;
}

/** The one run directory of a run of one cell. */
const onlyCell = (out: string) => readdirSync(path.join(out, 'cells'))[0]!;

function scenario(dir: string, name: string, body: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\n${body}`);
  return file;
}

const STEPS = `steps:
  - mark: initial
  - load: { model: blocks-64mib, name: a }
  - mark: loaded
  - unload: a
  - mark: { label: released, settled: true }
`;

describe('the libc axis', () => {
  it.skipIf(!newerReady)(`a cell under another glibc (${newer ? `${newer}'s ${DEBIAN_RELEASES[newer].glibc}` : 'none newer here'}), through its loader: the process loaded that glibc`, async () => {
    const version = DEBIAN_RELEASES[newer!].glibc;
    const dir = tmp('libc');
    const out = path.join(dir, 'out');
    const file = scenario(dir, 'libc-tiny', `runtime: python\nmatrix:\n  strategy: [del-gc]\n  libc: [host, glibc-${version}]\n${STEPS.replace('blocks-64mib, name: a', 'tiny-bert, source: synthetic, name: a')}`);
    const r = await reclaim(['run', file, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const record = (libc: string) => readJson<CellJson>(path.join(out, 'cells', `libc-tiny.del-gc.libc-${libc}.r1`, 'cell.json'));
    const swapped = record(`glibc-${version}`);
    expect(swapped.status, swapped.reason).toBe('ok');
    // Read from the process: its mappings name the unpacked libc.so.6, whose banner says the version.
    expect(swapped.libc).toMatchObject({ name: 'glibc', version });
    expect(swapped.libc!.path).toMatch(new RegExp(`^<cache>/libc/glibc-${version.replace('.', '\\.')}/(usr/)?lib/x86_64-linux-gnu/libc\\.so\\.6$`));
    expect(record('host').libc).toMatchObject({ name: 'glibc', version: own });
    // The runner ran on it and measured: marks, and glibc's own account (mallinfo2 through ctypes) in them.
    const marks = readCsv(path.join(out, 'cells', `libc-tiny.del-gc.libc-glibc-${version}.r1`, 'marks.csv'));
    expect(marks).toHaveLength(3);
    expect(num(marks[1]!.malloc_heap)).toBeGreaterThan(0);
  });

  it.skipIf(!which('musl-gcc'))('a musl cell of the C runner: mallocng unmaps the 4 MiB tensors at free, so plain free() keeps none of the 64 MiB', async () => {
    const dir = tmp('libc-musl');
    const out = path.join(dir, 'out');
    const file = scenario(dir, 'libc-musl', `runtime: native\nmatrix:\n  strategy: [del-gc]\n  libc: [musl]\n${STEPS}`);
    const r = await reclaim(['run', file, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const cell = path.join(out, 'cells', onlyCell(out));
    const record = readJson<CellJson>(path.join(cell, 'cell.json'));
    expect(record.libc).toMatchObject({ name: 'musl', version: expect.stringMatching(/^1\.\d+\.\d+$/) });
    expect(record.runner!.libc).toMatch(/^musl 1\.\d+\.\d+$/);
    const [initial, loaded, released] = readCsv(path.join(cell, 'marks.csv'));
    // 16 tensors of 4 MiB, each a mapping of its own (mallocng maps blocks from ~128 KiB up), all written.
    expect(num(loaded!.anon) - num(initial!.anon)).toBeGreaterThanOrEqual(64);
    // ...and each unmapped at its free(): with no call at all, under 1 MiB stays.
    expect(num(released!.anon) - num(initial!.anon)).toBeLessThan(1);
    // No glibc figures: musl has no mallinfo.
    expect(released!.malloc_heap).toBe('');
  });

  it('validate refuses what a C library cannot do, at its place: malloc_trim and glibc variables on musl, a server or a process per model under another loader, an unknown value', async () => {
    const dir = tmp('libc-bad');
    const file = scenario(dir, 'bad', `runtime: native\nmatrix:\n  strategy: [del-gc, malloc-trim, trim-threshold-startup]\n  libc: [musl, glibc-9.99]\n${STEPS}`);
    const r = await reclaim(['validate', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:5:10: matrix\.libc\[0\]: libc musl: strategy malloc-trim calls malloc_trim, which musl's malloc \(mallocng\) has not/);
    expect(r.stderr).toMatch(/bad\.yaml:5:10: matrix\.libc\[0\]: libc musl: strategy trim-threshold-startup sets MALLOC_TRIM_THRESHOLD_, which only glibc reads/);
    expect(r.stderr).toMatch(/bad\.yaml:5:16: matrix\.libc\[1\]: libc "glibc-9\.99": no Debian release reclaim knows ships glibc 9\.99/);
    const serving = scenario(dir, 'serving', `runtime: serving\nmatrix:\n  strategy: [del-gc, process-per-model]\n  libc: [glibc-2.43, musl]\n${STEPS.replace('blocks-64mib, name: a', 'tiny-bert, source: synthetic, name: a')}`);
    const s = await reclaim(['validate', serving]);
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toMatch(/serving\.yaml:5:10: matrix\.libc\[0\]: libc glibc-2\.43: runtime serving starts processes of its own \(a server\) that would run on this machine's glibc/);
    expect(s.stderr).toMatch(/serving\.yaml:5:22: matrix\.libc\[1\]: libc musl: runtime serving runs on glibc; musl is for the runners built with it \(runtime: native\)/);
    const perModel = scenario(dir, 'per-model', `runtime: python\nmatrix:\n  strategy: [process-per-model]\n  libc: [glibc-2.43]\n${STEPS.replace('blocks-64mib, name: a', 'tiny-bert, source: synthetic, name: a')}`);
    const p = await reclaim(['validate', perModel]);
    expect(p.stderr).toMatch(/libc glibc-2\.43: isolation process-per-model \(strategy process-per-model\) starts processes that would not get it/);
    // A glibc older than this machine's: said, with the way that works.
    const older = RELEASE_NAMES.find((x) => own && compareVersions(DEBIAN_RELEASES[x].glibc, own) < 0);
    if (older) {
      const o = await reclaim(['validate', scenario(dir, 'older', `runtime: native\nmatrix:\n  strategy: [del-gc]\n  libc: [glibc-${DEBIAN_RELEASES[older].glibc}]\n${STEPS}`)]);
      expect(o.stderr).toMatch(new RegExp(`older than this machine's glibc ${own!.replace('.', '\\.')}.*libc: debian-${older}`));
    }
  });

  it.skipIf(!newerReady)('a runner that loads another C library than its cell asked for fails the cell, saying what it loaded', async () => {
    // A cache where "glibc 2.43" is really another glibc: what the process loaded decides, never the name.
    const version = DEBIAN_RELEASES[newer!].glibc;
    const other = RELEASE_NAMES.find((x) => DEBIAN_RELEASES[x].glibc !== version && !('reason' in glibcLoader(DEBIAN_RELEASES[x].glibc, x)));
    if (!other) return;
    const cache = tmp('libc-cache');
    mkdirSync(path.join(cache, 'libc'));
    symlinkSync(path.join(cacheDir(), 'libc', `glibc-${DEBIAN_RELEASES[other].glibc}`), path.join(cache, 'libc', `glibc-${version}`));
    const dir = tmp('libc-lie');
    const out = path.join(dir, 'out');
    const r = await reclaim(['run', scenario(dir, 'lie', `runtime: native\nmatrix:\n  strategy: [del-gc]\n  libc: [glibc-${version}]\n${STEPS}`), '--out', out], { RECLAIM_CACHE: cache });
    expect(r.exitCode).toBe(1);
    const record = readJson<CellJson>(path.join(out, 'cells', onlyCell(out), 'cell.json'));
    expect(record.status).toBe('failed');
    expect(record.reason).toMatch(new RegExp(`^libc glibc-${version.replace('.', '\\.')} was asked for, and the runner loaded glibc ${DEBIAN_RELEASES[other].glibc.replace('.', '\\.')} \\(\\S+libc\\.so\\.6\\)`));
  });

  it('reclaim list says which values run here', async () => {
    const r = await reclaim(['list']);
    expect(r.exitCode).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('C libraries (the libc axis)'));
    expect(section).toMatch(/^host\s+available\s+glibc \d+\.\d+, this machine's/m);
    expect(section).toMatch(/^debian-bullseye\s+(available|unavailable: .+)\s+image reclaim:cpu-bullseye/m);
    expect(section).toMatch(/^musl\s+(available|unavailable: no musl-gcc here)/m);
  });
});
