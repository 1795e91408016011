import koffi from 'koffi';

let trim: ((pad: number) => number) | undefined;

/** malloc_trim(0) through koffi, as Python's ctypes.CDLL("libc.so.6").malloc_trim(0) does. */
function mallocTrim(): void {
  trim ??= koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
  trim(0);
}

/**
 * A function of the allocator the process has preloaded, among the symbols already loaded (koffi.load
 * of null: loading the library now would give a second allocator that holds nothing).
 */
function preloaded<F>(signature: string, symbol: string, allocator: string): F {
  try {
    return koffi.load(null as unknown as string).func(signature) as F;
  } catch {
    throw new Error(`${allocator} is not loaded in this process (no ${symbol}): preload it (LD_PRELOAD), as the strategy does`);
  }
}

/** MALLCTL_ARENAS_ALL (4096 in jemalloc 5): every arena's unused pages back to the system now. */
function jemallocPurge(): void {
  const mallctl = preloaded<(name: string, o: null, ol: null, n: null, nl: number) => number>('int mallctl(const char *name, void *oldp, void *oldlenp, void *newp, size_t newlen)', 'mallctl', 'jemalloc');
  const rc = mallctl('arena.4096.purge', null, null, null, 0);
  if (rc !== 0) throw new Error(`mallctl(arena.4096.purge) returned ${rc}`);
}

function tcmallocRelease(): void {
  preloaded<() => void>('void MallocExtension_ReleaseFreeMemory()', 'MallocExtension_ReleaseFreeMemory', 'tcmalloc')();
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc!();
}

const nothing = () => {};

/**
 * The Node runner's release actions, one table: name -> handler and the devices it exists on.
 * del_params and to_cpu have nothing to act on here; every unload releases its session already.
 */
const ACTIONS: Record<string, { run: () => void; devices: readonly string[]; noop?: true }> = {
  gc: { run: gc, devices: ['cpu', 'cuda'] },
  node_gc: { run: gc, devices: ['cpu', 'cuda'] },
  malloc_trim: { run: mallocTrim, devices: ['cpu'] },
  jemalloc_purge: { run: jemallocPurge, devices: ['cpu'] },
  tcmalloc_release_free_memory: { run: tcmallocRelease, devices: ['cpu'] },
  del_params: { run: nothing, devices: ['cpu'], noop: true },
  to_cpu: { run: nothing, devices: ['cpu'], noop: true },
  release_session: { run: nothing, devices: ['cpu', 'cuda'], noop: true },
};

/** The actions it carries out on a device, and those of them that change nothing there. */
export function implementedActions(device: string): { actions: string[]; noop: string[] } {
  const here = Object.entries(ACTIONS).filter(([, a]) => a.devices.includes(device));
  return { actions: here.map(([name]) => name), noop: here.filter(([, a]) => a.noop).map(([name]) => name) };
}

export function applyAction(action: string): void {
  if (!Object.hasOwn(ACTIONS, action)) throw new Error(`the Node runner has no action ${action}`);
  ACTIONS[action]!.run();
}
