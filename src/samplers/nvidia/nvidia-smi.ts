import { execa } from 'execa';
import { parseComputeApps, parseGpuMemory, type GpuMemory } from './parse.js';
import type { Reading } from '../../protocol/measurement.js';
import type { GpuObservation, GpuReader } from '../gpu-reader.js';

/**
 * GPU memory of a process tree, read from outside with nvidia-smi: `vram_process` sums what the
 * driver charges to any of the pids; `vram_device` is the memory used on the GPUs they use (the
 * first GPU when they use none yet). The nvidia-smi on PATH is used, so tests can stand in for it.
 */
export async function readGpu(pids: readonly number[]): Promise<Reading | null> {
  return (await observeGpu(pids))?.reading ?? null;
}


export async function observeGpu(pids: readonly number[]): Promise<GpuObservation | null> {
  const [apps, gpus] = await Promise.all([
    smi(['--query-compute-apps=gpu_uuid,pid,used_memory', '--format=csv,noheader,nounits']),
    smi(['--query-gpu=uuid,name,memory.used,memory.total', '--format=csv,noheader,nounits']),
  ]);
  if (apps === null || gpus === null) return null;
  const all = parseComputeApps(apps);
  const mine = all.filter((a) => pids.includes(a.pid));
  const devices = parseGpuMemory(gpus);
  const used = new Set(mine.map((a) => a.gpu));
  const onDevices = used.size ? devices.filter((d) => used.has(d.gpu)) : devices.slice(0, 1);
  const reading: Reading = {
    vram_process: mine.reduce((sum, a) => sum + a.used, 0),
    ...(onDevices.length ? { vram_device: onDevices.reduce((sum, d) => sum + d.used, 0) } : {}),
  };
  return { reading, matched: mine.length > 0, otherPids: all.filter((a) => !pids.includes(a.pid)).map((a) => a.pid) };
}

/** The GPUs nvidia-smi sees, or why there are none to use. */
export async function gpuInventory(): Promise<GpuMemory[] | string> {
  const out = await smi(['--query-gpu=uuid,name,memory.used,memory.total', '--format=csv,noheader,nounits']);
  if (out === null) return 'no NVIDIA driver here (nvidia-smi is missing or failed)';
  const gpus = parseGpuMemory(out);
  return gpus.length ? gpus : 'nvidia-smi lists no GPU';
}

async function smi(args: string[]): Promise<string | null> {
  const r = await execa('nvidia-smi', args, { reject: false, timeout: 10_000 });
  return r.exitCode === 0 ? r.stdout : null;
}

/** NVIDIA GPUs through the nvidia-smi on PATH (the CUDA device's reader). */
export const NVIDIA_SMI: GpuReader = { name: 'nvidia-smi', observe: observeGpu, inventory: gpuInventory };
