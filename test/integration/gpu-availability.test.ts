import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv, reclaim, ROOT, tmp } from './helpers.js';

const FAKE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
/** PATH without any real nvidia-smi, so the test means the same on a GPU machine. */
const pathWithoutGpu = (process.env.PATH ?? '').split(path.delimiter).filter((d) => !existsSync(path.join(d, 'nvidia-smi'))).join(path.delimiter);

async function gpuCells(env: Record<string, string>) {
  const out = tmp('gpu-skip');
  const r = await reclaim(['run', path.join(ROOT, 'scenarios', 'article-gpu.yaml'), '--iterations', '1', '--only', 'del-gc,empty-cache', '--out', out], env);
  expect(r.exitCode, r.all).toBe(0); // skipped cells are not failures
  return readCsv(path.join(out, 'summary.csv'));
}

describe('GPU cells where there is no usable GPU', () => {
  it('article-gpu.yaml validates: 16 cells of 602 marks', async () => {
    const r = await reclaim(['validate', 'scenarios/article-gpu.yaml']);
    expect(r.stdout).toContain('ok: scenarios/article-gpu.yaml: scenario article-gpu, 16 cell(s), 602 marks per cell');
  });

  it('no NVIDIA driver: every cell skipped, saying so', async () => {
    const rows = await gpuCells({ PATH: pathWithoutGpu });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.status).toBe('skipped');
      expect(row.reason).toBe('runtime python on cuda is not available here: no NVIDIA driver here (nvidia-smi is missing or failed)');
    }
  });

  it('a driver but a torch that cannot use it: skipped with what torch says', async () => {
    const rows = await gpuCells({ PATH: `${FAKE_BIN}${path.delimiter}${pathWithoutGpu}` });
    for (const row of rows) {
      expect(row.status).toBe('skipped');
      expect(row.reason).toMatch(/^runtime python on cuda is not available here: torch \S+ (\(CUDA [\d.]+\) sees no CUDA device although nvidia-smi lists 2|at .* is a CPU-only build)/);
    }
  });
});
