import type { CellPlan } from '../../protocol/plan.js';
import type { FoundPython } from './find-python.js';
import { ensureOverlayVenv, overlayPython, overlayReady, overlayVenvDir } from './overlay-venv.js';

/**
 * What only some python plans need, pinned in one virtualenv over the project's (so the project's
 * stays as the article had it): onnxruntime's Python API for ONNX files (source onnx), and accelerate
 * for the release call Hugging Face users make (action accelerate_release_memory). accelerate's own
 * dependencies (torch, numpy, psutil, pyyaml, huggingface_hub, safetensors) are the project's.
 */
export const EXTRAS_REQUIREMENTS = [
  'onnxruntime==1.20.1',
  'coloredlogs==15.0.1',
  'humanfriendly==10.0',
  'flatbuffers==24.12.23',
  'protobuf==5.29.2',
  'sympy==1.13.1',
  'mpmath==1.3.0',
  'accelerate==1.2.1',
  // torch.onnx.export needs it: to turn a model into an ONNX file (the tests do; users may too).
  'onnx==1.17.0',
] as const;

/** The sources (onnx, onnx:<path>) and actions that run in it. */
const EXTRA_SOURCE = /^onnx(:|$)/;
export const EXTRA_ACTIONS = ['accelerate_release_memory'] as const;

export function needsExtras(plan: CellPlan): boolean {
  return plan.steps.some(
    (s) =>
      (s.op === 'load' && EXTRA_SOURCE.test(s.source)) ||
      (s.op === 'unload' && [...s.before, ...s.after].some((a) => (EXTRA_ACTIONS as readonly string[]).includes(a))) ||
      (s.op === 'release' && s.actions.some((a) => (EXTRA_ACTIONS as readonly string[]).includes(a))),
  );
}

export const extrasVenvDir = (python: FoundPython) => overlayVenvDir('python', 'extras', EXTRAS_REQUIREMENTS, python);

/** The interpreter such a plan runs in; throws when its virtualenv is not built. */
export function extrasPython(python: FoundPython): string {
  const dir = extrasVenvDir(python);
  if (!overlayReady(dir)) throw new Error(`the virtualenv ${dir} (onnxruntime, accelerate) is not built`);
  return overlayPython(dir);
}

export async function ensureExtras(python: FoundPython, log: (line: string) => void): Promise<void> {
  await ensureOverlayVenv(extrasVenvDir(python), 'onnxruntime and accelerate', EXTRAS_REQUIREMENTS, python, log);
}
