import { MEMORY_LIMIT_AXIS } from '../scenario/axes.js';

/** The cell's memory limit (the memory_limit axis of scenario/axes.ts, checked at validate), or undefined when absent or empty (no limit). */
export function memoryLimitOf(axes: Record<string, unknown>): string | undefined {
  const v = Object.hasOwn(axes, MEMORY_LIMIT_AXIS) ? axes[MEMORY_LIMIT_AXIS] : undefined;
  return v === undefined || v === '' ? undefined : String(v);
}
