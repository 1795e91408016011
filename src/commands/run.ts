import path from 'node:path';
import { writeReport } from './report.js';
import { axisValues, list, parse, positiveInt, positiveNumber } from '../cli/args.js';
import { summaryTable } from '../cli/summary-table.js';
import { terminalProgress } from '../cli/terminal-progress.js';
import { UserError } from '../errors.js';
import { runSuite } from '../orchestrator/run-suite.js';
import type { Overrides } from '../scenario/expand.js';
import { loadScenarios, onlyVariants } from '../scenario/load-scenarios.js';
import { defaultRunDir } from '../store/results-dir.js';

export const RUN_HELP = `reclaim run <scenario.yaml...> [options]
  --out DIR          results directory (default results/<date>-<time>-<scenario>)
  --only V1,V2       run only these variants (strategy names)
  --set AXIS=A,B     replace a matrix axis's values (repeatable), e.g. --set source=synthetic
  --repeat N         runs of each cell (default: the scenario's repeat, else 1)
  --iterations N     value of \${iterations} (default: the scenario's iterations)
  --timeout S        seconds a cell may run before it is killed (default: the scenario's, else 900)
  --resume           finish the run in --out DIR: cells already ok or skipped are kept
  --report           write the report (reclaim report) when the run ends`;

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('run', args, {
    out: { type: 'string' },
    only: { type: 'string' },
    set: { type: 'string', multiple: true },
    repeat: { type: 'string' },
    iterations: { type: 'string' },
    timeout: { type: 'string' },
    resume: { type: 'boolean' },
    report: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UserError(`reclaim run: name at least one scenario file, e.g. reclaim run scenarios/article-cpu.yaml\n\n${RUN_HELP}`);
  if (values.resume && !values.out) throw new UserError('--resume needs --out DIR: the results directory of the run to finish');
  const overrides: Overrides = {};
  const iterations = positiveInt('--iterations', values.iterations);
  const repeat = positiveInt('--repeat', values.repeat);
  const timeout = positiveNumber('--timeout', values.timeout);
  const set = axisValues(values.set);
  if (iterations !== undefined) overrides.iterations = iterations;
  if (repeat !== undefined) overrides.repeat = repeat;
  if (timeout !== undefined) overrides.timeout = timeout;
  if (set) overrides.set = set;

  const { scenarios, cells: all } = loadScenarios(positionals, overrides);
  const cells = onlyVariants(all, list(values.only));
  const runDir = values.out ?? defaultRunDir(scenarios.map((s) => s.name));

  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nreclaim: stopping after recording what finished (Ctrl-C again to quit at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = terminalProgress();
  const result = await runSuite({ scenarios, cells, runDir, resume: values.resume ?? false, argv: ['run', ...args], overrides, progress, signal: stop.signal });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  process.stdout.write(`\n${summaryTable(result.records)}\n\nresults: ${result.runDir}\n`);
  if (values.report) {
    const { reportDir } = await writeReport(result.runDir);
    process.stdout.write(`report: ${path.join(reportDir, 'index.html')}\n`);
  }
  if (result.interrupted) {
    process.stderr.write(`reclaim: interrupted; finish it with: reclaim run ${positionals.join(' ')} --out ${result.runDir} --resume\n`);
    return 130;
  }
  const bad = result.records.filter((r) => r.status !== 'ok' && r.status !== 'skipped');
  if (bad.length) process.stderr.write(`reclaim: ${bad.length} cell(s) did not finish ok; each one's reason is in the table and in its cell.json\n`);
  return bad.length ? 1 : 0;
}
