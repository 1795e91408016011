import { UserError } from '../errors.js';
import { LIMITS } from '../limits.js';

/** One part of a run split across machines: `index` of `count`, counted from 1 (reclaim run --shard 2/3). */
export interface Shard {
  index: number;
  count: number;
}


export function parseShard(text: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > LIMITS.shards || index < 1 || index > count) {
    throw new UserError(`--shard expects K/N with 1 <= K <= N <= ${LIMITS.shards} (e.g. --shard 2/3: the second of three parts), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * The runs of shard K/N: a contiguous block of the run order (cells in matrix order, each with its
 * repeats), so the split depends only on the scenario and its overrides, is the same on every machine,
 * and keeps a cell's repeats together where it can (one machine's repeats make one interval).
 */
export function runsOfShard<T>(runs: readonly T[], shard: Shard): T[] {
  const from = Math.floor(((shard.index - 1) * runs.length) / shard.count);
  const to = Math.floor((shard.index * runs.length) / shard.count);
  return runs.slice(from, to);
}

export const shardText = (s: Shard) => `${s.index}/${s.count}`;
