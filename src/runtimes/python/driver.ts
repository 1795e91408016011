import { findPython } from '../python-env/find-python.js';
import { RUNNER } from '../python-env/files.js';
import { TORCH_DRIVER } from '../python-env/torch-driver.js';
import type { RuntimeDriver } from '../runtime.js';

/** The Python runner (runners/python/runner.py) in the project's interpreter. */
export const pythonDriver: RuntimeDriver = {
  ...TORCH_DRIVER,
  async command(env: Record<string, string>) {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    return { file: found.python, args: [RUNNER, '--run'], env };
  },
};
