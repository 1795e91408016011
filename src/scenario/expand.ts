import { z } from 'zod';
import { DEFAULT_STRATEGY } from '../strategies/catalogue.js';
import { DEVICES, DEVICE_NAMES, isDevice } from '../runtimes/devices.js';
import { findRuntime, RUNTIMES, RUNTIME_NAMES } from '../runtimes/registry.js';
import { runtimeDevices } from '../runtimes/runtime.js';
import { isMetric, METRIC_NAMES, sourceOf } from '../metrics/catalogue.js';
import { DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_TIMEOUT_S, type Cell } from './cell.js';
import { countSteps } from './count-steps.js';
import { flattenSteps } from './flatten.js';
import { interpolate, usesVariables, type Scalar } from './interpolate.js';
import { LIMITS } from '../limits.js';
import { expandMatrix, type Combination } from './matrix.js';
import type { ParsedScenario } from './parse-file.js';
import { ScenarioError, problem, type Problem } from './problems.js';
import { resolveStrategy } from './resolve-strategy.js';
import { ScenarioSchema, type RawStep } from './schema.js';
import { DEFAULT_FIGURE, type FigureCatalogue } from './expectation-schema.js';
import { didYouMean, oneOf } from './suggest.js';
import { plainIssues } from './zod-issues.js';
import type { Overrides } from '../store/manifest.js';
import { reservedAxis, settingAxes, STRATEGY_AXIS } from './axes.js';

export type { Overrides };

/** What a whole run may hold (LIMITS), counted across its scenario files. */
export interface Budget {
  cells: number;
  runs: number;
  steps: number;
}

export const newBudget = (): Budget => ({ cells: 0, runs: 0, steps: 0 });

type Path = (string | number)[];
type Report = (path: Path, message: string, key?: string) => void;

/** The parts of a scenario that `${...}` may change, checked again once interpolated: with the same schemas. */
const ResolvedSchema = z.object({
  runtime: z.string().optional(),
  device: z.string().optional(),
  metric: z.string().optional(),
  strategies: ScenarioSchema.shape.strategies,
  env: ScenarioSchema.shape.env,
  options: ScenarioSchema.shape.options,
  server: ScenarioSchema.shape.server,
  steps: ScenarioSchema.shape.steps,
});
type Resolved = z.infer<typeof ResolvedSchema>;

/**
 * Every cell of a parsed scenario: the matrix expanded, `${...}` interpolated per cell and checked
 * again, strategies resolved, steps unrolled into a plan. Sizes are counted before anything is built
 * (LIMITS). All problems (with file:line:col) are thrown together.
 */
