import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Duplex } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/orchestrator/build-plan.js';
import { cellEnvironment } from '../../src/orchestrator/cell-env.js';
import { RUNTIMES } from '../../src/runtimes/registry.js';
import { runtimeDevices, type DeviceCapabilities, type Runtime } from '../../src/runtimes/runtime.js';
import type { Device } from '../../src/runtimes/devices.js';
import { expandScenario } from '../../src/scenario/expand.js';
import { ALLOCATOR_ACTIONS } from '../../src/strategies/allocator-actions.js';
import { resolvePreload } from '../../src/strategies/preload.js';
import { parseScenarioText } from '../../src/scenario/parse-file.js';
import { ROOT } from './helpers.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'runners', 'protocol.schema.json'), 'utf8')) as { $defs: Record<string, object> };
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validatePlan = ajv.compile(schema.$defs.plan!);
const validateEvent = ajv.compile(schema.$defs.event!);

/**
 * A scenario that makes the runner use every step and action its descriptor lists for the device; the
 * actions that call a preloaded allocator are played one at a time, with it preloaded (`allocator`).
 */
function scenarioFor(r: Runtime, device: Device, can: DeviceCapabilities, allocator?: string): string {
  const has = (op: string) => can.ops.includes(op as never);
  const strategy = allocator
    ? `{ preload: [${ALLOCATOR_ACTIONS[allocator]}], after_unload: [gc, ${allocator}] }`
    : `{ before_unload: [${can.actions.filter((a) => !(a in ALLOCATOR_ACTIONS)).join(', ')}], after_unload: [gc] }`;
  return [
    'name: contract',
    `runtime: ${r.name}`,
    `device: ${device}`,
    'matrix: { strategy: [everything] }',
    `strategies: { everything: ${strategy} }`,
    'steps:',
    '  - mark: start',
    ...(has('init') ? ['  - init: device'] : []),
    '  - load: { model: tiny-bert, source: synthetic, name: m }',
    '  - mark: loaded',
    ...(has('to') ? ['  - to: m'] : []),
    ...(has('infer') ? ['  - infer: m'] : []),
    ...(has('train_begin') ? ['  - train: { model: m, steps: 1, batch: 1, seq: 4 }'] : []),
    ...(has('keep') ? ['  - keep: 4096'] : []),
    '  - sleep: 0',
    ...(has('requests_begin') ? ['  - requests: { model: m, count: 4, concurrency: 2 }'] : []),
    '  - release: [gc]',
    '  - unload: m',
    '  - mark: { label: end, settled: true }',
  ].join('\n');
}

/** Plays the harness's side of the protocol by hand: every line the runner writes on fd 3, marks acknowledged. */
async function talk(file: string, args: string[], env: Record<string, string>, plan: unknown): Promise<{ lines: string[]; exitCode: number | undefined; stderr: string }> {
  const child = execa(file, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], input: JSON.stringify(plan), env, extendEnv: false, reject: false, timeout: 120_000 });
  const fd3 = child.stdio[3] as Duplex;
  const lines: string[] = [];
  readline.createInterface({ input: fd3 }).on('line', (line) => {
    lines.push(line);
    const event = JSON.parse(line) as { event: string; index?: number };
    if (event.event === 'mark') fd3.write(`${JSON.stringify({ ack: event.index })}\n`);
  });
  const r = await child;
  return { lines, exitCode: r.exitCode, stderr: String(r.stderr) };
}

describe('every runner keeps the protocol (runners/protocol.schema.json) and does what its descriptor says', () => {
  const cases = RUNTIMES.flatMap((r) =>
    runtimeDevices(r).flatMap((device) => [
      { r, device, allocator: undefined as string | undefined },
      ...r.devices[device]!.actions.filter((a) => a in ALLOCATOR_ACTIONS).map((allocator) => ({ r, device, allocator })),
    ]),
  );
  for (const { r, device, allocator } of cases) {
    {
      it(`${r.name} on ${device}${allocator ? `: ${allocator}, ${ALLOCATOR_ACTIONS[allocator]} preloaded` : ''}`, async (ctx) => {
        const available = await r.driver.availability(device);
        if (!available.available) return ctx.skip(`${r.name}/${device} is not available here: ${available.reason}`);
        const lib = allocator ? resolvePreload(ALLOCATOR_ACTIONS[allocator]!) : undefined;
        if (lib && 'reason' in lib) return ctx.skip(lib.reason);
        const can = r.devices[device]!;
        const [cell] = expandScenario(parseScenarioText('contract.yaml', scenarioFor(r, device, can, allocator)));
        const { plan } = await buildPlan(cell!, r.driver, 'contract.r1');
        await r.driver.prepare(plan, () => {});
        expect(validatePlan(plan), JSON.stringify(validatePlan.errors)).toBe(true);

        const env = cellEnvironment(cell!.strategy, lib && 'path' in lib ? [lib.path] : [], r.driver.env).env;
        const command = await r.driver.command(env, plan);
        const { lines, exitCode, stderr } = await talk(command.file, command.args, command.env, plan);
        expect(exitCode, stderr).toBe(0);
        for (const line of lines) expect(validateEvent(JSON.parse(line)), `${line}: ${JSON.stringify(validateEvent.errors)}`).toBe(true);

        const events = lines.map((l) => JSON.parse(l) as { event: string; implements?: { ops: string[]; actions: string[]; noop: string[] } });
        expect(events[0]!.event).toBe('hello');
        expect(events.at(-1)!.event).toBe('done');
        expect(events.filter((e) => e.event === 'mark')).toHaveLength(plan.steps.filter((s) => s.op === 'mark').length);
        const said = events[0]!.implements!;
        // What it says it has is checked where the plan uses everything (an interpreter without the
        // extras, as for these allocator cases, lacks what only the extras bring).
        if (allocator) return;
        expect([...said.ops].sort()).toEqual([...can.ops].sort());
        expect([...said.actions].sort()).toEqual([...can.actions].sort());
        expect([...said.noop].sort()).toEqual([...can.noop].sort());
      });
    }
  }
});
