import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readElf } from '../../src/attach/elf.js';
import { parseMaps } from '../../src/attach/maps.js';
import { devString, resolveIn } from '../../src/attach/symbols.js';
import { cLibraryOf } from '../../src/samplers/c-library.js';

/** This process's own glibc, as its maps name it. */
const maps = parseMaps(readFileSync('/proc/self/maps', 'utf8'));
const libc = maps.find((m) => /\/libc\.so\.6$/.test(m.path))!.path;

describe('symbols from a process\'s own files (src/attach/)', () => {
  it('reads .dynsym as nm does: the default version of each function, indirect functions refused', () => {
    const fd = openSync(libc, 'r');
    try {
      const img = readElf(fd, ['malloc_trim', 'fopen', 'malloc_info', 'fclose', 'memcpy', 'no_such_function'], libc);
      const nm = execFileSync('nm', ['-D', '--defined-only', libc], { encoding: 'utf8' });
      for (const name of ['malloc_trim', 'fopen', 'malloc_info', 'fclose']) {
        const line = new RegExp(`^([0-9a-f]+) [TW] ${name}@@`, 'm').exec(nm);
        expect(img.functions.get(name), name).toBe(BigInt(`0x${line![1]}`));
      }
      expect(img.indirect.has('memcpy')).toBe(true); // an IFUNC: its address is its resolver's
      expect(img.functions.has('no_such_function')).toBe(false);
      expect(img.segments.length).toBeGreaterThan(1);
    } finally {
      closeSync(fd);
    }
  });

  it('maps an address back through the mappings of that very file (device and inode checked)', () => {
    const r = resolveIn(process.pid, maps, libc, ['malloc_trim']);
    expect(r.readFrom).toBe(`/proc/${process.pid}/root${libc}`);
    const at = r.addresses.get('malloc_trim')!;
    const holder = maps.find((m) => m.path === libc && at >= m.start && at < m.end)!;
    expect(holder.perms).toContain('x');
    const st = statSync(realpathSync(libc), { bigint: true });
    expect(devString(st.dev)).toBe(holder.dev);
  });

  it('refuses, in one line, a file that is not the one mapped and a function the library lacks', () => {
    const forged = maps.map((m) => (m.path === libc ? { ...m, inode: m.inode + 1 } : m));
    // map_files still opens the right file (as root); elsewhere the mismatch is refused.
    const r = (() => {
      try {
        return resolveIn(process.pid, forged, libc, ['malloc_trim']).readFrom;
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(r).toMatch(/map_files|could not be opened as that same file/);
    expect(() => resolveIn(process.pid, maps, libc, ['no_such_function'])).toThrow(/^no_such_function is not among its exported functions in .*; nothing was touched$/);
    expect(() => resolveIn(process.pid, maps, '/nowhere/libx.so', ['f'])).toThrow(/does not map \/nowhere\/libx\.so/);
  });

  it('where maps prints another device (an overlay\'s lower layer on older kernels), the same inode and the same mapped bytes decide', () => {
    const overlay = maps.map((m) => (m.path === libc ? { ...m, dev: '00:99' } : m));
    expect(resolveIn(process.pid, overlay, libc, ['malloc_trim']).readFrom).toBe(`/proc/${process.pid}/root${libc}`);
  });

  it('parses maps lines with offsets, devices, inodes and paths with spaces', () => {
    const [a, b] = parseMaps('7f0000000000-7f0000021000 r-xp 00028000 fe:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6\n55d000000000-55d000001000 rw-p 00000000 00:00 0          /tmp/a b (deleted)\n');
    expect(a).toMatchObject({ start: 0x7f0000000000n, end: 0x7f0000021000n, perms: 'r-xp', offset: 0x28000n, dev: 'fe:01', inode: 123 });
    expect(b!.path).toBe('/tmp/a b (deleted)');
    expect(devString((259n << 8n) | 3n)).toBe('103:03'); // major 259, minor 3 (nvme)
  });

  it('names this process\'s C library from its own bytes', () => {
    const c = cLibraryOf(process.pid, maps.map((m) => m.path));
    expect(c.name).toBe('glibc');
    expect(c.version).toMatch(/^2\.\d+$/);
  });
});
