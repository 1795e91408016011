import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupMemoryFrom, readCgroupUsage } from '../../src/samplers/cgroup.js';

/** A cgroup file system in a temporary directory: { 'a/b/memory.max': '...' }. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'reclaim-cgroup-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('cgroup memory', () => {
  it('v2: the tightest limit on the way up, usage from memory.current', () => {
    const root = tree({ 'memory.max': 'max\n', 'box/memory.max': '4294967296\n', 'box/run/memory.max': 'max\n', 'box/run/memory.current': '123456\n' });
    const c = cgroupMemoryFrom([{ hierarchy: 0, controllers: [], path: '/box/run' }], root)!;
    expect(c).toEqual({ usageFile: path.join(root, 'box/run/memory.current'), limitBytes: 4294967296, version: 2 });
    expect(readCgroupUsage(c)).toBe(123456);
  });

  it('v2 without a limit is not recorded', () => {
    const root = tree({ 'box/memory.max': 'max\n', 'box/memory.current': '1\n' });
    expect(cgroupMemoryFrom([{ hierarchy: 0, controllers: [], path: '/box' }], root)).toBeNull();
  });

  it('v1: memory.limit_in_bytes; the unlimited value is no limit', () => {
    const root = tree({ 'memory/docker/x/memory.limit_in_bytes': '2147483648\n', 'memory/docker/x/memory.usage_in_bytes': '42\n' });
    const entries = [{ hierarchy: 4, controllers: ['memory'], path: '/docker/x' }];
    expect(cgroupMemoryFrom(entries, root)).toMatchObject({ limitBytes: 2147483648, version: 1 });
    const open = tree({ 'memory/memory.limit_in_bytes': '9223372036854771712\n', 'memory/memory.usage_in_bytes': '42\n' });
    expect(cgroupMemoryFrom(entries, open)).toBeNull();
  });

  it('inside a container the host path does not exist: the mount root is our cgroup', () => {
    const root = tree({ 'memory/memory.limit_in_bytes': '1073741824\n', 'memory/memory.usage_in_bytes': '7\n' });
    const c = cgroupMemoryFrom([{ hierarchy: 4, controllers: ['memory'], path: '/process_api/abc' }], root)!;
    expect(c.usageFile).toBe(path.join(root, 'memory/memory.usage_in_bytes'));
    expect(c.limitBytes).toBe(1073741824);
  });
});
