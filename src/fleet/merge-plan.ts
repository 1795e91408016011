import { UserError } from '../errors.js';
import { runId, type CellRecord } from '../store/cell-record.js';
import type { Manifest, MergeRecord } from '../store/manifest.js';
import { isPlainName } from '../store/safe-read.js';
import { LIMITS } from '../limits.js';
import { machineLabels, printable, type MachineFacts } from './machines.js';
import type { MergeSource } from './merge-sources.js';
import { runsOfShard, shardText } from '../orchestrator/shard.js';
import { MACHINE_AXIS } from '../scenario/axes.js';

/** A run as it will sit in the merged directory, and where its files come from. */
export interface PlannedRun {
  source: MergeSource;
  /** Its directory under the source's cells/. */
  from: string;
  record: CellRecord;
}

export interface MergePlan {
  runs: PlannedRun[];
  matrix: Manifest['matrix'];
  merged: Omit<MergeRecord, 'at'>;
  /** Whether a `machine` axis was added (the sources ran in more than one environment). */
  machineAxis: boolean;
  warnings: string[];
}

/** The axis a merge adds when its sources ran in different environments. */

/** Runs of one run of the scenario: a whole directory, or every shard of one `--shard K/N` split. */
interface Batch {
  sources: MergeSource[];
  shards?: number;
  matrix: Manifest['matrix'];
}

const MAX_LISTED = 3;
const some = (ids: readonly string[]) => `${ids.slice(0, MAX_LISTED).join(', ')}${ids.length > MAX_LISTED ? `, and ${ids.length - MAX_LISTED} more` : ''}`;

/** A value as canonical JSON (keys sorted), to compare overrides and matrices whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** The run ids a matrix expects, in the order reclaim run runs them (and --shard splits them). */
export function expectedRuns(matrix: Manifest['matrix']): string[] {
  return matrix.flatMap((m) => Array.from({ length: Math.min(m.repeats, 100_000) }, (_, i) => runId(m.cell, i + 1)));
}

/**
 * Checks that the directories are runs of the same scenario files with the same overrides, groups them
 * by environment (a `machine` axis when there is more than one) and into batches (a whole run, or the
 * shards of one), refuses overlapping, foreign or (without `partial`) missing shards, and names every
 * run's place in the merged directory: further runs of the same cell in one environment are further
 * repeats.
 */
export interface MergeOptions {
  /** Merge what there is when shards or runs are missing (they are listed). */
  partial: boolean;
  /** Treat every directory as one environment, whatever their fingerprints say (listed as warnings). */
  sameMachine: boolean;
}

