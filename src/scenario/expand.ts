import { DEFAULT_STRATEGY } from '../strategies/catalogue.js';
import { DEVICES, DEVICE_NAMES, isDevice } from '../runtimes/devices.js';
import { findRuntime, RUNTIMES, RUNTIME_NAMES } from '../runtimes/registry.js';
import { runtimeDevices } from '../runtimes/runtime.js';
import { isMetric, METRIC_NAMES } from '../samplers/metrics.js';
import { DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_TIMEOUT_S, type Cell } from './cell.js';
import { interpolate, type Scalar, type Vars } from './interpolate.js';
import { expandMatrix, type Combination } from './matrix.js';
import type { ParsedScenario } from './parse-file.js';
import { ScenarioError, problem, type Problem } from './problems.js';
import { resolveStrategy } from './resolve-strategy.js';
import type { RawStep } from './schema.js';
import { flattenSteps } from './flatten.js';
import { didYouMean, oneOf } from './suggest.js';

/** Command-line overrides of what a scenario file says. */
export interface Overrides {
  iterations?: number;
  repeat?: number;
  timeout?: number;
  /** Replace the values of matrix axes: --set axis=a,b */
  set?: Readonly<Record<string, Scalar[]>>;
}

type Path = (string | number)[];

/**
 * Every cell of a parsed scenario: the matrix expanded, `${...}` interpolated per cell, strategies
 * resolved, steps unrolled into a plan. All problems (with file:line:col) are thrown together.
 */
export function expandScenario(parsed: ParsedScenario, overrides: Overrides = {}): Cell[] {
  const { raw, file, map } = parsed;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report = (path: Path, message: string, key?: string) => {
    if (message === '') return;
    const p = problem(file, map.position(path, key), key !== undefined ? [...path, key] : path, message);
    const id = `${p.line}:${p.col}:${p.message}`;
    if (!seen.has(id)) seen.add(id), problems.push(p);
  };

  const axes: Record<string, Scalar[]> = { ...(raw.matrix ?? {}) };
  for (const [axis, values] of Object.entries(overrides.set ?? {})) {
    if (!(axis in axes)) {
      const known = Object.keys(axes);
      report(['matrix'], `--set ${axis}: the scenario has no matrix axis "${axis}"${didYouMean(axis, known)}; axes: ${known.join(', ') || 'none'}`);
    }
    axes[axis] = [...values];
  }
  if ('iterations' in axes) report(['matrix'], 'a matrix axis may not be called "iterations" (it is the ${iterations} variable)', 'iterations');
  for (const field of ['exclude', 'include'] as const) {
    for (const [i, ex] of (raw[field] ?? []).entries()) {
      for (const k of Object.keys(ex)) if (!(k in axes)) report([field, i], `"${k}" is not a matrix axis; axes: ${Object.keys(axes).join(', ')}`, k);
    }
  }
  for (const [i, inc] of (raw.include ?? []).entries()) {
    if (inc.strategy !== undefined) {
      const r = resolveStrategy(String(inc.strategy), raw.strategies ?? {});
      if (typeof r === 'string') report(['include', i, 'strategy'], r);
    }
  }
  if (axes.strategy) {
    axes.strategy.forEach((s, i) => {
      const r = resolveStrategy(String(s), raw.strategies ?? {});
      if (typeof r === 'string') report(['matrix', 'strategy', i], r);
    });
  }

  const iterations = overrides.iterations ?? raw.iterations ?? 1;
  const cells: Cell[] = [];
  const combos = expandMatrix(axes, raw.exclude as Combination[] | undefined, raw.include as Combination[] | undefined);
  // Cell ids name the axes that tell cells apart; an axis with one value throughout adds nothing.
  const varying = Object.keys(axes).filter((a) => a !== 'strategy' && new Set(combos.map((c) => String(c[a]))).size > 1);
  for (const combo of combos) {
    const vars: Vars = { ...combo, iterations, scenario: parsed.name };
    const unknownVar = (path: Path, name: string) =>
      report(path, `unknown variable \${${name}}${didYouMean(name, Object.keys(vars))}; defined: ${Object.keys(vars).join(', ')}`);
    const resolved = interpolate(
      { runtime: raw.runtime, device: raw.device, metric: raw.metric, strategies: raw.strategies, env: raw.env, steps: raw.steps },
      vars,
      unknownVar,
    );
    const cell = buildCell(parsed, combo, varying, resolved, overrides, report);
    if (cell) cells.push(cell);
  }
  if (problems.length) throw new ScenarioError(problems);
  return uniqueIds(cells);
}

function buildCell(
  parsed: ParsedScenario,
  combo: Combination,
  varying: readonly string[],
  r: { runtime?: string; device?: string; metric?: string; strategies?: ParsedScenario['raw']['strategies']; env?: Record<string, string>; steps: RawStep[] },
  overrides: Overrides,
  report: (path: Path, message: string, key?: string) => void,
): Cell | undefined {
  // Defaults: the registry's first runtime, the runtime's first device, the device's primary metric.
  const runtimeName = String(r.runtime ?? RUNTIMES[0]!.name);
  const runtime = findRuntime(runtimeName);
  if (!runtime) return void report(['runtime'], `unknown runtime "${runtimeName}"${didYouMean(runtimeName, RUNTIME_NAMES)}; ${oneOf(RUNTIME_NAMES)}`);
  const device = String(r.device ?? runtimeDevices(runtime)[0]);
  if (!isDevice(device)) return void report(['device'], `unknown device "${device}"; expected ${DEVICE_NAMES.join(' or ')}`);
  const can = runtime.devices[device];
  if (!can) return void report(['device'], `runtime ${runtime.name} does not run on ${device}; it runs on: ${runtimeDevices(runtime).join(', ')}`);
  const metric = String(r.metric ?? DEVICES[device].primaryMetric);
  if (!isMetric(metric)) return void report(['metric'], `unknown metric "${metric}"${didYouMean(metric, METRIC_NAMES)}; ${oneOf(METRIC_NAMES)}`);

  const variant = String(combo.strategy ?? DEFAULT_STRATEGY);
  const resolved = resolveStrategy(variant, r.strategies ?? {});
  if (typeof resolved === 'string') return undefined; // reported on the matrix axis already
  // The scenario's start-up environment goes with every strategy (an empty value: leave it unset).
  const scenarioEnv = Object.fromEntries(Object.entries(r.env ?? {}).filter(([, v]) => String(v) !== '').map(([k, v]) => [k, String(v)]));
  const strategy = { ...resolved, env: { ...scenarioEnv, ...resolved.env } };

  let failed = false;
  const steps = flattenSteps(r.steps, strategy, runtime, can, (path, message) => {
    failed = true;
    report(path, message);
  });
  if (failed) return undefined;

  const needed = [...strategy.beforeUnload, ...strategy.afterUnload].filter((a) => !can.actions.includes(a));
  const skip = needed.length
    ? `strategy ${strategy.name} needs ${[...new Set(needed)].join(', ')}, which runtime ${runtime.name} does not have on ${device}`
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
    repeats: overrides.repeat ?? raw.repeat ?? 1,
    timeoutS: overrides.timeout ?? raw.timeout ?? DEFAULT_TIMEOUT_S,
    sampleIntervalMs: raw.sample_interval_ms ?? DEFAULT_SAMPLE_INTERVAL_MS,
    seed: raw.seed ?? 0,
    steps,
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
