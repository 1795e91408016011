/** The `memory_limit` matrix axis: Docker's --memory syntax, a number with b, k, m or g. */
export const MEMORY_LIMIT_AXIS = 'memory_limit';

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes of a limit such as 2048m or 4g; a string saying what is wrong otherwise. */
export function memoryLimitBytes(value: unknown): number | string {
  const m = /^(\d+(?:\.\d+)?)([bkmg])?$/i.exec(String(value).trim());
  if (!m) return `memory_limit "${String(value)}" is not a size: write it as Docker does, e.g. 2048m or 4g`;
  const bytes = Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!;
  // Docker refuses limits under 6 MiB.
  if (bytes < 6 * 1024 ** 2) return `memory_limit "${String(value)}" is under Docker's minimum of 6m`;
  return Math.round(bytes);
}

/** The cell's limit, or undefined when the axis is absent or empty (no limit). */
export function memoryLimitOf(axes: Record<string, unknown>): string | undefined {
  const v = axes[MEMORY_LIMIT_AXIS];
  return v === undefined || v === '' ? undefined : String(v);
}
