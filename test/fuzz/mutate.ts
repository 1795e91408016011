import YAML from 'yaml';
import { seededRandom } from '../../src/random.js';

/** The project's seeded generator: every run of the fuzz test tries the same cases. */
export const rng = seededRandom;

/** Values a hostile or careless user puts where something else was expected. */
const HOSTILE: unknown[] = [
  -1, 0, 2.5, 1e9, 1e15, 1e308, -1e308, '', 'x'.repeat(2000), '${constructor}', '${toString}', '${nope}', '${iterations}', '${a}',
  'toString', 'constructor', 'valueOf', '__proto__', '../../../etc/passwd', '/etc/passwd', '<img src=x onerror=alert(1)>', 'A=B', 'a\u0000b',
  'line\nbreak', null, true, false, [], {}, [[[[[]]]]], { times: 1e9, steps: [{ mark: 'x' }] }, ['${a}'], 'hf:../../x', 'oldest', 'newest',
];

const HOSTILE_KEYS = ['constructor', 'toString', '__proto__', 'A=B', '', 'repeat', 'times', 'steps', 'matrix', 'strategy', 'extends', 'env'];

type Tree = unknown;
type Path = (string | number)[];

function paths(v: Tree, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function parentOf(root: Tree, p: Path): [Record<string | number, unknown>, string | number] | undefined {
  if (!p.length) return undefined;
  let v = root as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  return [v, p[p.length - 1]!];
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** One mutation of a scenario's parsed value: a value replaced, a key deleted or renamed, a list blown up... */
function mutateTree(root: Tree, r: () => number): void {
  const all = paths(root);
  const target = pick(r, all);
  const at = parentOf(root, target);
  const op = Math.floor(r() * 7);
  if (!at) return;
  const [parent, key] = at;
  if (op === 0) parent[key] = structuredClone(pick(r, HOSTILE));
  else if (op === 1 && !Array.isArray(parent)) delete parent[key];
  else if (op === 2 && !Array.isArray(parent)) {
    const value = parent[key];
    delete parent[key];
    Object.defineProperty(parent, pick(r, HOSTILE_KEYS), { value, enumerable: true, writable: true, configurable: true });
  } else if (op === 3 && Array.isArray(parent[key])) {
    const list = parent[key] as unknown[];
    if (list.length) parent[key] = Array.from({ length: 1 + Math.floor(r() * 200) }, () => structuredClone(pick(r, list)));
  } else if (op === 4) parent[key] = { repeat: { times: pick(r, [1e6, 1e5, '${iterations}', 10]), steps: [structuredClone(parent[key]) ?? { mark: 'x' }] } };
  else if (op === 5 && typeof parent[key] === 'number') parent[key] = (parent[key] as number) * pick(r, [1e6, -1, 0, 1e300]);
  else parent[key] = structuredClone(pick(r, HOSTILE));
}

/** A text-level mutation: broken YAML, aliases, nesting. */
function mutateText(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + pick(r, [':', '{', '}', '[', ']', '&a', '*a', '!', '|', '>', "'", '"', '\t', '\n  - ', '#', '%', '@', '${']) + text.slice(at);
    case 2:
      return `bomb: &a [x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nb3: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nb4: [*c, *c, *c, *c, *c, *c, *c, *c]\n${text}`;
    case 3:
      return text.replace(/steps:/, `steps: &s\n  - repeat: {times: 2, steps: *s}\n#`);
    case 4:
      return text.replace(/^steps:/m, `deep: ${'['.repeat(100 + Math.floor(r() * 3000))}${']'.repeat(100 + Math.floor(r() * 3000))}\nsteps:`);
    default: {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, ...Array.from({ length: 1 + Math.floor(r() * 5) }, () => lines[i]!));
      return lines.join('\n');
    }
  }
}

/** `count` mutated scenarios from the given texts, the same ones for the same seed. */
export function mutants(sources: readonly string[], count: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const source = pick(r, sources);
    if (r() < 0.3) {
      out.push(mutateText(source, r));
      continue;
    }
    const tree = YAML.parse(source) as Tree;
    for (let k = 0, times = 1 + Math.floor(r() * 3); k < times; k++) mutateTree(tree, r);
    let text = YAML.stringify(tree, { aliasDuplicateObjects: false, lineWidth: 0 });
    if (r() < 0.2) text = mutateText(text, r);
    out.push(text);
  }
  return out;
}
