import { parse } from '../cli/args.js';
import { UserError } from '../errors.js';
import { planMarks } from '../protocol/plan.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import { SCENARIO_FIGURES } from '../analysis/figures.js';

/** Checks scenario files without running anything; every problem with file:line:col, exit 1. */
export async function validateCommand(args: string[]): Promise<number> {
  const { positionals } = parse('validate', args, {});
  if (positionals.length === 0) throw new UserError('reclaim validate: name at least one scenario file');
  const { scenarios, cells } = loadScenarios(positionals, {}, SCENARIO_FIGURES);
  for (const s of scenarios) {
    const mine = cells.filter((c) => c.file === s.file);
    const marks = [...new Set(mine.map((c) => planMarks(c.steps).length))].join('/');
    const settled = mine.some((c) => planMarks(c.steps).some((m) => m.settled));
    const expect = s.raw.expect?.length ? `, ${s.raw.expect.length} expectation(s)` : '';
    process.stdout.write(`ok: ${s.file}: scenario ${s.name}, ${mine.length} cell(s), ${marks} marks per cell${expect}\n`);
    if (!settled) process.stdout.write(`  note: no mark has settled: true, so residual, retained and drift will be empty\n`);
    for (const c of mine.filter((c) => c.skip)) process.stdout.write(`  note: ${c.id} will be skipped: ${c.skip}\n`);
  }
  return 0;
}
