import koffi from 'koffi';

let trim: ((pad: number) => number) | undefined;

/** malloc_trim(0) through koffi, as Python's ctypes.CDLL("libc.so.6").malloc_trim(0) does. */
function mallocTrim(): void {
  trim ??= koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
  trim(0);
}

/** Release actions of the Node runner. del_params and to_cpu have nothing to act on here: no-ops. */
export function applyAction(action: string): void {
  switch (action) {
    case 'gc':
    case 'node_gc':
      (globalThis as { gc?: () => void }).gc!();
      break;
    case 'malloc_trim':
      mallocTrim();
      break;
    case 'del_params':
    case 'to_cpu':
    case 'release_session': // every unload releases its session
      break;
    default:
      throw new Error(`the Node runner has no action ${action}`);
  }
}
