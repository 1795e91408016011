import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyseCell } from '../../src/analysis/analyse-cell.js';
import { SCENARIO_FIGURES } from '../../src/analysis/figures.js';
import { IN_PROCESS_METRIC_NAMES, METRICS } from '../../src/metrics/catalogue.js';
import { localCellRunner } from '../../src/orchestrator/local-runner.js';
import { protocolJsonSchema } from '../../src/protocol/json-schema.js';
import { expandScenario } from '../../src/scenario/expand.js';
import { parseScenarioText } from '../../src/scenario/parse-file.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { isAllocatorVariable } from '../../src/strategies/allocator-env.js';
import { readCsv, tmp } from './helpers.js';

// Adding a runtime is its folder (here test/fixtures/runtimes/toy/: descriptor, driver, runner) and one
// line in src/runtimes/registry.ts: the mock adds exactly that line. Nothing else is edited, and every
// part of the harness below picks the toy up.
vi.mock('../../src/runtimes/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/runtimes/registry.js')>();
  const { toy } = await import('../fixtures/runtimes/toy/index.js');
  return { ...real, ...real.registryOf([...real.RUNTIMES, toy]) };
});

const scenario = (actions: string) => `name: toy-swap
runtime: toy
strategies:
  drop: { description: drops its buffers, after_unload: [${actions}] }
matrix:
  strategy: [drop]
steps:
  - mark: before
  - load: { model: tiny-bert, name: a }
  - mark: loaded
  - unload: a
  - mark: { label: after, settled: true }
`;

describe('a runtime added as one folder and one registry line', () => {
  it('its metric, actions, allocator variables and protocol are known everywhere', () => {
    expect(METRICS.toy_buffers?.label).toBe('toy buffers');
    expect(IN_PROCESS_METRIC_NAMES).toContain('toy_buffers');
    expect(protocolJsonSchema(IN_PROCESS_METRIC_NAMES)).toContain('"toy_buffers"');
    expect(isAllocatorVariable('TOY_ALLOC_CONF')).toBe(true);
    // An action it does not have: the cell cannot run anywhere, and says which runtime lacks what.
    const [lacking] = expandScenario(parseScenarioText('toy.yaml', scenario('empty_cache')), {}, undefined, SCENARIO_FIGURES);
    expect(lacking!.skip).toMatch(/toy.*empty_cache|empty_cache.*toy/);
    expect(() => expandScenario(parseScenarioText('toy.yaml', scenario('no_such_action')), {}, undefined, SCENARIO_FIGURES)).toThrow(ScenarioError);
  });

  it('its cells validate, run with its runner, and are measured and analysed like any other', async () => {
    const [cell] = expandScenario(parseScenarioText('toy.yaml', scenario('gc, drop_buffers')), {}, undefined, SCENARIO_FIGURES);
    expect(cell!.runtime).toBe('toy');
    const runDir = tmp('toy');
    const runner = localCellRunner({ analyse: analyseCell });
    const progress = { log: () => {}, cellStart: () => {}, cellMark: () => {}, cellEnd: () => {}, finish: () => {} };
    await runner.prepare([cell!], progress);
    const record = await runner.run({ cell: cell!, repeat: 1, id: 'toy.r1', runDir, progress, n: 1, total: 1, label: 'toy' });
    expect(record !== 'interrupted' && record.status, record !== 'interrupted' && record.status !== 'ok' ? record.reason : '').toBe('ok');
    const marks = readCsv(path.join(runDir, 'cells', 'toy.r1', 'marks.csv'));
    expect(marks.map((m) => Number(m.toy_buffers))).toEqual([0, 16, 0]);
    expect(record !== 'interrupted' && record.status === 'ok' && record.figures.summary).toMatchObject({ baseline_mib: expect.any(Number), retained_mib: expect.any(Number) });
  });
});
