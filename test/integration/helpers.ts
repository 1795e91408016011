import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { execa } from 'execa';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'scenarios');

/** Runs the built CLI as a user would (make test builds it first). */
export async function reclaim(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `make test` (it builds first) or `make build`');
  return execa(process.execPath, [CLI, ...args], { reject: false, env, cwd, all: true });
}

export function tmp(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `reclaim-${prefix}-`));
}

export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** summary.csv rows by variant (one repeat). */
export function summaryByVariant(dir: string): Record<string, Record<string, string>> {
  return Object.fromEntries(readCsv(path.join(dir, 'summary.csv')).map((r) => [r.variant!, r]));
}

export const num = (v: string | undefined): number => {
  if (v === undefined || v === '') throw new Error('expected a number, got an empty field');
  return Number(v);
};

/**
 * How much more memory malloc has handed out and not got back (glibc's own account from the runner's
 * marks: heap - free + mmapped) at a cell's last settled mark than at its first, in MiB. What a runtime
 * still holds live, whatever glibc keeps resident in free chunks: "the runtime freed the model" is this
 * falling well below the model's size, on any machine.
 */
export function liveMallocGrowth(cellDir: string): number {
  const marks = readCsv(path.join(cellDir, 'marks.csv'));
  const live = (m: Record<string, string>) => num(m.malloc_heap) - num(m.malloc_free) + num(m.malloc_mmap);
  const settled = marks.filter((m) => m.settled === 'true');
  if (settled.length === 0) throw new Error(`${cellDir}: no settled mark`);
  return live(settled[settled.length - 1]!) - live(marks[0]!);
}

/** A process's anonymous resident memory now, in bytes (RssAnon of /proc/PID/status). */
export const rssAnon = (pid: number): number => Number(/^RssAnon:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
