import { createHash } from 'node:crypto';

/** Hex sha256 of a text or bytes: scenario files in manifests, cache keys (the first `length` digits). */
export function sha256(data: string | Uint8Array, length = 64): string {
  return createHash('sha256').update(data).digest('hex').slice(0, length);
}
