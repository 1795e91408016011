import path from 'node:path';
import { list, parse, positiveInt } from '../cli/args.js';
import { RUN_OPTIONS, runOverrides } from '../cli/run-options.js';
import { UserError } from '../errors.js';
import type { FleetRun } from '../fleet/fleet-run.js';
import { LIMITS } from '../limits.js';
import { DEVICES } from '../runtimes/devices.js';
import { loadScenarios, onlyVariants } from '../scenario/load-scenarios.js';
import { defaultRunDir } from '../store/results-dir.js';
import { SCENARIO_FIGURES } from '../analysis/figures.js';

/** Options of `reclaim run` a fleet command passes on to every shard. */
export const FORWARDED_HELP = `  --only, --set, --repeat, --iterations, --timeout, --metric, --pss: as for reclaim run, passed to every shard`;

/** Parses a fleet command's arguments (`extra`: its own options) and checks the scenarios as reclaim run would. */
export function parseFleetRun<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(command: string, argv: string[], extra: T, defaultOut: (name: string) => string) {
  const dash = argv.indexOf('--');
  const args = dash < 0 ? argv : argv.slice(0, dash);
  const engineArgs = dash < 0 ? [] : argv.slice(dash + 1);
  const { values, positionals } = parse(command, args, {
    shards: { type: 'string' },
    out: { type: 'string' },
    ...RUN_OPTIONS,
    ...extra,
  });
  const v = values as Record<string, string | string[] | boolean | undefined>;
  if (positionals.length === 0) throw new UserError(`reclaim ${command}: name at least one scenario file`);
  if (v.shards === undefined) throw new UserError(`reclaim ${command}: --shards N is required (how many parts to split the run into)`);
  const shards = positiveInt('--shards', v.shards as string, LIMITS.shards)!;
  const { overrides, args: runArgs } = runOverrides(v as Parameters<typeof runOverrides>[0]);
  // Every word lands in a job script or manifest: one line each, whatever the shell or YAML makes of it.
  const multiline = [...positionals, ...runArgs, ...(typeof v.out === 'string' ? [v.out] : [])].find((a) => /[\u0000-\u001f\u007f]/.test(a));
  if (multiline !== undefined) throw new UserError(`reclaim ${command}: ${JSON.stringify(multiline)} holds a control character (a newline?); job scripts take one line per word`);
  const { scenarios, cells: all } = loadScenarios(positionals, overrides, SCENARIO_FIGURES);
  const cells = onlyVariants(all, list(v.only as string | undefined));
  const runs = cells.reduce((n, c) => n + c.repeats, 0);
  if (shards > runs) throw new UserError(`--shards ${shards}: the run has ${runs} run(s) of its cells; at most that many shards (each shard gets at least one)`);
  for (const a of engineArgs) {
    if (!/^-/.test(a) || /[\u0000-\u001f\u007f]/.test(a)) throw new UserError(`reclaim ${command}: after --, options for the engine (each starting with -, on one line), got ${JSON.stringify(a)}`);
  }
  const name = [...new Set(scenarios.map((s) => s.name))].join('+').slice(0, 40);
  const out = path.resolve((v.out as string | undefined) ?? defaultOut(name));
  return { run: { scenarios: positionals, runArgs, shards, out, name, gpu: cells.some((c) => DEVICES[c.device].gpu), runs, engineArgs } satisfies FleetRun, values: v };
}

/** <out> for a fleet run: results/<date>-<time>-<scenarios>-<engine>. */
export const fleetOut = (engine: string) => (name: string) => `${defaultRunDir([name])}-${engine}`;

