import type { Runtime } from '../runtime.js';
import { SERVING } from './descriptor.js';
import { servingDriver } from './driver.js';

export const serving: Runtime = { ...SERVING, driver: servingDriver };
