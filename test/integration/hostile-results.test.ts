import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeResultsFixture } from '../fixtures/results-fixture.js';
import { reclaim, tmp } from './helpers.js';

const SECRET = 'OUTSIDE-SECRET-7f3a';
const STACK_TRACE = /\n\s+at \S+ \(|internal error/;
const CPU = 'fixture-cpu.del-gc.source-synthetic.r1';
const CPU2 = 'fixture-cpu.del-gc.source-synthetic.r2';
const GPU = 'fixture-gpu.empty-cache.r1';
const TRAIN = 'fixture-train.train.checkpointing-off.r1';

/** Every file and link under `dir` with what it holds: compared before and after a report. */
function snapshot(dir: string, skip?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (skip && full === skip) continue;
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out[full] = `link ${readlinkSync(full)}`;
      else if (st.isDirectory()) walk(full);
      else if (st.isFile()) out[full] = createHash('sha256').update(readFileSync(full)).digest('hex');
      else out[full] = 'special';
    }
  };
  walk(dir);
  return out;
}

function reportFiles(dir: string): string {
  return readdirSync(path.join(dir, 'report'))
    .filter((f) => /\.(html|md|csv|svg)$/.test(f))
    .map((f) => readFileSync(path.join(dir, 'report', f), 'utf8'))
    .join('\n');
}

/**
 * Damaged and hostile results directories (shared ones are untrusted): `reclaim report` names what it
 * cannot use, leaves it out, writes the rest, never crashes, and neither reads nor writes outside the
 * directory it was given (the whole sandbox is compared before and after).
 */
