import type { Runtime } from '../runtime.js';
import { NODE } from './descriptor.js';
import { nodeDriver } from './driver.js';

export const node: Runtime = { ...NODE, driver: nodeDriver };
