import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from '../cli/args.js';
import { textTable } from '../tables/render.js';
import { errorMessage } from '../errors.js';
import { libcAvailability } from '../libc/available.js';
import { MODELS, modelBytes, modelParameters, type ModelSpec } from '../models/catalogue.js';
import { SCENARIOS_DIR } from '../paths.js';
import { planMarks } from '../protocol/plan.js';
import { availabilityOf, targetKey } from '../runtimes/availability.js';
import { RUNTIMES } from '../runtimes/registry.js';
import type { Availability } from '../runtimes/runtime.js';
import { withMemoryLimits } from '../docker/cells-with-limits.js';
import { expandScenario } from '../scenario/expand.js';
import { parseScenarioFile } from '../scenario/parse-file.js';
import { STRATEGIES } from '../strategies/catalogue.js';
import { strategyOutsideUnavailable } from '../strategies/outside-actions.js';
import { resolvePreload } from '../strategies/preload.js';
import type { Strategy } from '../strategies/strategy.js';
import { MIB } from '../protocol/measurement.js';
import { SCENARIO_FIGURES } from '../analysis/figures.js';

const table = (header: string[], rows: string[][]) => textTable({ header, rows });

/** Scenarios, strategies, models and runtimes, and whether each can run on this machine (and why not). */
export async function listCommand(args: string[]): Promise<number> {
  parse('list', args, {});
  const availability = await availabilityOf();
  const out: string[] = [];

  out.push('Runtimes', table(['runtime', 'device', 'status', 'details'], [...availability].map(([target, a]) => {
    const [runtime, device] = target.split('/');
    return [runtime!, device!, a.available ? 'available' : 'unavailable', a.available ? [a.detail, ...a.notes].join('; ') : a.reason];
  })), '');

  const servers = (await Promise.all(RUNTIMES.map(async (r) => (await r.driver.servers?.())?.map((s) => [r.name, s] as const) ?? []))).flat();
  if (servers.length) {
    out.push('Servers', table(['runtime', 'server', 'devices', 'status', 'details'], servers.map(([runtime, s]) => [
      runtime,
      s.name,
      s.devices.join(', '),
      s.unavailable ? `unavailable: ${s.unavailable}` : 'available',
      s.detail,
    ])), '');
  }

  const strategyRows = await Promise.all(STRATEGIES.map(async (s) => {
    const missing = missingPreload(s) ?? (await strategyOutsideUnavailable(s));
    return [s.name, s.origin ?? '', missing ? `unavailable: ${missing}` : 'available', s.description];
  }));
  out.push('Strategies', table(['name', 'origin', 'status', 'what it does'], strategyRows), '');

  out.push('C libraries (the libc axis)', table(['libc', 'status', 'what it is'], (await libcAvailability()).map((l) => [l.value, l.status, l.detail])), '');

  out.push('Models', table(['name', 'parameters', 'MiB', 'sources', 'description'], MODELS.map((m) => [
    m.name,
    `${(modelParameters(m) / 1e6).toFixed(1)} M`,
    (modelBytes(m) / MIB).toFixed(1),
    sourcesFor(m).join(', '),
    m.description,
  ])), '');

  const rows: string[][] = [];
  for (const file of scenarioFiles()) {
    try {
      const cells = withMemoryLimits(expandScenario(parseScenarioFile(file), {}, undefined, SCENARIO_FIGURES), false);
      const skipped = cells
        .map((c) => c.skip ?? missingPreload(c.strategy) ?? unavailable(availability.get(targetKey(c.runtime, c.device))))
        .filter((r): r is string => r !== undefined);
      const marks = [...new Set(cells.map((c) => planMarks(c.steps).length))].join('/');
      const status = skipped.length === 0 ? 'all runnable' : `${cells.length - skipped.length} runnable, ${skipped.length} skipped: ${[...new Set(skipped)].join('; ')}`;
      rows.push([path.relative(process.cwd(), file), String(cells.length), marks, status]);
    } catch (err) {
      rows.push([path.relative(process.cwd(), file), '-', '-', `invalid: ${errorMessage(err).split('\n')[0]}`]);
    }
  }
  out.push('Scenarios', table(['file', 'cells', 'marks/cell', 'status here'], rows));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function scenarioFiles(): string[] {
  try {
    return readdirSync(SCENARIOS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(SCENARIOS_DIR, f));
  } catch {
    return [];
  }
}

/** The catalogue sources (not auto, not prefixes) some runtime can load this model from. */
function sourcesFor(model: ModelSpec): string[] {
  const names = RUNTIMES.flatMap((r) => r.sources.filter((s) => !s.prefix && s.name !== 'auto' && !s.refuses?.(model)).map((s) => s.name));
  return [...new Set(names)];
}

function missingPreload(s: Strategy): string | undefined {
  for (const lib of s.preload) {
    const r = resolvePreload(lib);
    if ('reason' in r) return r.reason;
  }
  return undefined;
}

function unavailable(a: Availability | undefined): string | undefined {
  return a && !a.available ? a.reason : undefined;
}
