/**
 * The devices a cell can run on, and what the harness does differently on each: the primary metric
 * a scenario gets by default, and whether GPU memory is read (nvidia-smi) at marks and in between.
 * Everything that differs by device is a field here, never a comparison with a device's name.
 */
import { DEVICE_NAMES, type Device } from '../protocol/plan.js';
import type { GpuReader } from '../samplers/gpu-reader.js';
import { NVIDIA_SMI } from '../samplers/nvidia/nvidia-smi.js';

export { DEVICE_NAMES, type Device };

export const DEVICES = {
  cpu: { description: 'the host: glibc heap, page cache', primaryMetric: 'private', gpu: undefined },
  cuda: { description: 'an NVIDIA GPU (CUDA)', primaryMetric: 'vram_process', gpu: NVIDIA_SMI },
} as const satisfies Record<Device, DeviceInfo>;

/** What differs by device: its default primary metric, and how GPU memory is read on it (none on the host). */
export interface DeviceInfo {
  description: string;
  primaryMetric: string;
  gpu: GpuReader | undefined;
}

/** Own properties only: "constructor" or "__proto__" are not devices. */
export function isDevice(name: string): name is Device {
  return Object.hasOwn(DEVICES, name);
}
