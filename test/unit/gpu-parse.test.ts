import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseComputeApps, parseGpuMemory } from '../../src/samplers/nvidia/parse.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/nvidia-smi/${name}`, import.meta.url), 'utf8');

describe('nvidia-smi query parsers', () => {
  it('compute apps: GPU, pid, MiB', () => {
    expect(parseComputeApps(fixture('compute-apps.csv'))).toEqual([
      { gpu: 'GPU-1df7bbaf-8a7e-ae27-2978-029431a25b4b', pid: 4242, used: 2118 },
      { gpu: 'GPU-1df7bbaf-8a7e-ae27-2978-029431a25b4b', pid: 4243, used: 612 },
      { gpu: 'GPU-0a1b2c3d-1111-2222-3333-444455556666', pid: 777, used: 30000 },
    ]);
  });
  it('drops rows without per-process figures and the "no processes" line', () => {
    expect(parseComputeApps('GPU-1, 12, [N/A]\nNo running processes found\n')).toEqual([]);
    expect(parseComputeApps('')).toEqual([]);
  });
  it('GPUs: uuid, name, used and total MiB', () => {
    expect(parseGpuMemory(fixture('gpus.csv'))[0]).toEqual({ gpu: 'GPU-1df7bbaf-8a7e-ae27-2978-029431a25b4b', name: 'NVIDIA H100 80GB HBM3', used: 2127, total: 81559 });
  });
});
