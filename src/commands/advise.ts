import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { adviseModel, adviseScenario, candidates, userModelSources } from '../advise/candidates.js';
import { adviseReport } from '../advise/report.js';
import { clearlyWorse, leaderUndecided, standings } from '../advise/standing.js';
import { analyseCell } from '../analysis/analyse-cell.js';
import { analyseRun } from '../analysis/analyse-run.js';
import { loadAnalysedRun } from '../analysis/load.js';
import { SCENARIO_FIGURES } from '../analysis/figures.js';
import { writeSummaryFiles } from '../analysis/summary-files.js';
import { parse } from '../cli/args.js';
import { terminalProgress } from '../cli/terminal-progress.js';
import { UserError } from '../errors.js';
import type { RunView } from '../figures/run-view.js';
import { localCellRunner } from '../orchestrator/local-runner.js';
import { runSuite } from '../orchestrator/run-suite.js';
import { availabilityOf, targetKey } from '../runtimes/availability.js';
import { findRuntime, RUNTIMES } from '../runtimes/registry.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { Cell } from '../scenario/cell.js';
import type { CellRecord } from '../store/cell-record.js';
import { defaultRunDir } from '../store/results-dir.js';
import { STRATEGIES } from '../strategies/catalogue.js';

export const ADVISE_HELP = `reclaim advise <model> [options]   which release strategy returns your model's memory here: a short search
    <model>            a catalogue model (reclaim list), hf:<a directory saved with save_pretrained>
                       or onnx:<an ONNX file> (onnxruntime's Python API)
    --runtime R        python (default) or serving (reclaim's FastAPI server)
    --budget T         start no run after this long (default 20m; e.g. 90s, 15m, 1h)
    --only S1,S2       try only these strategies (del-gc, the reference, is always run)
    --out DIR          the results directory (default results/<date>-<time>-advise)
    --from DIR         run nothing: rank a results directory made already (an advise run, or its scenario
                       run with more repeats) by the same rules
  Every strategy that can run here, 3 runs each; the clearly worse dropped (above the leader by more than
  16 MiB or a tenth of what del-gc keeps); 5 runs of the rest (enough for a verdict against del-gc); 8 of
  the two best while their order is undecided. Of those better than del-gc and within that margin of the
  least retained, and reloading within twice the quickest's time and 100 ms, picks the least intrusive
  (no preloaded library or extra process) and says how to apply it; the run is an ordinary results directory.`;

/** The candidates the user named with --only (and del-gc, the reference), or why a name is none. */
function onlyCandidates(all: ReturnType<typeof candidates>, only: string): ReturnType<typeof candidates> {
  const names = only.split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.length) throw new UserError('--only expects strategy names separated by commas, e.g. --only malloc-trim,jemalloc-no-decay');
  for (const n of names) {
    if (all.try.some((s) => s.name === n)) continue;
    const why = all.not.find((s) => s.name === n)?.why ?? (STRATEGIES.some((s) => s.name === n) ? 'it does not apply to this runtime on the CPU' : 'no such strategy (reclaim list)');
    throw new UserError(`--only: ${n}: ${why}; candidates here: ${all.try.map((s) => s.name).join(', ')}`);
  }
  const keep = new Set([...names, 'del-gc']);
  return { try: all.try.filter((s) => keep.has(s.name)), not: [] };
}

/** "90s", "15m", "1h" -> milliseconds. */
function budgetMs(value: string | undefined): number {
  if (value === undefined) return 20 * 60_000;
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(value.trim());
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 10_000 && ms <= 7 * 24 * 3_600_000)) throw new UserError(`--budget expects a duration from 10s to a week such as 90s, 15m or 1h, got ${JSON.stringify(value)}`);
  return ms;
}