export function expandScenario(parsed: ParsedScenario, overrides: Overrides = {}, budget: Budget = newBudget(), figures?: FigureCatalogue): Cell[] {
  const { raw, file, map } = parsed;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report: Report = (path, message, key) => {
    if (message === '') return;
    const p = problem(file, map.position(path, key), key !== undefined ? [...path, key] : path, message);
    const id = `${p.line}:${p.col}:${p.message}`;
    if (!seen.has(id)) seen.add(id), problems.push(p);
  };
  const stop = () => {
    if (problems.length) throw new ScenarioError(problems);
  };

  const axes = new Map<string, readonly Scalar[]>(Object.entries(raw.matrix ?? {}));
  for (const [axis, values] of Object.entries(overrides.set ?? {})) {
    if (!axes.has(axis)) {
      const known = [...axes.keys()];
      report(['matrix'], `--set ${axis}: the scenario has no matrix axis "${axis}"${didYouMean(axis, known)}; axes: ${known.join(', ') || 'none'}`);
    }
    axes.set(axis, [...values]);
  }
  for (const [axis, values] of axes) {
    const reserved = reservedAxis(axis);
    if (reserved?.setBy) report(['matrix'], `a scenario may not have a matrix axis "${axis}": ${reserved.setBy} sets it (${reserved.meaning})`, axis);
    const fromFile = Object.hasOwn(raw.matrix ?? {}, axis) && !overrides.set?.[axis];
    values.forEach((v, i) => {
      const wrong = typeof v === 'string' && v.includes('${') ? undefined : reserved?.check?.(v);
      if (wrong) report(fromFile ? ['matrix', axis, i] : ['matrix'], `${fromFile ? '' : `--set ${axis}: `}${wrong}`);
    });
  }
  if (axes.has('iterations')) report(['matrix'], 'a matrix axis may not be called "iterations" (it is the ${iterations} variable)', 'iterations');
  if (axes.has('scenario')) report(['matrix'], 'a matrix axis may not be called "scenario" (it is the ${scenario} variable)', 'scenario');
  for (const field of ['exclude', 'include'] as const) {
    for (const [i, ex] of (raw[field] ?? []).entries()) {
      for (const k of Object.keys(ex)) if (!axes.has(k)) report([field, i], `"${k}" is not a matrix axis; axes: ${[...axes.keys()].join(', ') || 'none'}`, k);
    }
  }
  for (const [i, inc] of (raw.include ?? []).entries()) {
    if (inc.strategy !== undefined) {
      const r = resolveStrategy(String(inc.strategy), raw.strategies ?? {});
      if (typeof r === 'string') report(['include', i, 'strategy'], r);
    }
  }
  axes.get(STRATEGY_AXIS)?.forEach((s, i) => {
    const r = resolveStrategy(String(s), raw.strategies ?? {});
    if (typeof r === 'string') report(['matrix', STRATEGY_AXIS, i], r);
  });
  // Counted before it is built: a matrix of 10^9 cells gets an answer, not an out-of-memory crash.
  const product = [...axes.values()].reduce((n, v) => n * v.length, 1) + (raw.include?.length ?? 0);
  if (product > LIMITS.cells) {
    report(['matrix'], `the matrix makes ${product} cells (${[...axes].map(([a, v]) => `${a}: ${v.length}`).join(' x ')}); a run may hold at most ${LIMITS.cells}`);
    stop();
  }

  const combos = expandMatrix(axes, raw.exclude as Combination[] | undefined, raw.include as Combination[] | undefined);
  if (combos.length === 0) {
    report(['exclude'], 'exclude leaves no cell to run: every combination of the matrix matches one of its entries');
    stop();
  }
  const repeats = overrides.repeat ?? raw.repeat ?? 1;
  budget.cells += combos.length;
  budget.runs += combos.length * repeats;
  if (budget.cells > LIMITS.cells) report(['matrix'], `this run would hold ${budget.cells} cells; at most ${LIMITS.cells}`);
  if (budget.runs > LIMITS.runs) report(['repeat'], `this run would hold ${budget.runs} runs of cells (cells x repeat); at most ${LIMITS.runs}`);
  if (budget.cells > LIMITS.cells || budget.runs > LIMITS.runs) stop();

  const iterations = overrides.iterations ?? raw.iterations ?? 1;
  const sections = { runtime: raw.runtime, device: raw.device, metric: raw.metric, strategies: raw.strategies, env: raw.env, options: raw.options, server: raw.server, steps: raw.steps };
  const interpolated = usesVariables(sections);
  const cells: Cell[] = [];
  // Cell ids name the axes that tell cells apart; an axis with one value throughout adds nothing.
  const varying = settingAxes(axes.keys()).filter((a) => new Set(combos.map((c) => String(c[a]))).size > 1);
  for (const combo of combos) {
    const vars = new Map<string, Scalar>([...Object.entries(combo), ['iterations', iterations], ['scenario', parsed.name]]);
    const names = [...vars.keys()];
    const unknownVar = (path: Path, name: string) => report(path, `unknown variable \${${name}}${didYouMean(name, names)}; defined: ${names.join(', ')}`);
    const resolved = interpolated ? checkResolved(stringEnv(interpolate(sections, vars, unknownVar)), combo, varying, report) : sections;
    if (!resolved) continue;
    const count = countSteps(resolved.steps);
    if (count.marks > LIMITS.marksPerCell || count.steps > LIMITS.stepsPerCell) {
      report(count.biggest, `a cell would run ${count.marks} marks (${count.steps} plan steps); at most ${LIMITS.marksPerCell} marks and ${LIMITS.stepsPerCell} steps per cell: fewer iterations or repeats`);
      continue;
    }
    budget.steps += count.steps;
    if (budget.steps > LIMITS.stepsPerRun) {
      report(['steps'], `this run's cells would hold more than ${LIMITS.stepsPerRun} plan steps in all; fewer cells or iterations`);
      break;
    }
    const cell = buildCell(parsed, combo, varying, resolved, overrides, report);
    if (!cell) continue;
    // Axes whose values depend on the cell they are in (its runtime, strategy, device): checked on it.
    for (const [axis, value] of Object.entries(combo)) {
      const wrong = reservedAxis(axis)?.checkCell?.(value, cell);
      if (!wrong) continue;
      const i = axes.get(axis)?.indexOf(value) ?? -1;
      report(i >= 0 && Object.hasOwn(raw.matrix ?? {}, axis) && !overrides.set?.[axis] ? ['matrix', axis, i] : ['matrix'], wrong);
    }
    cells.push(cell);
  }
  // Checked as written (reclaim validate): --set may leave out the reference or an expected variant.
  if (!overrides.set) checkJudgement(raw, combos, cells, report, figures);
  stop();
  return uniqueIds(cells);
}

