import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../integration/helpers.js';

/** Every source file reclaim runs (TypeScript, Python, C, shell), outside tests and built output. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (['node_modules', 'build', 'dist', '__pycache__'].includes(name)) return [];
    return statSync(path.join(ROOT, rel)).isDirectory() ? sources(rel) : /\.(ts|mjs|py|c|h|sh)$/.test(name) ? [rel] : [];
  });
}

describe('calls into a live process need no debugger (issue 26)', () => {
  it('nothing reclaim runs starts gdb, and make installs none', () => {
    const files = [...sources('src'), ...sources('runners'), ...sources('scripts'), ...sources('docker'), 'Makefile', '.ci/run'];
    const starts = files.filter((f) => /\b(execa|spawn|execFile|exec)\w*\(\s*['"`]gdb['"`]|\bgdb\s+-p\b|\bgdb\s+--batch|\bgdb\s+-batch/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(starts).toEqual([]);
    const make = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
    expect(make.split('\n').filter((l) => /^[A-Z_]+ :=.*\bgdb\b/.test(l))).toEqual([]);
  });
});
