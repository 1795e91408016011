import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * The layers of docs/design.md, bottom to top: a file may import its own layer and those below, never
 * one above, and no file may take part in an import cycle. Paths are matched by their first prefix here.
 */
const LAYERS: [number, string[]][] = [
  [0, ['src/protocol/', 'src/stats/', 'src/tables/', 'src/errors.ts', 'src/paths.ts', 'src/sha256.ts', 'src/package-dir.ts', 'src/limits.ts', 'src/random.ts', 'src/bounded-read.ts']],
  [1, ['src/store/']],
  [2, ['src/metrics/', 'src/samplers/', 'src/runtimes/', 'src/models/', 'src/strategies/', 'src/env/', 'src/attach/', 'src/inspect/', 'src/libc/']],
  [3, ['src/scenario/']],
  [4, ['src/orchestrator/', 'src/docker/']],
  [5, ['src/analysis/', 'src/figures/', 'src/verdicts/']],
  [6, ['report/', 'src/compare/', 'src/fleet/', 'src/advise/']],
  [7, ['src/commands/', 'src/cli/']],
  [8, ['src/cli.ts', 'src/cli-main.ts', 'cli.ts', 'bench/']],
];
const NAMES = ['protocol', 'store', 'samplers/metrics/runtimes', 'scenario', 'orchestrator', 'analysis', 'report/compare/fleet', 'commands', 'CLI'];

function layerOf(file: string): number {
  for (const [layer, prefixes] of LAYERS) if (prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p))) return layer;
  throw new Error(`${file} is in no layer: add its folder to LAYERS (and to docs/design.md)`);
}

function sources(): string[] {
  const out: string[] = ['cli.ts'];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(PROJECT_ROOT, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(PROJECT_ROOT, rel)).isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) out.push(rel);
    }
  };
  for (const d of ['src', 'report', 'bench']) walk(d);
  return out;
}

/** Every relative import of a file (static, type-only, re-exports, dynamic), resolved to a file. */
function importsOf(file: string): { target: string; line: number }[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const out: { target: string; line: number }[] = [];
  const re = /(?:^\s*(?:import|export)\b[^'"]*?\bfrom\s*|\bimport\s*\(\s*)['"](\.[^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1]!.replace(/\.js$/, '.ts');
    out.push({ target: path.normalize(path.join(path.dirname(file), spec)), line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

describe('layers (docs/design.md)', () => {
  const files = sources();
  const edges = new Map(files.map((f) => [f, importsOf(f).filter((i) => files.includes(i.target))]));

  it('every import points to its own layer or one below', () => {
    const upward = files.flatMap((f) =>
      edges.get(f)!.filter((i) => layerOf(i.target) > layerOf(f)).map((i) => `${f}:${i.line} (${NAMES[layerOf(f)]}) imports ${i.target} (${NAMES[layerOf(i.target)]})`),
    );
    expect(upward).toEqual([]);
  });

  it('no import cycle', () => {
    // Tarjan's strongly connected components: any of more than one file is a cycle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      on.add(v);
      for (const { target: w } of edges.get(v)!) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const c: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          c.push(w);
        } while (w !== v);
        if (c.length > 1) cycles.push(c.sort());
      }
    };
    for (const f of files) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('the store imports nothing above the protocol', () => {
    const store = files.filter((f) => f.startsWith('src/store/'));
    expect(store.flatMap((f) => edges.get(f)!.filter((i) => layerOf(i.target) > 0 && !i.target.startsWith('src/store/')).map((i) => `${f} -> ${i.target}`))).toEqual([]);
  });
});