describe('reclaim report on damaged and hostile results directories', () => {
  let sandbox: string;
  let outside: string;
  beforeAll(() => {
    sandbox = tmp('hostile-results');
    outside = path.join(sandbox, 'outside');
    mkdirSync(path.join(outside, 'cells', 'evil'), { recursive: true });
    writeFileSync(path.join(outside, 'marks.csv'), `index,label,cycle,settled,t_ms,private\n0,${SECRET},,false,1,999\n`);
    writeFileSync(path.join(outside, 'manifest.json'), JSON.stringify({ status: SECRET }));
    writeFileSync(path.join(outside, 'cells', 'evil', 'cell.json'), readFileSync(path.join(writeResultsFixture(path.join(sandbox, 'donor')), 'cells', CPU, 'cell.json'), 'utf8').replaceAll('del-gc', SECRET));
  });

  async function reportOf(name: string, damage: (dir: string) => void) {
    const dir = writeResultsFixture(path.join(sandbox, name));
    damage(dir);
    const before = snapshot(sandbox, path.join(dir, 'report'));
    const r = await reclaim(['report', dir]);
    expect(r.all).not.toMatch(STACK_TRACE);
    expect(snapshot(sandbox, path.join(dir, 'report')), 'nothing outside <dir>/report changed').toEqual(before);
    return { dir, r };
  }

  it('broken files are named, left out, and the rest is reported', async () => {
    const { dir, r } = await reportOf('broken', (d) => {
      writeFileSync(path.join(d, 'manifest.json'), '{}');
      const cell = path.join(d, 'cells', CPU, 'cell.json');
      writeFileSync(cell, readFileSync(cell, 'utf8').slice(0, 200)); // truncated
      writeFileSync(path.join(d, 'cells', CPU2, 'marks.csv'), 'index,label,cycle,settled,t_ms,private\n0,a,,false,1,300\n1,b\n2,c,,true,3,301,9,9\n');
      const gpu = path.join(d, 'cells', GPU, 'cell.json');
      const { axes: _a, ...noAxes } = JSON.parse(readFileSync(gpu, 'utf8')) as Record<string, unknown>;
      writeFileSync(gpu, JSON.stringify(noAxes));
      const train = path.join(d, 'cells', TRAIN);
      rmSync(path.join(train, 'samples.csv'));
      execFileSync('mkfifo', [path.join(train, 'samples.csv')]); // would block a plain read
      writeFileSync(path.join(train, 'marks.csv'), '');
      truncateSync(path.join(train, 'marks.csv'), 65 * 1024 * 1024); // over the cap
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${path.join(dir, 'manifest.json')}: status: `);
    expect(r.all).toContain(`${path.join(dir, 'cells', CPU, 'cell.json')}: not JSON`);
    expect(r.all).toContain(`${path.join(dir, 'cells', CPU2, 'marks.csv')}: 2 row(s) with the wrong number of fields; left out`);
    expect(r.all).toContain(`${path.join(dir, 'cells', GPU, 'cell.json')}: axes: `);
    expect(r.all).toContain(`${path.join(dir, 'cells', TRAIN, 'samples.csv')}: is not a regular file; not read`);
    expect(r.all).toMatch(new RegExp(`${path.join(dir, 'cells', TRAIN, 'marks.csv').replace(/[.]/g, '\\.')}: holds 68157440 bytes`));
    const html = readFileSync(path.join(dir, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<h2>Left out</h2>');
    expect(readFileSync(path.join(dir, 'report', 'summary.md'), 'utf8')).toContain('**Left out (the results directory is damaged):**');
    // What could be read is there.
    expect(readFileSync(path.join(dir, 'report', 'summary.csv'), 'utf8')).toContain(CPU2);
  });

  it('manifests that are [], null or lack their matrix', async () => {
    for (const [name, text] of [['array', '[]'], ['null', 'null'], ['no-matrix', JSON.stringify({ status: 'complete', startedAt: 'x', command: [] })]] as const) {
      const { dir, r } = await reportOf(`manifest-${name}`, (d) => writeFileSync(path.join(d, 'manifest.json'), text));
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all).toContain(`${path.join(dir, 'manifest.json')}: `);
      expect(readFileSync(path.join(dir, 'report', 'summary.csv'), 'utf8')).toContain(CPU2);
    }
  });

  it('names from data never become paths: ids, scenarios and links leading outside', async () => {
    const { dir, r } = await reportOf('paths', (d) => {
      // A record naming a run outside its own directory.
      const cell = path.join(d, 'cells', CPU, 'cell.json');
      writeFileSync(cell, readFileSync(cell, 'utf8').replace(`"cell": "${CPU}"`, '"cell": "../../outside"'));
      // A scenario name that would put chart files outside.
      const gpu = path.join(d, 'cells', GPU, 'cell.json');
      writeFileSync(gpu, readFileSync(gpu, 'utf8').replaceAll('"scenario": "fixture-gpu"', `"scenario": "../../../outside/evil"`));
      // Symbolic links out of the directory: a whole cell, one marks.csv, the report directory.
      symlinkSync(path.join(outside, 'cells', 'evil'), path.join(d, 'cells', 'evil.r1'));
      rmSync(path.join(d, 'cells', CPU2, 'marks.csv'));
      symlinkSync(path.join(outside, 'marks.csv'), path.join(d, 'cells', CPU2, 'marks.csv'));
      symlinkSync(outside, path.join(d, 'report'));
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${path.join(dir, 'cells', CPU, 'cell.json')}: names run "../../outside" but sits in cells/${CPU}`);
    expect(r.all).toContain(`${path.join(dir, 'cells', 'evil.r1', 'cell.json')}: leads outside the results directory`);
    expect(r.all).toContain(`${path.join(dir, 'cells', CPU2, 'marks.csv')}: leads outside the results directory`);
    expect(lstatSync(path.join(dir, 'report')).isDirectory()).toBe(true); // the link was replaced, its target untouched
    const written = readdirSync(path.join(dir, 'report'));
    expect(written.filter((f) => f.endsWith('.svg')).every((f) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(f))).toBe(true);
    expect(written.filter((f) => f.includes('outside_evil')).sort()).toEqual(
      ['marks', 'residual', 'timeseries', 'vram'].flatMap((c) => [`__.._.._outside_evil-${c}.png`, `__.._.._outside_evil-${c}.svg`]),
    );
    expect(reportFiles(dir)).not.toContain(SECRET);
  });

  it('merge: damaged and hostile sources are refused or left out, nothing outside --out is written or read', async () => {
    const a = writeResultsFixture(path.join(sandbox, 'merge-a'));
    const b = writeResultsFixture(path.join(sandbox, 'merge-b'));
    // A run whose matrix cell would lead out of the merged directory, a cell that is a link outside,
    // a samples.csv that is a link outside.
    const cell = path.join(b, 'cells', CPU, 'cell.json');
    writeFileSync(cell, readFileSync(cell, 'utf8').replace(/"matrixCell": "[^"]*"/, '"matrixCell": "../../outside/x"'));
    symlinkSync(path.join(outside, 'cells', 'evil'), path.join(b, 'cells', 'evil.r1'));
    rmSync(path.join(b, 'cells', TRAIN, 'samples.csv'));
    symlinkSync(path.join(outside, 'marks.csv'), path.join(b, 'cells', TRAIN, 'samples.csv'));
    const out = path.join(sandbox, 'merge-out');
    const before = snapshot(sandbox);
    const r = await reclaim(['merge', a, b, '--out', out, '--partial']);
    expect(r.all).not.toMatch(STACK_TRACE);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${path.join(b, 'cells', 'evil.r1', 'cell.json')}: leads outside the results directory`);
    expect(r.all).toContain(`${path.join(b, 'cells', TRAIN, 'samples.csv')}: is a symbolic link; not copied`);
    expect(r.all).toMatch(/would be named "\.\.\/\.\.\/outside\/x\.r\d+", not a plain name; left out/);
    const after = snapshot(sandbox);
    for (const [file, hash] of Object.entries(before)) expect(after[file], file).toBe(hash); // the sources are untouched
    expect(Object.keys(after).filter((f) => !Object.hasOwn(before, f)).every((f) => f.startsWith(out + path.sep))).toBe(true);
    for (const f of Object.keys(after).filter((f) => f.startsWith(out + path.sep) && !after[f]!.startsWith('link'))) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);

    // A manifest that cannot be read, or one that claims an absurd matrix: refused, nothing written.
    for (const [name, text, message] of [
      ['not-json', '{', /manifest\.json is not JSON/],
      ['huge', JSON.stringify({ scenarios: [{ file: 'f', name: 'n', sha256: 'x', text: '', raw: null }], matrix: [{ cell: 'c', scenario: 'n', variant: 'v', axes: {}, runtime: 'python', device: 'cpu', repeats: 1e9, marks: 1 }], overrides: {} }), /more than a run may have/],
    ] as const) {
      const d = writeResultsFixture(path.join(sandbox, `merge-${name}`));
      writeFileSync(path.join(d, 'manifest.json'), text);
      const o = path.join(sandbox, `merge-out-${name}`);
      const m = await reclaim(['merge', a, d, '--out', o]);
      expect(m.exitCode, m.all).toBe(1);
      expect(m.all).not.toMatch(STACK_TRACE);
      expect(m.stderr).toMatch(message);
      expect(lstatSync(o, { throwIfNoEntry: false })).toBeUndefined();
    }
  });

  it('a manifest that is a link to a file outside is not read', async () => {
    const { dir, r } = await reportOf('manifest-link', (d) => {
      rmSync(path.join(d, 'manifest.json'));
      symlinkSync(path.join(outside, 'manifest.json'), path.join(d, 'manifest.json'));
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${path.join(dir, 'manifest.json')}: leads outside the results directory`);
    expect(reportFiles(dir)).not.toContain(SECRET);
  });

  it('strings from the manifest and the cells are escaped in summary.md, as Markdown renders HTML', async () => {
    const { dir, r } = await reportOf('markdown', (d) => {
      const m = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(d, 'manifest.json'), JSON.stringify({ ...m, startedAt: '<script>alert(1)</script>', command: ['run', '`x` <img src=x onerror=alert(2)> [a](javascript:alert(3))'] }));
    });
    expect(r.exitCode, r.all).toBe(0);
    const md = readFileSync(path.join(dir, 'report', 'summary.md'), 'utf8');
    // Outside code spans, HTML is shown as text and Markdown's own characters are escaped...
    expect(md.replace(/``[^`]*`[^`]*`[^`]*``/g, '')).not.toMatch(/<script>|<img |(?<!\\)\]\(javascript/);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // ...and a code span, which Markdown shows literally, holds the command whatever backticks it has.
    expect(md).toContain('``reclaim run `x` <img src=x onerror=alert(2)> [a](javascript:alert(3))``');
  });
});
