import path from 'node:path';
import { execa } from 'execa';
import { PYTHON_RUNNER_DIR } from '../../paths.js';
import type { CellPlan } from '../../protocol/plan.js';
import { PYTHON_RUNTIME } from '../descriptor.js';
import type { Availability, RuntimeDriver } from '../driver.js';
import { findPython } from './find-python.js';

const RUNNER = path.join(PYTHON_RUNNER_DIR, 'runner.py');

async function python(): Promise<string> {
  const found = await findPython();
  if (typeof found === 'string') throw new Error(found);
  return found.python;
}

export const pythonDriver: RuntimeDriver = {
  descriptor: PYTHON_RUNTIME,

  async availability(): Promise<Availability> {
    // (cpu only: the descriptor lets no scenario ask for another device)
    const found = await findPython();
    if (typeof found === 'string') return { available: false, reason: found };
    const p = found.probe;
    const versions: Record<string, string> = { python: p.python, torch: p.torch ?? '' };
    if (p.transformers) versions.transformers = p.transformers;
    const notes = p.transformers ? [] : ['transformers is not installed: source auto loads synthetic modules, pretrained is unavailable'];
    return { available: true, detail: `${found.python} (${found.how}): Python ${p.python}, torch ${p.torch}${p.transformers ? `, transformers ${p.transformers}` : ''}`, versions, notes };
  },

  async resolveSource(source: string): Promise<string> {
    if (source !== 'auto') return source;
    const found = await findPython();
    return typeof found !== 'string' && found.probe.transformers ? 'pretrained' : 'synthetic';
  },

  async prepare(plan: CellPlan, log: (line: string) => void): Promise<void> {
    if (!plan.steps.some((s) => s.op === 'load' && s.source === 'pretrained')) return;
    const r = await execa(await python(), [RUNNER, '--prepare'], { input: JSON.stringify(plan), reject: false, env: this.env, all: true });
    for (const line of (r.all ?? '').split('\n')) if (line.startsWith('reclaim: ')) log(line);
    if (r.failed) throw new Error(`preparing pretrained checkpoints failed: ${(r.all ?? r.shortMessage).trim().split('\n').pop()}`);
  },

  async command(env: Record<string, string>) {
    return { file: await python(), args: [RUNNER, '--run'], env };
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
