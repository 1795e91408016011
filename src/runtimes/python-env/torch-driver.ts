import { execa } from 'execa';
import type { CellPlan } from '../../protocol/plan.js';
import { DEVICES, type Device } from '../devices.js';
import type { Availability, RuntimeDriver } from '../runtime.js';
import { RUNNER } from './files.js';
import { findPython, forgetPython } from './find-python.js';
import { forgetProbes } from './probe.js';
import { forgetPrepared, preparedMarker } from './prepared.js';
import { setupPython } from './setup.js';

/**
 * The driver parts every runtime on the Python runner's PyTorch code shares: whether its interpreter
 * (with torch, on the device) is there, what `auto` loads, the pretrained checkpoints it prepares, its
 * set-up and environment. python/driver.ts and serving/driver.ts add how their process starts.
 */
export const TORCH_DRIVER: Omit<RuntimeDriver, 'command'> = {
  async availability(device: Device): Promise<Availability> {
    const found = await findPython();
    if (typeof found === 'string') return { available: false, reason: found };
    const p = found.probe;
    if (DEVICES[device].gpu) {
      const gpus = await DEVICES[device].gpu!.inventory();
      if (typeof gpus === 'string') return { available: false, reason: gpus };
      if (!p.cuda) return { available: false, reason: `torch ${p.torch} at ${found.python} is a CPU-only build; install a CUDA build of torch (or set RECLAIM_PYTHON)` };
      if (!p.cuda_devices) {
        const visible = process.env.CUDA_VISIBLE_DEVICES;
        return { available: false, reason: `torch ${p.torch} (CUDA ${p.cuda}) sees no CUDA device although nvidia-smi lists ${gpus.length}${visible !== undefined ? ` (CUDA_VISIBLE_DEVICES=${JSON.stringify(visible)})` : ''}; the driver may be older than CUDA ${p.cuda} needs` };
      }
    }
    const versions: Record<string, string> = { python: p.python, torch: p.torch ?? '' };
    if (p.transformers) versions.transformers = p.transformers;
    const notes = p.transformers ? [] : ['transformers is not installed: source auto loads synthetic modules, pretrained is unavailable'];
    const gpu = DEVICES[device].gpu ? `, CUDA ${p.cuda}, ${p.cuda_devices} device(s)` : '';
    return { available: true, detail: `${found.python} (${found.how}): Python ${p.python}, torch ${p.torch}${gpu}${p.transformers ? `, transformers ${p.transformers}` : ''}`, versions, notes };
  },

  async resolveSource(source: string): Promise<string> {
    if (source !== 'auto') return source;
    const found = await findPython();
    return typeof found !== 'string' && found.probe.transformers ? 'pretrained' : 'synthetic';
  },

  async prepare(plan: CellPlan, log: (line: string) => void): Promise<void> {
    if (!plan.steps.some((s) => s.op === 'load' && s.source === 'pretrained')) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    // Checking that the checkpoints exist takes a Python that imports transformers: seconds. What it
    // answered is remembered (keyed by the interpreter, transformers and the models) while the files exist.
    const marker = preparedMarker(found, plan);
    if (marker.done()) return;
    const r = await execa(found.python, [RUNNER, '--prepare'], { input: JSON.stringify(plan), reject: false, env: TORCH_DRIVER.env, all: true, stdout: 'pipe' });
    for (const line of (r.all ?? '').split('\n')) if (line.startsWith('reclaim: ')) log(line);
    if (r.failed) throw new Error(`preparing pretrained checkpoints failed: ${(r.all ?? r.shortMessage).trim().split('\n').pop()}`);
    marker.remember(String(r.stdout));
  },

  async setup(log, { refresh }) {
    if (refresh) {
      forgetProbes();
      forgetPrepared();
      forgetPython();
    }
    await setupPython(log);
  },

  env: {
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    // Nothing is downloaded at run time: hf: names must already be on disk (set HF_HUB_OFFLINE=0 to allow).
    HF_HUB_OFFLINE: process.env.HF_HUB_OFFLINE ?? '1',
    TRANSFORMERS_OFFLINE: process.env.TRANSFORMERS_OFFLINE ?? '1',
    TOKENIZERS_PARALLELISM: 'false',
  },
};
