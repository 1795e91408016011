import type { Runtime } from '../runtime.js';
import { NATIVE } from './descriptor.js';
import { nativeDriver } from './driver.js';

export const native: Runtime = { ...NATIVE, driver: nativeDriver };
