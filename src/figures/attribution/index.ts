import { cellColumns, cellName } from '../cell-columns.js';
import { median } from 'simple-statistics';
import { z } from 'zod';
import { findRuntime } from '../../runtimes/registry.js';
import { isDevice } from '../../runtimes/devices.js';
import type { CellRecord } from '../../store/cell-record.js';
import { mib } from '../../tables/format.js';
import type { FigureFamily, FinishedRun } from '../family.js';
import type { CellGroup } from '../run-view.js';

const Part = z.object({ what: z.string(), mib: z.number(), fix: z.string().optional(), upTo: z.literal(true).optional() });
const AttributionSchema = z.object({ retained_mib: z.number(), parts: z.array(Part) });
type Attribution = z.infer<typeof AttributionSchema>;

const ATTRIBUTION = 'attribution';
/** Retained memory below this is not worth explaining. */
const FLOOR_MIB = 2;

/**
 * The in-process figures are the reporting process's own: with models in other processes (a process
 * per model, a recycled worker) they cannot say where the tree's memory sits. Checked when reading too,
 * for runs analysed before this rule.
 */
const inOneProcess = (isolation: unknown) => isolation === undefined || isolation === 'in-process';

function attributionOf(r: CellRecord): Attribution | undefined {
  return r.status === 'ok' && inOneProcess(r.strategy.isolation) ? (r.figures[ATTRIBUTION] as Attribution | undefined) : undefined;
}

/** Every release action the run's plan applies (at its unloads and release steps). */
function appliedActions(run: FinishedRun): string[] {
  return [...new Set((run.plan?.steps ?? []).flatMap((s) => (s.op === 'unload' ? [...s.before, ...s.after] : s.op === 'release' ? s.actions : [])))];
}

/** Where the memory a run retained sits, at its last settled mark against its first: the runtime says, the rest is in use. */
function attribute(run: FinishedRun): Attribution | undefined {
  const first = run.marks[0];
  const settled = [...run.marks].reverse().find((m) => m.settled);
  const runtime = findRuntime(run.runtime);
  if (!first || !settled || !runtime?.explain || !isDevice(run.device)) return undefined;
  if (!inOneProcess(run.plan?.isolation)) return undefined;
  const before = first.reading[run.metric];
  const after = settled.reading[run.metric];
  if (before === undefined || after === undefined) return undefined;
  const retained = after - before;
  // What may or may not be resident counts only up to what was retained (and not below nothing).
  const parts = runtime
    .explain(first.reading, settled.reading, run.device, appliedActions(run))
    .filter((p) => Number.isFinite(p.mib))
    .map((p) => (p.upTo ? { ...p, mib: Math.max(0, Math.min(p.mib, retained)) } : p));
  if (!parts.length) return undefined;
  return { retained_mib: retained, parts };
}

/** A cell's parts, each the median over its runs. */
function cellParts(g: CellGroup): { retained: number; parts: z.infer<typeof Part>[] } | undefined {
  const all = g.ok.map(attributionOf).filter((a): a is Attribution => a !== undefined);
  if (!all.length) return undefined;
  const names = [...new Set(all.flatMap((a) => a.parts.map((p) => p.what)))];
  const parts = names.map((what) => {
    const values = all.map((a) => a.parts.find((p) => p.what === what)?.mib).filter((v): v is number => v !== undefined);
    const like = all.flatMap((a) => a.parts).find((p) => p.what === what);
    return { what, mib: median(values), ...(like?.fix ? { fix: like.fix } : {}), ...(like?.upTo ? { upTo: true as const } : {}) };
  });
  return { retained: median(all.map((a) => a.retained_mib)), parts };
}

/** "del-gc: 330.2 of 338.0 MiB retained are free chunks inside glibc's heap: malloc_trim(0) would return them; 7.8 still in use". */
function sentence(g: CellGroup, c: NonNullable<ReturnType<typeof cellParts>>): string | undefined {
  if (c.retained < FLOOR_MIB) return undefined;
  const name = cellName(g);
  const placed = c.parts.filter((p) => p.mib >= FLOOR_MIB);
  const said = placed.map((p) => `${p.upTo ? 'up to ' : ''}${mib(p.mib)} of ${mib(c.retained)} MiB retained are ${p.what}${p.fix ? `: ${p.fix}` : ''}`);
  const rest = c.retained - c.parts.reduce((s, p) => s + Math.max(0, p.mib), 0);
  if (rest >= FLOOR_MIB) said.push(`${mib(rest)} MiB are still in use (live objects, or allocations the runtime keeps)`);
  return said.length ? `${g.scenario} ${name}: ${said.join('; ')}` : undefined;
}

/**
 * Where retained memory sits: per run, what the runtime's own account says of it at the last settled
 * mark (free chunks inside glibc's heap that malloc_trim(0) would return, blocks PyTorch keeps cached,
 * the CUDA context), and the rest, still in use; per cell a table and a sentence.
 */
export const attributionFamily: FigureFamily<Attribution> = {
  id: ATTRIBUTION,
  compute: attribute,
  schema: AttributionSchema,
  table(view) {
    const rows = view.groups.map((g) => ({ g, c: cellParts(g) })).filter((x): x is { g: CellGroup; c: NonNullable<ReturnType<typeof cellParts>> } => x.c !== undefined);
    if (!rows.length) return undefined;
    const whats = [...new Set(rows.flatMap((x) => x.c.parts.map((p) => p.what)))];
    const cell = cellColumns(rows.map((x) => x.g));
    return {
      id: 'attribution',
      title: 'Where retained memory sits',
      note: "Medians over each cell's runs, at the last settled mark against the first: what the runner's own account places (glibc's free chunks, PyTorch's cache, the CUDA context), and the rest, still in use.",
      terminal: 'Where the retained memory sits (MiB, medians):',
      grid: {
        header: [...cell.header, 'retained', ...whats, 'in use'],
        rows: rows.map(({ g, c }) => [
          ...cell.cells(g),
          mib(c.retained),
          ...whats.map((w) => mib(c.parts.find((p) => p.what === w)?.mib)),
          mib(Math.max(0, c.retained - c.parts.reduce((s, p) => s + Math.max(0, p.mib), 0))),
        ]),
      },
      after: rows.map(({ g, c }) => sentence(g, c)).filter((l): l is string => l !== undefined),
    };
  },
};
