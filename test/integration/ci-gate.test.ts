import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tmp } from './helpers.js';

const GATE = path.join(ROOT, 'scripts', 'ci-gate.sh');

/** The gate as a CI job runs it, with GitHub's job summary file. */
async function gate(args: string[], summary: string) {
  return execa(GATE, args, { reject: false, all: true, env: { GITHUB_STEP_SUMMARY: summary } });
}

describe('the CI gate (scripts/ci-gate.sh, which action.yml runs)', () => {
  it('passes a run whose expectations hold and that did not regress; fails (exit 3) on a regression against the baseline and on a FAIL verdict', async () => {
    const dir = tmp('gate');
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '');
    const base = path.join(dir, 'base');
    const good = await gate(['--scenario', path.join(FIXTURES, 'gate.yaml'), '--repeat', '5', '--out', base], summary);
    expect(good.exitCode, good.all).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/## reclaim: gate\.yaml[\s\S]*gate: 1 of 1 expectations hold/);

    // The same scenario again, against the first run as its baseline: no regression.
    const again = await gate(['--scenario', path.join(FIXTURES, 'gate.yaml'), '--repeat', '5', '--out', path.join(dir, 'again'), '--baseline', base], summary);
    expect(again.exitCode, again.all).toBe(0);

    // A leak of 32 MiB: its own expectation fails (exit 3 from the run), and so does the comparison.
    writeFileSync(summary, '');
    const leaky = path.join(dir, 'leaky');
    const bad = await gate(['--scenario', path.join(FIXTURES, 'gate-leaky.yaml'), '--repeat', '5', '--out', leaky, '--baseline', base], summary);
    expect(bad.exitCode, bad.all).toBe(3);
    const said = readFileSync(summary, 'utf8');
    expect(said).toMatch(/FAIL/);
    expect(said).toMatch(/REGRESSION \(worse\)/);

    // Judging two runs made already: the regression alone.
    writeFileSync(summary, '');
    const judged = await gate(['--results', leaky, '--baseline', base], summary);
    expect(judged.exitCode, judged.all).toBe(3);
    expect(readFileSync(summary, 'utf8')).toMatch(/1 regression\(s\) beyond 5%: del-gc retained\\_mib/);
    expect((await gate(['--results', path.join(dir, 'again'), '--baseline', base], summary)).exitCode).toBe(0);

    // No baseline yet (the first run on a branch): said, and not a failure.
    const first = await gate(['--results', base, '--baseline', path.join(dir, 'none')], summary);
    expect(first.exitCode).toBe(0);
    expect(first.all).toContain('no baseline at');
  });
});