export function planMerge(sources: readonly MergeSource[], options: MergeOptions): MergePlan {
  const { partial } = options;
  const [first] = sources;
  if (!first || sources.length < 2) throw new UserError('reclaim merge: name at least two results directories to merge');
  const warnings: string[] = [];
  sameRun(sources);

  const groups: MergeSource[][] = [];
  for (const s of sources) {
    const g = options.sameMachine ? groups[0] : groups.find((x) => x[0]!.machine.identity === s.machine.identity);
    if (g) g.push(s);
    else groups.push([s]);
  }
  if (options.sameMachine) {
    for (const s of sources.slice(1)) {
      const differ = [...new Set([...first.machine.facts.keys(), ...s.machine.facts.keys()])].filter((k) => k !== 'host' && first.machine.facts.get(k) !== s.machine.facts.get(k));
      if (differ.length) warnings.push(`reclaim merge: ${s.dir} differs from ${first.dir} in ${printable(differ.slice(0, MAX_LISTED).join(', '))}${differ.length > MAX_LISTED ? ' and more' : ''}: merged as one environment (--same-machine)`);
    }
  }
  const labels = machineLabels(groups.map(representative));
  const machineAxis = groups.length > 1;
  if (machineAxis && first.manifest.matrix.some((m) => Object.hasOwn(m.axes, MACHINE_AXIS))) {
    throw new UserError(`reclaim merge: the directories ran in ${groups.length} environments, but their scenarios already have an axis named ${MACHINE_AXIS}; merge them with --same-machine, or rename that axis`);
  }

  const runs: PlannedRun[] = [];
  const matrix: Manifest['matrix'] = [];
  const matrixRow = new Map<string, Manifest['matrix'][number]>();
  const missing: string[] = [];
  const sourceRows: MergeRecord['sources'] = [];
  groups.forEach((group, gi) => {
    const repeatsSoFar = new Map<string, number>();
    for (const [bi, batch] of batchesOf(group).entries()) {
      const expected = expectedRuns(batch.matrix);
      const got = new Map<string, PlannedRun>();
      for (const source of batch.sources) {
        const own = new Set(source.manifest.shard ? source.manifest.shard.runs : expected);
        let kept = 0;
        for (const record of source.records) {
          // A shard holds only its own runs (another's would overlap); a whole run may hold more than its
          // manifest lists (a damaged manifest): those are kept.
          if (source.manifest.shard && !own.has(record.cell)) {
            warnings.push(`reclaim merge: ${source.dir}: run ${record.cell} is not one its manifest gives shard ${shardText(source.manifest.shard)}; left out`);
            continue;
          }
          const other = got.get(record.cell);
          if (other) throw new UserError(`reclaim merge: ${other.source.dir} and ${source.dir} both hold run ${record.cell}: overlapping shards or the same directory twice; merge each run once`);
          got.set(record.cell, { source, from: record.cell, record });
          kept++;
        }
        sourceRows.push({ dir: source.dir, machine: labels[gi]!, ...(source.manifest.shard ? { shard: shardText(source.manifest.shard) } : {}), runs: kept });
      }
      const absent = expected.filter((id) => !got.has(id));
      if (absent.length) {
        const why = whyMissing(batch, expected, absent) + elsewhere(batch, groups, group);
        if (!partial) throw new UserError(`reclaim merge: ${why}; pass the missing directory, finish it (reclaim run ... --resume), or merge what there is with --partial`);
        warnings.push(`reclaim merge: ${why}; merged without them (--partial)`);
        missing.push(...absent.map((id) => (machineAxis ? `${id} (${labels[gi]})` : id)));
      }
      const offsets = new Map(batch.matrix.map((m) => [m.cell, repeatsSoFar.get(m.cell) ?? 0]));
      if (bi > 0 && [...offsets.values()].some((o) => o > 0)) {
        warnings.push(`reclaim merge: ${batch.sources.map((s) => s.dir).join(', ')} ran in the same environment as an earlier directory: its runs are further repeats of the same cells`);
      }
      for (const m of batch.matrix) {
        const cell = machineAxis ? `${m.cell}.m${gi + 1}` : m.cell;
        const offset = offsets.get(m.cell) ?? 0;
        const seen = Math.max(m.repeats, ...[...got.values()].filter((r) => r.record.matrixCell === m.cell).map((r) => r.record.repeat));
        repeatsSoFar.set(m.cell, offset + seen);
        const row = matrixRow.get(cell);
        if (row) row.repeats = offset + seen;
        else {
          const added = { ...m, repeats: offset + seen, cell, axes: machineAxis ? { ...m.axes, [MACHINE_AXIS]: labels[gi]! } : m.axes };
          matrixRow.set(cell, added);
          matrix.push(added);
        }
      }
      for (const run of got.values()) {
        const r = run.record;
        const matrixCell = machineAxis ? `${r.matrixCell}.m${gi + 1}` : r.matrixCell;
        const repeat = r.repeat + (offsets.get(r.matrixCell) ?? 0);
        const cell = runId(matrixCell, repeat);
        if (!isPlainName(cell)) {
          warnings.push(`reclaim merge: ${run.source.dir}: run ${r.cell} would be named ${JSON.stringify(cell)}, not a plain name; left out`);
          continue;
        }
        const axes = machineAxis ? { ...r.axes, [MACHINE_AXIS]: labels[gi]! } : r.axes;
        runs.push({ ...run, record: { ...r, cell, matrixCell, repeat, axes } });
      }
    }
  });
  if (runs.length > LIMITS.runs || matrix.length > LIMITS.cells) {
    throw new UserError(`reclaim merge: the merged run would have ${matrix.length} cells and ${runs.length} runs, more than a run may have (${LIMITS.cells} cells, ${LIMITS.runs} runs); merge fewer directories`);
  }
  const ids = new Set<string>();
  for (const r of runs) {
    if (ids.has(r.record.cell)) throw new UserError(`reclaim merge: two runs would both be ${r.record.cell} (from ${r.source.dir}); its manifest and its cells disagree`);
    ids.add(r.record.cell);
  }
  const machines = groups.map((g, gi) => ({ label: labels[gi]!, environment: g[0]!.manifest.environment }));
  for (const g of groups) warnings.push(...hostsDiffer(g));
  return { runs, matrix, machineAxis, warnings, merged: { sources: sourceRows, machines, missing } };
}

/** The same scenario files (by hash) and the same overrides, or a precise refusal. */
function sameRun(sources: readonly MergeSource[]): void {
  const [first] = sources as [MergeSource];
  const files = (s: MergeSource) => s.manifest.scenarios.map((x) => `${x.name} (sha256 ${x.sha256.slice(0, 12)})`).sort().join(', ');
  for (const s of sources) {
    if ((s.manifest.merged?.machines.length ?? 0) > 1) {
      throw new UserError(`reclaim merge: ${s.dir} is already a merge of ${s.manifest.merged!.machines.length} machines; merge its sources (${s.manifest.merged!.sources.slice(0, MAX_LISTED).map((x) => x.dir).join(', ')}) with the new ones instead`);
    }
  }
  for (const s of sources.slice(1)) {
    if (files(s) !== files(first)) throw new UserError(`reclaim merge: ${s.dir} ran ${files(s)} but ${first.dir} ran ${files(first)}; merge joins runs of the same scenario files`);
    if (canonical(s.manifest.overrides) !== canonical(first.manifest.overrides)) {
      throw new UserError(`reclaim merge: ${s.dir} was run with overrides ${canonical(s.manifest.overrides)} but ${first.dir} with ${canonical(first.manifest.overrides)}; merge joins runs of the same scenarios and overrides`);
    }
  }
}

