import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT, reclaim, tmp } from '../integration/helpers.js';
import { mutants } from './mutate.js';

const SEED = 20261125;
const CASES = 360;
const BATCH = 60;
const HEAP_MIB = 384;
const STACK_TRACE = /\n\s+at \S+ \(|internal error/;

interface Outcome {
  file: string;
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  heapMiB: number;
}

/** Validates files in one child process under a heap cap; a child that dies or hangs names its case. */
async function validateBatch(files: string[]): Promise<Outcome[]> {
  const child = execa(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, path.join(ROOT, 'test', 'fuzz', 'validate-batch.mjs'), ...files], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    reject: false,
    timeout: 60_000,
    buffer: { stdout: true, stderr: true },
  });
  let events = '';
  child.stdio[3]!.on('data', (c: Buffer) => (events += c.toString()));
  const r = await child;
  const lines = events.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Outcome & { start?: string });
  const outcomes = lines.filter((l) => l.start === undefined) as Outcome[];
  if (outcomes.length !== files.length) {
    const culprit = lines.filter((l) => l.start !== undefined).at(-1)?.start;
    throw new Error(`the batch ${r.timedOut ? 'hung' : `died (${r.signal ?? r.exitCode})`} on ${culprit}:\n${culprit ? readFileSync(culprit, 'utf8').slice(0, 2000) : ''}\n${String(r.stderr).slice(-2000)}`);
  }
  return outcomes;
}

/**
 * Issue 11's fuzz test: the shipped scenarios, mutated (seeded, the same cases every time), through
 * `reclaim validate`. Every case gets exit 0 or 1, no stack trace, a located message when refused,
 * an answer within seconds, under a heap cap.
 */
describe('fuzzed scenario files', () => {
  it(`${CASES} mutated scenarios: exit 0 or 1, no stack trace, a located refusal, bounded time and memory`, async () => {
    const dir = tmp('fuzz');
    const shipped = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(path.join(ROOT, 'scenarios', f), 'utf8'));
    const files = mutants(shipped, CASES, SEED).map((text, i) => {
      const file = path.join(dir, `case-${String(i).padStart(3, '0')}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const outcomes: Outcome[] = [];
    for (let i = 0; i < files.length; i += BATCH) outcomes.push(...(await validateBatch(files.slice(i, i + BATCH))));
    const bad = outcomes.filter((o) => {
      const located = new RegExp(`^${o.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?: `);
      return ![0, 1].includes(o.code) || STACK_TRACE.test(o.stderr) || (o.code === 1 && !located.test(o.stderr)) || o.ms > 10_000;
    });
    expect(bad.map((o) => ({ file: path.basename(o.file), code: o.code, ms: Math.round(o.ms), stderr: o.stderr.slice(0, 400) }))).toEqual([]);
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(outcomes.filter((o) => o.code === 0).length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o.code === 1).length).toBeGreaterThan(CASES / 2);
    expect(Math.max(...outcomes.map((o) => o.heapMiB))).toBeLessThan(HEAP_MIB);
  }, 300_000);

  it('the real command, on a few of them, exits as the batch said', async () => {
    const dir = tmp('fuzz-cli');
    const shipped = [readFileSync(path.join(ROOT, 'scenarios', 'article-cpu.yaml'), 'utf8')];
    for (const [i, text] of mutants(shipped, 6, SEED + 1).entries()) {
      const file = path.join(dir, `cli-${i}.yaml`);
      writeFileSync(file, text);
      const r = await reclaim(['validate', file]);
      expect([0, 1], r.all).toContain(r.exitCode);
      expect(r.all).not.toMatch(STACK_TRACE);
    }
  });
});
