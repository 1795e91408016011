import path from 'node:path';
import { writeReport } from './report.js';
import { list, parse } from '../cli/args.js';
import { summaryTable } from '../cli/summary-table.js';
import { terminalProgress } from '../cli/terminal-progress.js';
import { UserError } from '../errors.js';
import { localCellRunner } from '../orchestrator/local-runner.js';
import { runSuite } from '../orchestrator/run-suite.js';
import { loadScenarios, onlyVariants } from '../scenario/load-scenarios.js';
import { defaultRunDir } from '../store/results-dir.js';
import { checkImage, DOCKER_MODES, isDockerMode, type DockerMode } from '../docker/docker-image.js';
import { withMemoryLimits } from '../docker/cells-with-limits.js';
import { withReleaseImages } from '../docker/release-images.js';
import { dockerCellRunner } from '../docker/run-in-container.js';
import { cacheDir } from '../paths.js';
import { runView } from '../figures/run-view.js';
import { writeFileAtomic } from '../store/atomic.js';
import { judge } from '../verdicts/judge.js';
import { RUN_OPTIONS, runOverrides } from '../cli/run-options.js';
import { parseShard } from '../orchestrator/shard.js';
import { judgementsOf } from '../verdicts/judgements.js';
import { analyseCell } from '../analysis/analyse-cell.js';
import { analyseRun } from '../analysis/analyse-run.js';
import { writeSummaryFiles } from '../analysis/summary-files.js';
import type { CellRecord } from '../store/cell-record.js';
import { SCENARIO_FIGURES } from '../analysis/figures.js';

export const RUN_HELP = `reclaim run <scenario.yaml...> [options]
  --out DIR          results directory (default results/<date>-<time>-<scenario>)
  --only V1,V2       run only these variants (strategy names)
  --set AXIS=A,B     replace a matrix axis's values (repeatable), e.g. --set source=synthetic
  --repeat N         runs of each cell (default: the scenario's repeat, else 1)
  --iterations N     value of \${iterations} (default: the scenario's iterations)
  --timeout S        seconds a cell may run before it is killed (default: the scenario's, else 900)
  --resume           finish the run in --out DIR: cells already ok or skipped are kept
  --shard K/N        run only the K-th of N parts of the runs (1 <= K <= N): the same split on every
                     machine; reclaim merge joins the parts (reclaim slurm and reclaim k8s use it)
  --report           write the report (reclaim report) when the run ends
  --metric NAME      the primary metric of every cell, instead of the scenario's (e.g. rss, file)
  --pss              read Pss (smaps_rollup) at every mark; it is read anyway when pss is the metric
                     (it costs about 49 ms a mark in a torch process, while the runner waits)
  --per-repeat       print one row per run of a cell instead of one per cell over its runs
  --junit FILE       write the verdicts on the scenarios' expectations as JUnit XML
  --docker cpu|cuda  run every cell in a fresh container of the image reclaim:cpu or reclaim:cuda
                     (make docker-image-cpu); a memory_limit axis becomes each container's --memory
  --docker-image T   the image to use instead of reclaim:<cpu|cuda>`;

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('run', args, {
    out: { type: 'string' },
    ...RUN_OPTIONS,
    resume: { type: 'boolean' },
    shard: { type: 'string' },
    report: { type: 'boolean' },
    'per-repeat': { type: 'boolean' },
    junit: { type: 'string' },
    docker: { type: 'string' },
    'docker-image': { type: 'string' },
  });
  if (positionals.length === 0) throw new UserError(`reclaim run: name at least one scenario file, e.g. reclaim run scenarios/article-cpu.yaml\n\n${RUN_HELP}`);
  if (values.resume && !values.out) throw new UserError('--resume needs --out DIR: the results directory of the run to finish');
  const { overrides } = runOverrides(values);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const docker = dockerMode(values.docker, values['docker-image']);
  const { scenarios, cells: all } = loadScenarios(positionals, overrides, SCENARIO_FIGURES);
  const base = docker
    ? dockerCellRunner(docker, await checkImage(values['docker-image'] ?? DOCKER_MODES[docker].image, docker), path.join(cacheDir(), `docker-${docker}`))
    : localCellRunner({ analyse: analyseCell });
  // A libc of a Debian release runs in its image, whether the rest runs here or in containers.
  const { runner, cells } = await withReleaseImages(base, withMemoryLimits(onlyVariants(all, list(values.only)), docker !== undefined), cacheDir());
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
  const summarise = (records: readonly CellRecord[], axes: readonly string[]) => {
    const view = analyseRun(records, scenarios, (line) => progress.log(`reclaim: ${line}`), overrides);
    writeSummaryFiles(runDir, view, axes);
    return view;
  };
  const result = await runSuite({ scenarios, cells, runDir, resume: values.resume ?? false, argv: ['run', ...args], overrides, progress, signal: stop.signal, runner, summarise, ...(shard ? { shard } : {}) });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const view = result.summary;
  process.stdout.write(`\n${summaryTable(view, { perRepeat: values['per-repeat'] ?? false })}\n\nresults: ${result.runDir}\n`);
  const judged = judge(view);
  if (values.junit) {
    const { junitXml } = await import('../verdicts/junit.js'); // fast-xml-parser: loaded only when asked
    writeFileAtomic(path.resolve(values.junit), junitXml(judged));
    process.stdout.write(`junit: ${values.junit}\n`);
  }
  if (values.report) {
    const { reportDir } = await writeReport(result.runDir);
    process.stdout.write(`report: ${path.join(reportDir, 'index.html')}\n`);
  }
  if (result.interrupted) {
    process.stderr.write(`reclaim: interrupted; finish it with: reclaim run ${positionals.join(' ')} --out ${result.runDir} --resume\n`);
    return 130;
  }
  const bad = result.records.filter((r) => r.status !== 'ok' && r.status !== 'skipped');
  if (bad.length) {
    process.stderr.write(`reclaim: ${bad.length} cell(s) did not finish ok; each one's reason is in the table and in its cell.json\n`);
    return 1;
  }
  const failed = judged.filter((j) => j.verdict === 'FAIL');
  if (failed.length) {
    process.stderr.write(`reclaim: ${failed.length} expectation(s) failed: ${failed.map((j) => `${j.scenario}: ${j.text}`).join('; ')}\n`);
    return 3;
  }
  return 0;
}

function dockerMode(value: string | undefined, image: string | undefined): DockerMode | undefined {
  if (value === undefined) {
    if (image !== undefined) throw new UserError('--docker-image needs --docker cpu|cuda');
    return undefined;
  }
  if (!isDockerMode(value)) throw new UserError(`--docker expects ${Object.keys(DOCKER_MODES).join(' or ')}, got "${value}"`);
  return value;
}
