import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli-main.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The Markdown a reader follows: the front page, the contributors' guide and everything under docs/. */
function pages(): string[] {
  const out = ['README.md', 'DEVELOPERS.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(PROJECT_ROOT, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(PROJECT_ROOT, rel)).isDirectory()) walk(rel);
      else if (rel.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  return out;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('the documentation', () => {
  it('has no dead relative link (files and #anchors)', () => {
    const dead: string[] = [];
    for (const page of pages()) {
      const text = readFileSync(path.join(PROJECT_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
        if (!existsSync(path.join(PROJECT_ROOT, resolved))) dead.push(`${page}: ${target} (no ${resolved})`);
        else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) dead.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(dead).toEqual([]);
  });

  it('the README is a front page (at most about 200 lines)', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('the command line reference is reclaim --help (make findings writes it)', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'docs', 'reference', 'cli.md'), 'utf8');
    const block = /<!-- reclaim help -->\n```text\n([\s\S]*?)\n```\n<!-- \/reclaim help -->/.exec(text)?.[1];
    expect(block).toBe(HELP.trimEnd());
  });

  it('every command of reclaim --help has its place in the docs', () => {
    const commands = [...HELP.matchAll(/^ {2}reclaim ([a-z0-9]+)/gm)].map((m) => m[1]!);
    const docs = pages().map((p) => readFileSync(path.join(PROJECT_ROOT, p), 'utf8')).join('\n');
    expect(commands.filter((c) => !new RegExp(`reclaim ${c}\\b`).test(docs.replace(HELP, '')))).toEqual([]);
  });
});
