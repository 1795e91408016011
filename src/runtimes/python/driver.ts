import { cacheDir } from '../../paths.js';
import { onnxFile } from '../onnx-files/onnx-file.js';
import { ensureExtras, extrasPython, needsExtras } from '../python-env/extras.js';
import { findPython } from '../python-env/find-python.js';
import { RUNNER } from '../python-env/files.js';
import { prepareOnnxFiles } from '../python-env/onnxruntime.js';
import { TORCH_DRIVER } from '../python-env/torch-driver.js';
import type { RuntimeDriver } from '../runtime.js';

/**
 * The Python runner (runners/python/runner.py) in the project's interpreter, or in the virtualenv over
 * it that has onnxruntime and accelerate when the plan loads an ONNX file or calls accelerate.
 */
export const pythonDriver: RuntimeDriver = {
  ...TORCH_DRIVER,

  modelData(spec, seed) {
    return { onnx_file: onnxFile(cacheDir(), spec, seed) };
  },

  async prepare(plan, log) {
    await TORCH_DRIVER.prepare(plan, log);
    await prepareOnnxFiles(plan, log);
    if (!needsExtras(plan)) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    await ensureExtras(found, log);
  },

  async command(env: Record<string, string>, plan) {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    return { file: needsExtras(plan) ? extrasPython(found) : found.python, args: [RUNNER, '--run'], env };
  },

  /** reclaim setup (--servers: also what only some scenarios use): the extras virtualenv among them. */
  async setup(log, options) {
    await TORCH_DRIVER.setup!(log, options);
    if (!options.optional) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    await ensureExtras(found, log);
  },
};