/** A group's directories as batches: each whole run alone, the shards of one split together (checked). */
function batchesOf(group: readonly MergeSource[]): Batch[] {
  const batches: Batch[] = [];
  for (const s of group) {
    const shard = s.manifest.shard;
    if (!shard) {
      batches.push({ sources: [s], matrix: s.manifest.matrix });
      continue;
    }
    const split = batches.find((b) => b.shards !== undefined);
    if (split && split.shards !== shard.count) {
      throw new UserError(`reclaim merge: ${s.dir} is shard ${shardText(shard)} but ${split.sources[0]!.dir} is shard ${shardText(split.sources[0]!.manifest.shard!)}: the shards of one run share their N`);
    }
    if (split && canonical(split.matrix) !== canonical(s.manifest.matrix)) {
      throw new UserError(`reclaim merge: ${s.dir} (shard ${shardText(shard)}) was split from another matrix than ${split.sources[0]!.dir} (different --only, --repeat or --set?); not shards of one run`);
    }
    const twin = split?.sources.find((o) => o.manifest.shard!.index === shard.index);
    if (twin) throw new UserError(`reclaim merge: shard ${shardText(shard)} given twice: ${twin.dir} and ${s.dir}`);
    const due = runsOfShard(expectedRuns(s.manifest.matrix), shard);
    if (canonical(due) !== canonical(shard.runs)) {
      throw new UserError(`reclaim merge: ${s.dir} says it is shard ${shardText(shard)} but lists other runs than that split gives (${shard.runs.length} against ${due.length}); not merged`);
    }
    if (split) split.sources.push(s);
    else batches.push({ sources: [s], shards: shard.count, matrix: s.manifest.matrix });
  }
  return batches;
}

/** Which shards (or which runs of a whole directory) are missing, in words. */
function whyMissing(batch: Batch, expected: readonly string[], absent: readonly string[]): string {
  if (batch.shards !== undefined) {
    const have = new Set(batch.sources.map((s) => s.manifest.shard!.index));
    const notGiven = Array.from({ length: batch.shards }, (_, i) => i + 1).filter((k) => !have.has(k) && runsOfShard(expected, { index: k, count: batch.shards! }).length > 0);
    const shards = notGiven.length ? `shard${notGiven.length > 1 ? 's' : ''} ${some(notGiven.map((k) => `${k}/${batch.shards}`))} not given` : '';
    const gone = new Set(absent);
    const partway = batch.sources.filter((s) => s.manifest.shard!.runs.some((id) => gone.has(id)));
    const unfinished = partway.length ? `${partway.map((s) => s.dir).join(', ')} unfinished` : '';
    return `${absent.length} of ${expected.length} runs missing (${[shards, unfinished].filter(Boolean).join('; ')}), e.g. ${some(absent)}`;
  }
  return `${batch.sources[0]!.dir} lacks ${absent.length} of its ${expected.length} runs (interrupted?), e.g. ${some(absent)}`;
}

/** A group's facts for its label: its host only when every directory in it ran on that host. */
function representative(group: readonly MergeSource[]): MachineFacts {
  const facts = new Map(group[0]!.machine.facts);
  if (new Set(group.map((s) => s.machine.facts.get('host'))).size > 1) facts.delete('host');
  return { facts, identity: group[0]!.machine.identity };
}

function hostsDiffer(group: readonly MergeSource[]): string[] {
  const hosts = [...new Set(group.map((s) => printable(s.machine.facts.get('host') ?? '(unknown)')))];
  return hosts.length > 1 ? [`reclaim merge: ${group.map((s) => s.dir).join(', ')} ran on ${hosts.length} hosts (${some(hosts)}) with the same environment otherwise: merged as one machine`] : [];
}

/** When a batch's missing shards were given but ran in another environment: say so, and what to do. */
function elsewhere(batch: Batch, groups: readonly MergeSource[][], mine: readonly MergeSource[]): string {
  if (batch.shards === undefined) return '';
  const there = groups.filter((g) => g !== mine).flat().filter((s) => s.manifest.shard?.count === batch.shards && canonical(s.manifest.matrix) === canonical(batch.matrix));
  if (!there.length) return '';
  const facts = [...new Set([...mine[0]!.machine.facts.keys(), ...there[0]!.machine.facts.keys()])].filter((k) => k !== 'host' && mine[0]!.machine.facts.get(k) !== there[0]!.machine.facts.get(k));
  return ` (${there.map((s) => `shard ${shardText(s.manifest.shard!)} in ${s.dir}`).slice(0, MAX_LISTED).join(', ')} ran in another environment: ${printable(facts.slice(0, MAX_LISTED).map((k) => `${k} ${mine[0]!.machine.facts.get(k) ?? '(none)'} -> ${there[0]!.machine.facts.get(k) ?? '(none)'}`).join('; '))}; --same-machine merges them as one)`;
}
