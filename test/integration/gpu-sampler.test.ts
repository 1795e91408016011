import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellPlan } from '../../src/protocol/plan.js';
import { runCell } from '../../src/orchestrator/run-cell.js';
import { gpuInventory, NVIDIA_SMI, readGpu } from '../../src/samplers/nvidia/nvidia-smi.js';
import { tmp } from './helpers.js';

const BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));
const FAKE_RUNNER = fileURLToPath(new URL('../fixtures/runners/fake-runner.mjs', import.meta.url));

/** The GPU sampler against a fake nvidia-smi on PATH that prints captured output. */
describe('GPU sampler', () => {
  const savedPath = process.env.PATH;
  let pidFile: string;
  beforeAll(() => {
    process.env.PATH = `${BIN}${path.delimiter}${savedPath}`;
    pidFile = path.join(tmp('gpu'), 'pid');
    process.env.FAKE_GPU_PID_FILE = pidFile;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    delete process.env.FAKE_GPU_PID_FILE;
  });

  it("sums the memory of the process tree's pids only, and reads their GPU's usage", async () => {
    writeFileSync(pidFile, '4242');
    expect(await readGpu([4242])).toEqual({ vram_process: 2118, vram_device: 2127 });
    expect(await readGpu([4242, 4243])).toEqual({ vram_process: 2118 + 612, vram_device: 2127 });
    expect(await readGpu([777])).toEqual({ vram_process: 30000, vram_device: 30544 });
    // Not on the GPU (yet): nothing charged to it; the device figure is the first GPU's.
    expect(await readGpu([1])).toEqual({ vram_process: 0, vram_device: 2127 });
    expect(await gpuInventory()).toHaveLength(2);
  });

  it('a cell on the GPU gets vram_process and vram_device at every mark and in the samples', async () => {
    const plan: CellPlan = {
      protocol: 1, cell: 'gpu', runtime: 'fake', device: 'cuda', seed: 0, cacheDir: '/nonexistent', setenvInProcess: {}, options: {}, isolation: 'in-process', models: {},
      steps: [0, 1, 2].map((index) => ({ op: 'mark' as const, index, label: `m${index}`, cycle: null, settled: false })),
    };
    const r = await runCell({
      command: { file: process.execPath, args: [FAKE_RUNNER, 'gpu'], env: { PATH: process.env.PATH!, FAKE_GPU_PID_FILE: pidFile } },
      plan, timeoutMs: 20_000, sampleIntervalMs: 10, gpu: NVIDIA_SMI, gpuIntervalMs: 50,
    });
    expect(r.status, r.reason).toBe('ok');
    for (const m of r.marks) expect(m.reading).toMatchObject({ vram_process: 2118, vram_device: 2127 });
    expect(r.samples.some((s) => s.reading.vram_process === 2118)).toBe(true);
  });

  it('a runner in another pid namespace: vram_process is left empty, with a note saying why', async () => {
    writeFileSync(pidFile, '4242'); // nvidia-smi lists 4242, which is not the runner
    const plan: CellPlan = {
      protocol: 1, cell: 'gpu', runtime: 'fake', device: 'cuda', seed: 0, cacheDir: '/nonexistent', setenvInProcess: {}, options: {}, isolation: 'in-process', models: {},
      steps: [0, 1].map((index) => ({ op: 'mark' as const, index, label: `m${index}`, cycle: null, settled: false })),
    };
    const r = await runCell({
      command: { file: process.execPath, args: [FAKE_RUNNER, 'gpu-mismatch'], env: { PATH: process.env.PATH! } },
      plan, timeoutMs: 20_000, sampleIntervalMs: 10, gpu: NVIDIA_SMI, gpuIntervalMs: 50,
    });
    expect(r.status, r.reason).toBe('ok');
    expect(r.notes[0]).toMatch(/^nvidia-smi charges GPU memory to pid\(s\) 4242, 4243, 777 but to none of the runner's \(\d+\): the runner runs in another pid namespace \(in a container, start it with --pid=host\)/);
    for (const m of r.marks) expect(m.reading.vram_process).toBeUndefined();
    expect(r.marks[0]!.reading.vram_device).toBe(2127);
  });

  it('without nvidia-smi there is no GPU, and it says so', async () => {
    process.env.PATH = '/nonexistent';
    try {
      expect(await gpuInventory()).toBe('no NVIDIA driver here (nvidia-smi is missing or failed)');
    } finally {
      process.env.PATH = `${BIN}${path.delimiter}${savedPath}`;
    }
  });
});