/**
 * `reference:` names a variant of the scenario, and every expectation selects cells that exist and
 * can have its figure. Variants and axes come from the matrix, not from the cells built: a mistake in
 * a cell (an unknown model) must not also make every variant look unknown.
 */
function checkJudgement(raw: ParsedScenario['raw'], combos: readonly Combination[], cells: readonly Cell[], report: Report, figures: FigureCatalogue | undefined): void {
  const variantOf = (c: Combination) => String(c.strategy ?? DEFAULT_STRATEGY);
  const variants = [...new Set(combos.map(variantOf))];
  const known = `variants: ${variants.join(', ')}`;
  if (raw.reference !== undefined && !variants.includes(raw.reference)) {
    report(['reference'], `no variant "${raw.reference}" in this scenario${didYouMean(raw.reference, variants)}; ${known}`);
  }
  const settled = (c: Cell) => c.steps.some((s) => s.op === 'mark' && s.settled);
  (raw.expect ?? []).forEach((e, i) => {
    const named = e.variant === undefined ? [] : Array.isArray(e.variant) ? e.variant : [e.variant];
    const against = e.better_than ?? e.worse_than;
    for (const v of [...named, ...(typeof against === 'string' ? [against] : [])]) {
      if (!variants.includes(v)) report(['expect', i], `no variant "${v}" in this scenario${didYouMean(v, variants)}; ${known}`);
    }
    for (const [axis, value] of Object.entries({ ...(e.where ?? {}), ...(against && typeof against !== 'string' ? against : {}) })) {
      if (!combos.some((c) => Object.hasOwn(c, axis))) report(['expect', i], `"${axis}" is not a matrix axis of this scenario`);
      else if (!combos.some((c) => String(c[axis]) === String(value))) report(['expect', i], `no cell has ${axis}=${value}`);
    }
    const selects = (c: Combination) => (!named.length || named.includes(variantOf(c))) && Object.entries(e.where ?? {}).every(([a, v]) => Object.hasOwn(c, a) && String(c[a]) === String(v));
    if (!combos.some(selects)) report(['expect', i], 'selects no cell of this scenario (check its variant and where:)');
    const figure = e.figure ?? DEFAULT_FIGURE;
    if (figures && !figures.names.includes(figure)) {
      return report(['expect', i], `unknown figure ${JSON.stringify(figure)}${didYouMean(figure, figures.names)}; expected one of: ${figures.names.join(', ')}`, 'figure');
    }
    const mine = cells.filter((c) => selects(c.axes));
    if (figures?.needsSettled(figure) && mine.length && !mine.some(settled)) {
      report(['expect', i], `${figure} is measured at settled marks (mark: { label: ..., settled: true }, the end of an unload cycle); the cells it selects have none`);
    }
  });
}

/** Environment values are strings: a number or a boolean a variable put there is written as text. */
function stringEnv<T extends { env?: unknown; strategies?: unknown }>(r: T): T {
  const text = (env: unknown) =>
    env && typeof env === 'object' && !Array.isArray(env)
      ? Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]))
      : env;
  const strategies =
    r.strategies && typeof r.strategies === 'object'
      ? Object.fromEntries(Object.entries(r.strategies).map(([k, s]) => [k, s && typeof s === 'object' ? { ...s, ...('env' in s ? { env: text(s.env) } : {}), ...('setenv_in_process' in s ? { setenv_in_process: text(s.setenv_in_process) } : {}) } : s]))
      : r.strategies;
  return { ...r, env: text(r.env), strategies };
}

