import type { Runtime } from '../runtime.js';
import { PYTHON } from './descriptor.js';
import { pythonDriver } from './driver.js';

export const python: Runtime = { ...PYTHON, driver: pythonDriver };
