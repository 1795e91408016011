/**
 * The devices a cell can run on, and what the harness does differently on each: the primary metric
 * a scenario gets by default, and whether GPU memory is read (nvidia-smi) at marks and in between.
 * Everything that differs by device is a field here, never a comparison with a device's name.
 */
export const DEVICES = {
  cpu: { description: 'the host: glibc heap, page cache', primaryMetric: 'private', gpu: false },
  cuda: { description: 'an NVIDIA GPU (CUDA)', primaryMetric: 'vram_process', gpu: true },
} as const satisfies Record<string, { description: string; primaryMetric: string; gpu: boolean }>;

export type Device = keyof typeof DEVICES;

export const DEVICE_NAMES = Object.keys(DEVICES) as Device[];

/** Own properties only: "constructor" or "__proto__" are not devices. */
export function isDevice(name: string): name is Device {
  return Object.hasOwn(DEVICES, name);
}
