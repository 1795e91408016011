import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readCsv, readJson, ROOT, tmp } from './helpers.js';

describe('Ctrl-C during a run', () => {
  it('stops the runner, keeps the finished cells, writes no partial one, and says how to resume', async () => {
    const out = tmp('interrupt');
    const run = execa(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'run', path.join(FIXTURES, 'slow.yaml'), '--out', out], { reject: false, all: true });
    // Wait until the first cell has finished and the second (a 60 s sleep) is under way.
    await new Promise<void>((resolve) => {
      let seen = '';
      run.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('[1/2] slow del-gc (pause=0) r1 ok')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 1500));
    run.kill('SIGINT');
    const r = await run;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain(`--out ${out} --resume`);
    expect(readdirSync(path.join(out, 'cells'))).toEqual(['slow.del-gc.pause-0.r1']);
    expect(readCsv(path.join(out, 'summary.csv')).map((x) => x.status)).toEqual(['ok']);
    expect(readJson<{ status: string }>(path.join(out, 'manifest.json')).status).toBe('interrupted');
    expect(existsSync(path.join(out, 'cells', 'slow.del-gc.pause-60.r1'))).toBe(false);
  });
});
