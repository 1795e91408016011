import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';
import type { CellPlan } from '../../protocol/plan.js';
import { DEVICES, type Device } from '../devices.js';
import type { Availability, RuntimeDriver } from '../runtime.js';

const BUILD = path.join(PROJECT_ROOT, 'runners', 'native', 'build');
const BINARY: Record<Device, string> = { cpu: 'reclaim-heap', cuda: 'reclaim-cuda' };

/** The built binary for a device (and a C library it is built for: musl), or why there is none (runners/native/build.sh writes the reason). */
function binary(device: Device, libc?: string): { file: string } | { reason: string } {
  const name = libc === 'musl' ? `${BINARY[device]}-musl` : BINARY[device];
  const file = path.join(BUILD, name);
  if (existsSync(file)) return { file };
  const why = path.join(BUILD, `${name}.unavailable`);
  return { reason: existsSync(why) ? readFileSync(why, 'utf8').trim() : `${path.relative(PROJECT_ROOT, file)} is not built (make setup builds it)` };
}

export const nativeDriver: RuntimeDriver = {
  async availability(device: Device): Promise<Availability> {
    const b = binary(device);
    if ('reason' in b) return { available: false, reason: b.reason };
    if (DEVICES[device].gpu) {
      const gpus = await DEVICES[device].gpu!.inventory();
      if (typeof gpus === 'string') return { available: false, reason: `${gpus}; the CUDA runner is built but has nothing to run on` };
      return { available: true, detail: `${path.relative(PROJECT_ROOT, b.file)} on ${gpus.map((g) => g.name).join(', ')}`, versions: {}, notes: [] };
    }
    return { available: true, detail: path.relative(PROJECT_ROOT, b.file), versions: {}, notes: [] };
  },

  async resolveSource(source: string): Promise<string> {
    return source === 'auto' ? 'synthetic' : source;
  },

  async prepare(): Promise<void> {},

  libcUnavailable(libc, device) {
    const b = binary(device, libc);
    return 'reason' in b ? b.reason : undefined;
  },

  async unavailable(plan: CellPlan) {
    return plan.libc === 'musl' ? nativeDriver.libcUnavailable!('musl', plan.device) : undefined;
  },

  async command(env: Record<string, string>, plan: CellPlan) {
    const b = binary(plan.device, plan.libc);
    if ('reason' in b) throw new Error(b.reason);
    return { file: b.file, args: [], env };
  },

  env: {},
};
