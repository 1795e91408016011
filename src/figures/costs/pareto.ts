/** A point of the trade-off a user picks on: memory kept against time spent. */
export interface TradeOff {
  memory: number;
  time: number;
}

/**
 * Which points no other point beats on both (lower memory and lower time, at least as good on one
 * and better on the other): the Pareto front, where the choices worth making are.
 */
export function paretoFront<T extends TradeOff>(points: readonly T[]): Set<T> {
  return new Set(points.filter((p) => !points.some((q) => q !== p && q.memory <= p.memory && q.time <= p.time && (q.memory < p.memory || q.time < p.time))));
}
