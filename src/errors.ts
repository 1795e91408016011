/**
 * An error the user can act on: printed as its message alone (no stack trace), exit code 1.
 * Everything else that escapes is a bug in reclaim and is printed with its stack.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
