import type { Action } from '../strategies/actions.js';

export type Device = 'cpu' | 'cuda';

/** What a runtime can do, known without starting it: used to validate scenarios and to skip cells. */
export interface RuntimeDescriptor {
  name: string;
  description: string;
  devices: readonly Device[];
  actions: readonly Action[];
  /** Model sources it understands; `hf:` means any `hf:<name-or-path>`. */
  sources: readonly string[];
  /** Whether LD_PRELOAD / MALLOC_*_ start-up strategies reach the allocator it uses. */
  startupEnv: boolean;
}

export const PYTHON_RUNTIME: RuntimeDescriptor = {
  name: 'python',
  description: 'Python + PyTorch (runners/python)',
  devices: ['cpu'],
  actions: ['gc', 'malloc_trim', 'del_params', 'to_cpu'],
  sources: ['auto', 'synthetic', 'pretrained', 'hf:'],
  startupEnv: true,
};

export const RUNTIMES: readonly RuntimeDescriptor[] = [PYTHON_RUNTIME];

export function findRuntime(name: string): RuntimeDescriptor | undefined {
  return RUNTIMES.find((r) => r.name === name);
}

export function supportsSource(r: RuntimeDescriptor, source: string): boolean {
  return source.startsWith('hf:') ? r.sources.includes('hf:') : r.sources.includes(source);
}
