import path from 'node:path';
import { SHARD_EXIT, shellWord, type FleetRun } from './fleet-run.js';

/** How a node starts reclaim: this Node and this CLI (Slurm nodes share the file system they are submitted from). */
export interface SlurmCommand {
  node: string;
  cli: string;
  /** The working directory of every job (relative scenario paths resolve against it). */
  chdir: string;
}

export const shardDir = (out: string, k: number | string) => path.join(out, 'shards', String(k));

/**
 * The array job: one task per shard (--array=0-(N-1)); task i runs shard i+1 of N into <out>/shards/<i+1>,
 * resuming it when a requeued task finds it started. A shard whose cells failed still exits 0: its
 * directory is complete, and the merge shows the failures.
 */
export function shardsScript(run: FleetRun, cmd: SlurmCommand): string {
  const reclaim = [cmd.node, cmd.cli].map(shellWord).join(' ');
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellWord(`reclaim-${run.name}`)}`,
    `#SBATCH --array=0-${run.shards - 1}`,
    `#SBATCH --output=${shellWord(path.join(run.out, 'slurm', 'shard-%a.out'))}`,
    `#SBATCH --chdir=${shellWord(cmd.chdir)}`,
    '#SBATCH --ntasks=1',
    ...(run.gpu ? ['#SBATCH --gres=gpu:1'] : []),
    ...run.engineArgs.map((a) => `#SBATCH ${a}`),
    `# reclaim: shard K of ${run.shards} of ${JSON.stringify(run.scenarios)} (${run.runs} runs in all), K = SLURM_ARRAY_TASK_ID + 1.`,
    'set -u',
    'k=$((SLURM_ARRAY_TASK_ID + 1))',
    `dir=${shellWord(path.join(run.out, 'shards'))}/"$k"`,
    'set --', // no array: "${a[@]}" of an empty one is an error under set -u in bash before 4.4
    '[ -f "$dir/manifest.json" ] && set -- --resume',
    `${reclaim} run ${[...run.scenarios, ...run.runArgs].map(shellWord).join(' ')} --shard "$k/${run.shards}" --out "$dir" "$@"`,
    'rc=$?',
    SHARD_EXIT,
    '',
  ].join('\n');
}

/** The merge job: after every task of the array ended well (afterok), one results directory and its report. */
export function mergeScript(run: FleetRun, cmd: SlurmCommand): string {
  const dirs = Array.from({ length: run.shards }, (_, i) => shardWord(run.out, i + 1));
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellWord(`reclaim-${run.name}-merge`)}`,
    `#SBATCH --output=${shellWord(path.join(run.out, 'slurm', 'merge.out'))}`,
    `#SBATCH --chdir=${shellWord(cmd.chdir)}`,
    '#SBATCH --ntasks=1',
    ...run.engineArgs.map((a) => `#SBATCH ${a}`),
    `# reclaim: the ${run.shards} shards into ${JSON.stringify(path.join(run.out, 'merged'))}, with its report.`,
    `exec ${[cmd.node, cmd.cli].map(shellWord).join(' ')} merge ${dirs.join(' ')} --out ${shellWord(path.join(run.out, 'merged'))} --report`,
    '',
  ].join('\n');
}

const shardWord = (out: string, k: number) => shellWord(shardDir(out, k));
