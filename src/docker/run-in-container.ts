import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { CellRunner, OneRun } from '../orchestrator/cell-runner.js';
import { planMarks } from '../protocol/plan.js';
import { writeFileAtomic } from '../store/atomic.js';
import { cellJson, type CellRecord } from '../store/cell-record.js';
import { notRunRecord } from '../orchestrator/cell-files.js';
import { parseCellRecord } from '../store/read-record.js';
import { writeCell, writeCellRecord, writeJson } from '../store/results-dir.js';
import { containerArgs } from './container-args.js';
import type { DockerMode, ImageFacts } from './docker-image.js';
import { memoryLimitOf } from './memory-limit.js';

/** What the container reads: the cell, already expanded on the host, and which run of it this is. */
export interface ContainerJob {
  cell: OneRun['cell'];
  repeat: number;
}

interface ContainerState {
  ExitCode: number;
  OOMKilled: boolean;
  Error?: string;
}

// Time a container may take beyond the cell's own timeout: start-up, the runtime check, checkpoints.
const SETUP_GRACE_S = 600;

/**
 * Each cell in a fresh container of the image: the harness inside runs the runner and the samplers
 * and writes the cell into the shared run directory. The container is created, started, inspected
 * and removed (what --rm does, but its state is read first): a kill by its memory limit is `oom`.
 */
export function dockerCellRunner(mode: DockerMode, image: ImageFacts, cacheDir: string): CellRunner {
  return {
    async describe() {
      const env = await execa('docker', ['run', '--rm', '--network', 'none', image.tag, 'env'], { reject: false });
      let environment: unknown = `reclaim env failed in the image: ${env.stderr.trim().split('\n').pop() ?? ''}`;
      try {
        environment = JSON.parse(env.stdout);
      } catch {
        // kept as the message above
      }
      return { docker: { mode, image: image.tag, id: image.id, repoDigests: image.repoDigests, created: image.created, environment } };
    },
    // Each container sets itself up: nothing to prepare on the host.
    prepare: async () => {},
    run: (one) => runInContainer(one, mode, image, cacheDir),
  };
}

async function runInContainer(one: OneRun, mode: DockerMode, image: ImageFacts, cacheDir: string): Promise<CellRecord | 'interrupted'> {
  const { cell, repeat, id, runDir, progress } = one;
  const ctx = { cell, repeat };
  const limit = memoryLimitOf(cell.axes);
  const finish = (record: CellRecord) => {
    writeCell(runDir, id, { 'cell.json': cellJson(record) });
    return record;
  };
  if (cell.skip) return finish(notRunRecord(ctx, 'skipped', cell.skip));

  const job = path.join('.jobs', `${id}.json`);
  mkdirSync(path.join(runDir, '.jobs'), { recursive: true });
  writeJson(path.join(runDir, job), { cell, repeat } satisfies ContainerJob);
  rmSync(path.join(runDir, 'cells', id), { recursive: true, force: true }); // an earlier attempt's
  mkdirSync(cacheDir, { recursive: true });

  const name = `reclaim-${process.pid}-${randomBytes(4).toString('hex')}`;
  const user = process.getuid && process.getuid() !== 0 ? `${process.getuid()}:${process.getgid?.() ?? 0}` : undefined;
  const args = containerArgs({ mode, image: image.tag, name, runDir: path.resolve(runDir), cacheDir, job, ...(limit ? { memoryLimit: limit } : {}), ...(user ? { user } : {}) });
  progress.cellStart(one.n, one.total, one.label, planMarks(cell.steps).length);
  const created = await execa('docker', args, { reject: false });
  if (created.exitCode !== 0) return finish(notRunRecord(ctx, 'failed', `docker create failed: ${lastLine(created.stderr)}`));

  try {
    const started = await execa('docker', ['start', '--attach', name], {
      reject: false,
      all: true,
      timeout: (cell.timeoutS + SETUP_GRACE_S) * 1000,
      ...(one.signal ? { cancelSignal: one.signal } : {}),
    });
    if (started.isCanceled || started.timedOut) await execa('docker', ['kill', name], { reject: false });
    if (started.isCanceled) return 'interrupted';
    const state = await containerState(name);
    const cellDir = path.join(runDir, 'cells', id);
    const written = writtenRecord(path.join(cellDir, 'cell.json'));
    if (typeof written !== 'string') writeFileAtomic(path.join(cellDir, 'container.log'), started.all ?? '');
    let record: CellRecord =
      typeof written !== 'string'
        ? written
        : notRunRecord(ctx, 'failed', started.timedOut ? `the container ran past ${cell.timeoutS + SETUP_GRACE_S} s and was killed` : `the container exited with code ${state?.ExitCode ?? '?'} before its cell was written (${written}): ${lastLine(started.all ?? '')}`);
    // The engine saw the container's memory limit kill a process in it: that is the cell's end.
    if (state?.OOMKilled) record = { ...record, status: 'oom', reason: `the container's memory limit (${limit ?? 'none set'}) was hit${record.status !== 'ok' ? `: ${record.reason}` : ''}` };
    record.container = { image: image.tag, image_id: image.id, memory_limit: limit ?? null, exit_code: state?.ExitCode ?? null, oom_killed: state?.OOMKilled ?? null };
    if (typeof written === 'string') return finish(record);
    writeCellRecord(runDir, record);
    return record;
  } finally {
    await execa('docker', ['rm', '--force', name], { reject: false });
  }
}

async function containerState(name: string): Promise<ContainerState | undefined> {
  const r = await execa('docker', ['inspect', '--format', '{{json .State}}', name], { reject: false });
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as ContainerState) : undefined;
}

/** The record the container's harness wrote, or why there is none to use. */
function writtenRecord(file: string): CellRecord | string {
  if (!existsSync(file)) return 'no cell.json';
  try {
    return parseCellRecord(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    return `its cell.json is not JSON: ${(err as Error).message}`;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '(no output)';
}
