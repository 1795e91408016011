import type { PlanOp } from '../protocol/plan.js';
import type { Action } from '../strategies/actions.js';
import type { Isolation } from '../strategies/strategy.js';

export type Device = 'cpu' | 'cuda';

/** What a runtime does on one device: its release actions and the plan steps it executes. */
export interface DeviceCapabilities {
  actions: readonly Action[];
  ops: readonly PlanOp[];
  /** in-process always; process-per-model where the runner can keep each model in a child process. */
  isolation: readonly Isolation[];
}

/** What a runtime can do, known without starting it: used to validate scenarios and to skip cells. */
export interface RuntimeDescriptor {
  name: string;
  description: string;
  devices: Partial<Record<Device, DeviceCapabilities>>;
  /** Model sources it understands; `hf:` means any `hf:<name-or-path>`. */
  sources: readonly string[];
}

const BASIC_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep'];
const TRAIN_OPS: readonly PlanOp[] = ['train_begin', 'train_phase', 'train_end'];

export const PYTHON_RUNTIME: RuntimeDescriptor = {
  name: 'python',
  description: 'Python + PyTorch (runners/python)',
  devices: {
    cpu: { actions: ['gc', 'malloc_trim', 'del_params', 'to_cpu'], ops: [...BASIC_OPS, 'keep', 'infer', 'to', ...TRAIN_OPS], isolation: ['in-process', 'process-per-model'] },
    cuda: {
      actions: ['gc', 'malloc_trim', 'del_params', 'to_cpu', 'empty_cache', 'ipc_collect', 'clear_cublas_workspaces', 'clear_cufft_plans', 'device_reset'],
      ops: [...BASIC_OPS, 'keep', 'infer', 'to', 'init', ...TRAIN_OPS],
      isolation: ['in-process', 'process-per-model'],
    },
  },
  sources: ['auto', 'synthetic', 'pretrained', 'hf:'],
};

export const NATIVE_RUNTIME: RuntimeDescriptor = {
  name: 'native',
  description: 'C on glibc (native/src), CUDA on the GPU (native/cuda): the same tensor sizes, no framework',
  devices: {
    // gc, del_params and to_cpu are no-ops in C (as del_params and to_cpu of a CPU model are in
    // Python), so the catalogue's "del + gc" strategies mean "free" here; on the GPU, gc and
    // empty_cache have nothing to collect.
    cpu: { actions: ['gc', 'del_params', 'to_cpu', 'malloc_trim'], ops: [...BASIC_OPS, 'keep'], isolation: ['in-process'] },
    cuda: { actions: ['gc', 'empty_cache', 'device_reset'], ops: [...BASIC_OPS, 'keep', 'init'], isolation: ['in-process'] },
  },
  sources: ['auto', 'synthetic'],
};

const NODE_ISOLATION = ['in-process', 'process-per-model'] as const;

export const NODE_RUNTIME: RuntimeDescriptor = {
  name: 'node',
  description: 'Node + onnxruntime-node sessions of ONNX files built from the shape catalogue (runners/node)',
  devices: {
    // gc is global.gc() (node_gc); del_params and to_cpu have nothing to act on; every unload is session.release().
    cpu: { actions: ['gc', 'node_gc', 'malloc_trim', 'del_params', 'to_cpu', 'release_session'], ops: [...BASIC_OPS, 'keep', 'infer'], isolation: NODE_ISOLATION },
    cuda: { actions: ['gc', 'node_gc', 'release_session'], ops: [...BASIC_OPS, 'keep', 'infer'], isolation: NODE_ISOLATION },
  },
  sources: ['auto', 'synthetic'],
};

export const RUNTIMES: readonly RuntimeDescriptor[] = [PYTHON_RUNTIME, NATIVE_RUNTIME, NODE_RUNTIME];

export function findRuntime(name: string): RuntimeDescriptor | undefined {
  return RUNTIMES.find((r) => r.name === name);
}

export function runtimeDevices(r: RuntimeDescriptor): Device[] {
  return Object.keys(r.devices) as Device[];
}

export function supportsSource(r: RuntimeDescriptor, source: string): boolean {
  return source.startsWith('hf:') ? r.sources.includes('hf:') : r.sources.includes(source);
}