export async function adviseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('advise', args, { runtime: { type: 'string' }, budget: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' } });
  if (values.from !== undefined) {
    if (positionals.length || values.out || values.only || values.budget) throw new UserError('--from ranks a results directory made already: it takes no model, --out, --only or --budget');
    const run = loadAnalysedRun(values.from, (line) => process.stderr.write(`${line}\n`));
    const runtime = run.records[0]?.runtime ?? '?';
    process.stdout.write(`\n${adviseReport(standings(run.view), [], path.basename(path.resolve(values.from)), runtime, undefined, values.from)}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError(`reclaim advise: name one model\n\n${ADVISE_HELP}`);
  const runtime = findRuntime(values.runtime ?? 'python');
  // Advise is about the user's own model: a runtime that loads checkpoints.
  if (!runtime || !runtime.devices.cpu || !userModelSources(runtime).length) {
    throw new UserError(`--runtime: advise runs a runtime that loads your model (${RUNTIMES.filter((r) => r.devices.cpu && userModelSources(r).length).map((r) => r.name).join(', ')}), not ${JSON.stringify(values.runtime)}`);
  }
  const budget = budgetMs(values.budget);
  const model = adviseModel(positionals[0]!, runtime);
  if (typeof model === 'string') throw new UserError(`reclaim advise: ${model}`);
  const here = (await availabilityOf([{ runtime: runtime.name, device: 'cpu' }])).get(targetKey(runtime.name, 'cpu'));
  if (!here?.available) throw new UserError(`reclaim advise: runtime ${runtime.name} cannot run here: ${here && !here.available ? here.reason : 'unknown'}`);

  const all = candidates(runtime);
  const { try: tried, not } = values.only === undefined ? all : onlyCandidates(all, values.only);
  const runDir = values.out ?? defaultRunDir(['advise']);
  if (existsSync(runDir) && readdirSync(runDir).length > 0) throw new UserError(`--out: ${runDir} already holds files; advise writes a new results directory: choose another --out`);
  mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, 'advise.yaml');
  writeFileSync(file, adviseScenario(model, runtime, tried));
  const { scenarios, cells } = loadScenarios([file], {}, SCENARIO_FIGURES);
  const progress = terminalProgress();
  const started = performance.now();
  const stop = new AbortController();
  const deadline = setTimeout(() => {
    progress.log(`reclaim advise: the budget (${values.budget ?? '20m'}) is spent: no more runs start`);
    stop.abort();
  }, budget);
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  let view: RunView | undefined;
  let records: CellRecord[] = [];
  const repeats = new Map(cells.map((c) => [c.variant, 3]));
  const round = async (label: string, first: boolean) => {
    if (stop.signal.aborted) return;
    progress.log(`reclaim advise: ${label}`);
    const planned: Cell[] = cells.map((c) => ({ ...c, repeats: repeats.get(c.variant)! }));
    const result = await runSuite({
      scenarios,
      cells: planned,
      runDir,
      resume: !first,
      ownFiles: ['advise.yaml'],
      argv: ['advise', ...args],
      overrides: {},
      progress,
      signal: stop.signal,
      runner: localCellRunner({ analyse: analyseCell }),
      summarise: (rs, axes) => {
        const v = analyseRun(rs, scenarios, (line) => progress.log(`reclaim: ${line}`));
        writeSummaryFiles(runDir, v, axes);
        return v;
      },
    });
    view = result.summary;
    records = result.records;
  };
  try {
    await round(`${cells.length} strategies, 3 runs each`, true);
    let dropped: string[] = [];
    if (view) {
      dropped = clearlyWorse(standings(view));
      const keep = cells.filter((c) => !dropped.includes(c.variant));
      for (const c of keep) repeats.set(c.variant, 5);
      await round(`${dropped.length} clearly worse dropped (${dropped.join(', ') || 'none'}); 5 runs of the other ${keep.length}`, false);
    }
    if (view && leaderUndecided(standings(view).filter((s) => !dropped.includes(s.variant)))) {
      const [a, b] = standings(view).filter((s) => !dropped.includes(s.variant) && s.retained.length);
      for (const s of [a, b]) if (s) repeats.set(s.variant, 8);
      await round(`the two best (${a?.variant}, ${b?.variant}) undecided: 8 runs of each`, false);
    }
  } finally {
    clearTimeout(deadline);
    process.off('SIGINT', onSignal);
  }
  if (!view) throw new UserError('reclaim advise: no run finished');
  const ranking = standings(view);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${adviseReport(ranking, not, model.label, runtime.name, seconds, runDir)}\n`);
  return records.some((r) => r.status === 'ok') ? 0 : 1;
}

