import YAML, { isMap, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

export type DocPath = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/** Maps a path in the parsed document back to a line and column of the YAML text. */
export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The position of the value at `path`; with `key`, of that key inside the mapping at `path`
   * (for unknown keys). Falls back to the nearest existing ancestor (for missing keys).
   */
  position(path: DocPath, key?: string): Position {
    let node: unknown = this.doc.contents;
    let best = node;
    for (const part of path) {
      node = child(node, part);
      if (node === undefined) break;
      best = node;
    }
    if (key !== undefined && node !== undefined && isMap(node)) {
      const pair = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === key);
      if (pair && YAML.isNode(pair.key)) best = pair.key;
    }
    const offset = (best as YamlNode | null)?.range?.[0] ?? 0;
    return this.at(offset);
  }

  at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}

function child(node: unknown, part: string | number): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => (YAML.isScalar(p.key) ? p.key.value : p.key) === part);
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && typeof part === 'number') return node.items[part];
  return undefined;
}

/** steps[1].load.model; a key that is not a plain name is quoted: env["A=B"]. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) out += `[${JSON.stringify(p)}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}
