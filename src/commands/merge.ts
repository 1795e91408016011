import path from 'node:path';
import { parse } from '../cli/args.js';
import { summaryTable } from '../cli/summary-table.js';
import { UserError } from '../errors.js';
import { runView } from '../figures/run-view.js';
import { planMerge } from '../fleet/merge-plan.js';
import { readSources } from '../fleet/merge-sources.js';
import { writeMerge } from '../fleet/merge-write.js';
import { LIMITS } from '../limits.js';
import { judgementsOf } from '../verdicts/judgements.js';
import { writeReport } from './report.js';

export const MERGE_HELP = `reclaim merge <results-dir...> --out DIR [--partial] [--same-machine] [--report]
  one results directory from the shards of a run (reclaim run --shard K/N) or from separate runs of the
  same scenarios: runs in the same environment are further repeats of their cells; runs from different
  machines or settings get a "machine" axis, so the summary, statistics and report compare them
  --partial          merge even when shards or runs are missing (they are listed in manifest.json)
  --same-machine     one environment, whatever the fingerprints say (e.g. shards on nodes whose
                     kernels differ): no machine axis; the differences are printed
  --report           write the report of the merged directory`;

/** `reclaim merge DIR... --out DIR`: exit 0 when merged, 1 on a refusal (nothing written then). */
export async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('merge', args, { out: { type: 'string' }, partial: { type: 'boolean' }, 'same-machine': { type: 'boolean' }, report: { type: 'boolean' } });
  if (!values.out) throw new UserError(`reclaim merge: --out DIR is required (where the merged results go)\n\n${MERGE_HELP}`);
  if (positionals.length < 2) throw new UserError(`reclaim merge: name at least two results directories\n\n${MERGE_HELP}`);
  if (positionals.length > LIMITS.mergeSources) throw new UserError(`reclaim merge: at most ${LIMITS.mergeSources} directories at once, got ${positionals.length}`);
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const sources = readSources(positionals, warn);
  const plan = planMerge(sources, { partial: values.partial ?? false, sameMachine: values['same-machine'] ?? false });
  for (const w of plan.warnings) warn(w);
  const { records, view } = writeMerge(values.out, sources, plan, ['merge', ...args], warn);
  process.stdout.write(`${summaryTable(view, { perRepeat: false })}\n\n`);
  const machines = plan.merged.machines.map((m) => m.label);
  process.stdout.write(`merged ${records.length} run(s) from ${sources.length} director${sources.length === 1 ? 'y' : 'ies'}${plan.machineAxis ? ` on ${machines.length} machines (axis machine: ${machines.join(' | ')})` : ''} -> ${values.out}\n`);
  if (values.report) {
    const { reportDir } = await writeReport(values.out);
    process.stdout.write(`report: ${path.join(reportDir, 'index.html')}\n`);
  }
  return 0;
}
