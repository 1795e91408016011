import type { Device } from './devices.js';
import { RUNTIMES, runtimeNamed } from './registry.js';
import { runtimeDevices, type Availability } from './runtime.js';

/** "python/cpu", "native/cuda": a runtime on a device, the unit that is available here or not. */
export const targetKey = (runtime: string, device: Device) => `${runtime}/${device}`;

/** The availability of the given targets (default: every runtime on every device it has). */
export async function availabilityOf(targets?: readonly { runtime: string; device: Device }[]): Promise<Map<string, Availability>> {
  const all = targets ?? RUNTIMES.flatMap((r) => runtimeDevices(r).map((device) => ({ runtime: r.name, device })));
  const out = new Map<string, Availability>();
  for (const t of all) {
    const key = targetKey(t.runtime, t.device);
    if (!out.has(key)) out.set(key, await runtimeNamed(t.runtime).driver.availability(t.device));
  }
  return out;
}
