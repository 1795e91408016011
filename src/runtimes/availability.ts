import type { Device } from './devices.js';
import { RUNTIMES, runtimeNamed } from './registry.js';
import { runtimeDevices, type Availability } from './runtime.js';

/** "python/cpu", "native/cuda": a runtime on a device, the unit that is available here or not. */
export const targetKey = (runtime: string, device: Device) => `${runtime}/${device}`;

/** The availability of the given targets (default: every runtime on every device it has). */
export async function availabilityOf(targets?: readonly { runtime: string; device: Device }[]): Promise<Map<string, Availability>> {
  const all = targets ?? RUNTIMES.flatMap((r) => runtimeDevices(r).map((device) => ({ runtime: r.name, device })));
  const unique = new Map(all.map((t) => [targetKey(t.runtime, t.device), t]));
  // Asked together: each may start a process (nvidia-smi, a Python probe), and a command waits for all.
  const answers = await Promise.all([...unique.values()].map((t) => runtimeNamed(t.runtime).driver.availability(t.device)));
  return new Map([...unique.keys()].map((key, i) => [key, answers[i]!]));
}
