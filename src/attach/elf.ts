import { closeSync, openSync, readSync } from 'node:fs';
import { AttachError } from './attach-error.js';

/** A loadable segment: where its bytes sit in the file and in memory (relative to the load base). */
export interface LoadSegment {
  vaddr: bigint;
  offset: bigint;
  filesz: bigint;
}

/** What reclaim needs of a shared library or program: its loadable segments and some dynamic symbols. */
export interface ElfImage {
  segments: LoadSegment[];
  /** st_value of each asked-for function that the file defines and exports (the default version). */
  functions: Map<string, bigint>;
  /** Asked-for names defined only as GNU indirect functions (their address is a resolver's, not theirs). */
  indirect: Set<string>;
}

const SHT_DYNSYM = 11;
const SHT_GNU_VERSYM = 0x6fffffff;
const PT_LOAD = 1;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;
const VERSYM_HIDDEN = 0x8000;
/** No section reclaim reads is larger in any library it calls into (libc's .dynsym is ~70 KiB). */
const MAX_SECTION = 64 * 1024 * 1024;

/** Refuses a program that is not 64-bit x86-64 (its ELF header, through /proc/PID/exe) before anything else. */
export function checkProgram(pid: number): void {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/exe`, 'r');
    const h = Buffer.alloc(20);
    if (readSync(fd, h, 0, 20, 0) < 20 || h.readUInt32BE(0) !== 0x7f454c46) return;
    if (h[4] === 1) throw new AttachError('not_x86_64', `process ${pid} is a 32-bit program: reclaim calls only into 64-bit x86 processes; nothing was touched`);
    if (h.readUInt16LE(18) !== 62) throw new AttachError('not_x86_64', `process ${pid} is not an x86-64 program (ELF machine ${h.readUInt16LE(18)}); nothing was touched`);
  } catch (err) {
    if (err instanceof AttachError) throw err;
    // Unreadable (another user's): the helper says why.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readAt(fd: number, offset: bigint, length: bigint, what: string): Buffer {
  if (length < 0n || length > BigInt(MAX_SECTION)) throw new AttachError('no_symbol', `${what} is ${length} bytes, more than reclaim reads`);
  const buf = Buffer.alloc(Number(length));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, Number(offset) + got);
    if (n === 0) throw new AttachError('no_symbol', `${what} ends before its end (a truncated file)`);
    got += n;
  }
  return buf;
}

/**
 * The 64-bit little-endian x86-64 ELF file open on `fd`: its PT_LOAD segments and the functions of
 * `names` its .dynsym exports. Reads the headers and those two sections only, each bounded.
 */
export function readElf(fd: number, names: readonly string[], label: string): ElfImage {
  const eh = readAt(fd, 0n, 64n, `${label}'s ELF header`);
  if (eh.readUInt32BE(0) !== 0x7f454c46) throw new AttachError('no_symbol', `${label} is not an ELF file`);
  if (eh[4] !== 2 || eh[5] !== 1 || eh.readUInt16LE(18) !== 62) throw new AttachError('not_x86_64', `${label} is not a 64-bit x86-64 ELF file`);
  const phoff = eh.readBigUInt64LE(32);
  const shoff = eh.readBigUInt64LE(40);
  const phentsize = eh.readUInt16LE(54);
  const phnum = eh.readUInt16LE(56);
  const shentsize = eh.readUInt16LE(58);
  const shnum = eh.readUInt16LE(60);
  if (phentsize < 56 || shentsize < 64) throw new AttachError('no_symbol', `${label} has ELF headers of an unknown size`);

  const ph = readAt(fd, phoff, BigInt(phentsize * phnum), `${label}'s program headers`);
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    if (ph.readUInt32LE(o) !== PT_LOAD) continue;
    segments.push({ offset: ph.readBigUInt64LE(o + 8), vaddr: ph.readBigUInt64LE(o + 16), filesz: ph.readBigUInt64LE(o + 32) });
  }

  const sh = readAt(fd, shoff, BigInt(shentsize * shnum), `${label}'s section headers`);
  const section = (i: number) => ({ type: sh.readUInt32LE(i * shentsize + 4), offset: sh.readBigUInt64LE(i * shentsize + 24), size: sh.readBigUInt64LE(i * shentsize + 32), link: sh.readUInt32LE(i * shentsize + 40) });
  let dynsym: ReturnType<typeof section> | undefined;
  let versym: ReturnType<typeof section> | undefined;
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type === SHT_DYNSYM) dynsym = s;
    if (s.type === SHT_GNU_VERSYM) versym = s;
  }
  const functions = new Map<string, bigint>();
  const indirect = new Set<string>();
  if (!dynsym || dynsym.link >= shnum) return { segments, functions, indirect };
  const strtab = section(dynsym.link);
  const syms = readAt(fd, dynsym.offset, dynsym.size, `${label}'s .dynsym`);
  const strs = readAt(fd, strtab.offset, strtab.size, `${label}'s .dynstr`);
  const vers = versym ? readAt(fd, versym.offset, versym.size, `${label}'s .gnu.version`) : undefined;
  const wanted = new Set(names);
  const defaults = new Map<string, { type: number; value: bigint }>();
  const olderVersions = new Map<string, { type: number; value: bigint }>();
  for (let o = 0, i = 0; o + 24 <= syms.length; o += 24, i++) {
    const nameOff = syms.readUInt32LE(o);
    const shndx = syms.readUInt16LE(o + 6);
    if (shndx === 0 || nameOff >= strs.length) continue;
    const end = strs.indexOf(0, nameOff);
    const name = strs.toString('latin1', nameOff, end < 0 ? strs.length : end);
    if (!wanted.has(name)) continue;
    // Of several versions of a name, the default one (not hidden) is the one programs link to; an
    // older, hidden one only stands in when there is no default.
    const hidden = vers && 2 * i + 2 <= vers.length ? (vers.readUInt16LE(2 * i) & VERSYM_HIDDEN) !== 0 : false;
    const type = syms[o + 4]! & 0xf;
    if (type !== STT_FUNC && type !== STT_GNU_IFUNC) continue;
    (hidden ? olderVersions : defaults).set(name, { type, value: syms.readBigUInt64LE(o + 8) });
  }
  for (const [name, sym] of olderVersions) if (!defaults.has(name)) defaults.set(name, sym);
  for (const [name, sym] of defaults) {
    if (sym.type === STT_GNU_IFUNC) indirect.add(name);
    else functions.set(name, sym.value);
  }
  return { segments, functions, indirect };
}
