import type { RuntimeDriver } from './driver.js';
import { nativeDriver } from './native/driver.js';
import { nodeDriver } from './node/driver.js';
import { pythonDriver } from './python/driver.js';

export const DRIVERS: Readonly<Record<string, RuntimeDriver>> = { python: pythonDriver, native: nativeDriver, node: nodeDriver };

export function driverFor(runtime: string): RuntimeDriver {
  const d = DRIVERS[runtime];
  if (!d) throw new Error(`no driver for runtime ${runtime}`);
  return d;
}
