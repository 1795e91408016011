import { cacheDir } from '../../paths.js';
import { onnxFile } from '../onnx-files/onnx-file.js';
import { findPython } from '../python-env/find-python.js';
import { RUNNER } from '../python-env/files.js';
import { ORT_REQUIREMENTS, ortPython, ortVenvDir, prepareOnnx, usesOnnx } from '../python-env/onnxruntime.js';
import { ensureOverlayVenv } from '../python-env/overlay-venv.js';
import { TORCH_DRIVER } from '../python-env/torch-driver.js';
import type { RuntimeDriver } from '../runtime.js';

/** The Python runner (runners/python/runner.py) in the project's interpreter, or over it with onnxruntime for ONNX files. */
export const pythonDriver: RuntimeDriver = {
  ...TORCH_DRIVER,

  modelData(spec, seed) {
    return { onnx_file: onnxFile(cacheDir(), spec, seed) };
  },

  async prepare(plan, log) {
    await TORCH_DRIVER.prepare(plan, log);
    if (!usesOnnx(plan)) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    await prepareOnnx(plan, found, log);
  },

  async command(env: Record<string, string>, plan) {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    return { file: usesOnnx(plan) ? ortPython(found) : found.python, args: [RUNNER, '--run'], env };
  },

  /** reclaim setup (--servers: also what only some scenarios use): the onnxruntime virtualenv among them. */
  async setup(log, options) {
    await TORCH_DRIVER.setup!(log, options);
    if (!options.optional) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    await ensureOverlayVenv(ortVenvDir(found), 'onnxruntime', ORT_REQUIREMENTS, found, log);
  },
};