/** The interpolated sections, checked with the schemas literal values meet; problems name the cell's values. */
function checkResolved(value: unknown, combo: Combination, varying: readonly string[], report: Report): Resolved | undefined {
  const r = ResolvedSchema.safeParse(value);
  if (r.success) return r.data;
  const telling = Object.entries(combo).filter(([a]) => a === STRATEGY_AXIS || varying.includes(a));
  const values = (telling.length ? telling : Object.entries(combo)).map(([a, v]) => `${a}=${v}`).join(', ');
  for (const i of plainIssues(r.error.issues, value)) {
    const got = i.key === undefined ? valueAt(value, i.path) : undefined;
    report(i.path, `${i.message}${got === undefined ? '' : `; got ${JSON.stringify(got)}`} once interpolated, in ${values ? `the cell ${values}` : 'its only cell'}`, i.key);
  }
  return undefined;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const p of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function buildCell(parsed: ParsedScenario, combo: Combination, varying: readonly string[], r: Resolved, overrides: Overrides, report: Report): Cell | undefined {
  // Defaults: the registry's first runtime, the runtime's first device, the device's primary metric.
  const runtimeName = String(r.runtime ?? RUNTIMES[0]!.name);
  const runtime = findRuntime(runtimeName);
  if (!runtime) return void report(['runtime'], `unknown runtime "${runtimeName}"${didYouMean(runtimeName, RUNTIME_NAMES)}; ${oneOf(RUNTIME_NAMES)}`);
  const device = String(r.device ?? runtimeDevices(runtime)[0]);
  if (!isDevice(device)) return void report(['device'], `unknown device "${device}"; expected ${DEVICE_NAMES.join(' or ')}`);
  if (!runtime.devices[device]) return void report(['device'], `runtime ${runtime.name} does not run on ${device}; it runs on: ${runtimeDevices(runtime).join(', ')}`);
  if (r.server !== undefined && !runtime.server) return void report(['server'], `runtime ${runtime.name} drives no server; server: is for a runtime that does (${RUNTIMES.filter((x) => x.server).map((x) => x.name).join(', ')})`);
  const server = runtime.server?.resolve(r.server, device);
  if (server && 'message' in server) return void report(['server', ...server.path], server.message);
  const can = server?.can ?? runtime.devices[device]!;
  const sourced = server?.sources ? { ...runtime, sources: runtime.sources.filter((s) => server.sources!.includes(s.name)) } : runtime;
  const metric = String(overrides.metric ?? r.metric ?? DEVICES[device].primaryMetric);
  if (!isMetric(metric)) return void report(['metric'], `unknown metric "${metric}"${didYouMean(metric, METRIC_NAMES)}; ${oneOf(METRIC_NAMES)}`);

  const variant = String(combo.strategy ?? DEFAULT_STRATEGY);
  const resolved = resolveStrategy(variant, r.strategies ?? {});
  if (typeof resolved === 'string') return undefined; // reported on the matrix axis already
  // The scenario's start-up environment goes with every strategy (an empty value: leave it unset).
  const scenarioEnv = Object.fromEntries(Object.entries(r.env ?? {}).filter(([, v]) => v !== ''));
  // Likewise its runtime options (a strategy's own win).
  const strategy = { ...resolved, env: { ...scenarioEnv, ...resolved.env }, options: { ...r.options, ...resolved.options } };
  const checked = (server?.options ?? runtime.options)?.safeParse(strategy.options);
  if (checked && !checked.success) {
    const issue = checked.error.issues[0]!;
    return void report(['options', ...issue.path.map(String)], `runtime ${runtime.name}: option ${issue.path.join('.')} ${issue.message}; got ${JSON.stringify(valueAt(strategy.options, issue.path as (string | number)[]))} (strategy ${variant})`);
  }

  let failed = false;
  const steps = flattenSteps(r.steps as RawStep[], strategy, sourced, can, (path, message) => {
    failed = true;
    report(path, message);
  });
  if (failed) return undefined;

  const needed = [...strategy.beforeUnload, ...strategy.afterUnload].filter((a) => !can.actions.includes(a));
  const skip = needed.length
    ? `strategy ${strategy.name} needs ${[...new Set(needed)].join(', ')}, which runtime ${runtime.name}${server ? ` with server ${server.spec.profile}` : ''} does not have on ${device}`
    : !can.isolation.includes(strategy.isolation)
      ? `strategy ${strategy.name} needs ${strategy.isolation} isolation, which runtime ${runtime.name} does not offer`
      : undefined;
  const raw = parsed.raw;
  const idParts = varying.map((k) => `${k}-${combo[k] === '' ? 'unset' : combo[k]}`);
  return {
    id: [parsed.name, variant, ...idParts].join('.').replace(/[^A-Za-z0-9._-]+/g, '_'),
    scenario: parsed.name,
    file: parsed.file,
    axes: combo,
    variant,
    strategy,
    runtime: runtime.name,
    device,
    metric,
    pss: sourceOf(metric) === 'smaps_rollup' || (overrides.pss ?? false),
    repeats: overrides.repeat ?? raw.repeat ?? 1,
    timeoutS: overrides.timeout ?? raw.timeout ?? DEFAULT_TIMEOUT_S,
    sampleIntervalMs: raw.sample_interval_ms ?? DEFAULT_SAMPLE_INTERVAL_MS,
    seed: raw.seed ?? 0,
    steps,
    ...(server ? { server: server.spec } : {}),
    ...(skip ? { skip } : {}),
  };
}

/** Cell ids name directories: make them unique even when two combinations sanitize alike. */
function uniqueIds(cells: Cell[]): Cell[] {
  const count = new Map<string, number>();
  return cells.map((c) => {
    const n = (count.get(c.id) ?? 0) + 1;
    count.set(c.id, n);
    return n === 1 ? c : { ...c, id: `${c.id}-${n}` };
  });
}
