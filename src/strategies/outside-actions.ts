import { attachUnavailable } from '../attach/probe.js';
import type { Strategy } from './strategy.js';

/**
 * Release actions made from outside the process that holds the model (a call into it through reclaim's
 * helper), each with what says whether it can be made here: a real call into a throwaway process.
 */
const OUTSIDE_ACTIONS: Readonly<Record<string, () => Promise<string | undefined>>> = {
  trim_from_outside: attachUnavailable,
};

/** Why one of `actions` cannot be made here, or undefined. */
export async function outsideActionsUnavailable(actions: readonly string[]): Promise<string | undefined> {
  for (const a of new Set(actions)) {
    const check = OUTSIDE_ACTIONS[a];
    const why = check ? await check() : undefined;
    if (why) return `${a}: ${why}`;
  }
  return undefined;
}

/** Why a strategy's outside actions cannot be made here, or undefined. */
export const strategyOutsideUnavailable = (s: Strategy): Promise<string | undefined> => outsideActionsUnavailable([...s.beforeUnload, ...s.afterUnload]);
