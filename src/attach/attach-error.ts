/**
 * Why a call into a live process was not made, or not completed: one line a user can act on. `kind` is
 * the helper's word (runners/native/attach/attach_main.c) or one of reclaim's own before it runs.
 */
export type AttachErrorKind =
  | 'usage'
  | 'unavailable'
  | 'no_process'
  | 'not_x86_64'
  | 'not_glibc'
  | 'no_symbol'
  | 'traced'
  | 'permission'
  | 'no_safe_point'
  | 'stopped'
  | 'exited'
  | 'seccomp'
  | 'crashed'
  | 'timeout'
  | 'interrupted'
  | 'ptrace';

export class AttachError extends Error {
  constructor(
    readonly kind: AttachErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AttachError';
  }
}
