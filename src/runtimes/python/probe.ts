import { execa } from 'execa';
import { z } from 'zod';
import { RUNNER } from './files.js';

const ProbeSchema = z.object({
  executable: z.string(),
  python: z.string(),
  torch: z.string().nullable(),
  transformers: z.string().nullable(),
  cuda: z.string().nullable().optional(),
  cuda_devices: z.number().optional(),
  error: z.string().nullable(),
});

export type PythonProbe = z.infer<typeof ProbeSchema>;

/** Asks an interpreter what it has (runner.py --probe); a string says why it could not answer. */
export async function probePython(python: string): Promise<PythonProbe | string> {
  const r = await execa(python, [RUNNER, '--probe'], { reject: false, timeout: 120_000, env: { PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.failed) return r.code === 'ENOENT' ? `${python} does not exist` : `${python} --probe failed: ${lastLine(r.stderr || r.shortMessage || '')}`;
  try {
    return ProbeSchema.parse(JSON.parse(r.stdout.trim().split('\n').pop() ?? ''));
  } catch {
    return `${python} --probe printed something unexpected: ${r.stdout.slice(0, 200)}`;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
