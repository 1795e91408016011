import { readFileSync } from 'node:fs';
import { parse } from '../cli/args.js';
import { UserError } from '../errors.js';
import type { ContainerJob } from '../docker/run-in-container.js';
import type { Progress } from '../orchestrator/progress.js';
import { localCellRunner } from '../orchestrator/local-runner.js';
import { runId } from '../store/cell-record.js';
import { analyseCell } from '../analysis/analyse-cell.js';

export const CELL_HELP = `reclaim cell <job.json> --dir DIR   (inside a container of reclaim run --docker) one run of one cell into DIR`;

/** Lines on stdout: the host keeps them as the cell's container.log. */
const lineProgress: Progress = {
  log: (line) => process.stdout.write(`${line}\n`),
  cellStart: (_n, _t, label, marks) => process.stdout.write(`reclaim: ${label}: ${marks} marks\n`),
  cellMark() {},
  cellEnd: (_n, _t, label, record) => process.stdout.write(`reclaim: ${label}: ${record.status}${record.status !== 'ok' ? `: ${record.reason}` : ''}\n`),
  finish() {},
};

export async function cellCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('cell', args, { dir: { type: 'string' } });
  if (positionals.length !== 1 || !values.dir) throw new UserError(`usage: ${CELL_HELP}`);
  let job: ContainerJob;
  try {
    job = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as ContainerJob;
  } catch (err) {
    throw new UserError(`reclaim cell: cannot read the job ${positionals[0]}: ${(err as Error).message}`);
  }
  const { cell, repeat } = job;
  // The container is the cell's own: its cgroup's usage is the cell's, limited or not.
  const runner = localCellRunner({ analyse: analyseCell, cgroupEvenUnlimited: true });
  await runner.prepare([cell], lineProgress);
  const label = `${cell.id} r${repeat}`;
  const record = await runner.run({ cell, repeat, id: runId(cell.id, repeat), runDir: values.dir, progress: lineProgress, n: 1, total: 1, label });
  if (record === 'interrupted') return 130;
  lineProgress.cellEnd(1, 1, label, record);
  return 0;
}
