import type { Reading } from '../protocol/measurement.js';

/** A GPU reading, and whether the reader knew any of the pids (it may list other processes only). */
export interface GpuObservation {
  reading: Reading;
  matched: boolean;
  otherPids: number[];
}

/**
 * How GPU memory is read from outside on a device: a device (runtimes/devices.ts) declares its reader,
 * and the harness reads through it at marks and in between; nothing else knows which tool it uses.
 */
export interface GpuReader {
  /** Its name in messages, e.g. "nvidia-smi". */
  name: string;
  /** The memory of a process tree and of the devices it uses; null when the tool cannot answer. */
  observe(pids: readonly number[]): Promise<GpuObservation | null>;
  /** The GPUs it sees (their names), or why there is none to use. */
  inventory(): Promise<{ name: string }[] | string>;
}
