import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { fleetOut, FORWARDED_HELP, parseFleetRun } from './fleet-args.js';
import { mergeScript, shardsScript } from '../fleet/slurm.js';
import { PROJECT_ROOT } from '../paths.js';

export const SLURM_HELP = `reclaim slurm <scenario.yaml...> --shards N [options] [-- sbatch options]
  writes <out>/slurm/shards.sbatch (an array job, one task per shard: reclaim run --shard K/N) and
  <out>/slurm/merge.sbatch (reclaim merge of the shards into <out>/merged, with its report, after
  every task ended: --dependency=afterok); GPU scenarios ask for --gres=gpu:1. The nodes must share
  this file system (they run this reclaim, from this directory)
  --out DIR          where the shards and the merged run go (default results/<date>-<time>-<scenarios>-slurm)
  --submit           submit both jobs with sbatch and print their ids
${FORWARDED_HELP}
  -- OPTS...         sbatch options for both jobs, e.g. -- --partition=gpu --time=04:00:00`;

/** `reclaim slurm`: writes (and with --submit, submits) the array job and the merge job. */
export async function slurmCommand(args: string[]): Promise<number> {
  const { run, values } = parseFleetRun('slurm', args, { submit: { type: 'boolean' } }, fleetOut('slurm'));
  const dir = path.join(run.out, 'slurm');
  mkdirSync(dir, { recursive: true });
  const cmd = { node: process.execPath, cli: path.join(PROJECT_ROOT, 'dist', 'cli.js'), chdir: process.cwd() };
  const shards = path.join(dir, 'shards.sbatch');
  const merge = path.join(dir, 'merge.sbatch');
  writeFileSync(shards, shardsScript(run, cmd), { mode: 0o755 });
  writeFileSync(merge, mergeScript(run, cmd), { mode: 0o755 });
  process.stdout.write(`reclaim: ${run.runs} run(s) in ${run.shards} shard(s)${run.gpu ? ', one GPU each' : ''}\n  ${shards}\n  ${merge}\n`);
  if (!values.submit) {
    process.stdout.write(`submit them with:\n  id=$(sbatch --parsable ${shards}) && sbatch --dependency=afterok:\${id%%;*} ${merge}\nor run this again with --submit\n`);
    return 0;
  }
  const array = await sbatch([shards]);
  const after = await sbatch([`--dependency=afterok:${array}`, merge]);
  process.stdout.write(`submitted: array job ${array} (${run.shards} tasks), merge job ${after} after it\nresults: ${path.join(run.out, 'merged')}\n`);
  return 0;
}

/** sbatch --parsable: the job id ("id" or "id;cluster"), or a one-line error with what sbatch said. */
async function sbatch(args: string[]): Promise<string> {
  const r = await execa('sbatch', ['--parsable', ...args], { reject: false, timeout: 60_000 });
  if (r.failed) {
    const said = String(r.stderr || r.stdout || (r as { shortMessage?: string }).shortMessage || '').trim().split('\n').slice(-2).join(' / ');
    throw new UserError(`reclaim slurm: sbatch ${args.join(' ')} failed${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''}: ${said || 'no output'}${(r as { code?: string }).code === 'ENOENT' ? ' (is Slurm installed here? sbatch is not on PATH)' : ''}`);
  }
  return String(r.stdout).trim().split(';')[0]!;
}
