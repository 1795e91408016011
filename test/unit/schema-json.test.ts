import { IN_PROCESS_METRIC_NAMES } from '../../src/metrics/catalogue.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SCENARIOS_DIR } from '../../src/paths.js';
import { protocolJsonSchema } from '../../src/protocol/json-schema.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';

describe('scenarios/schema.json', () => {
  it('is the schema generated from the zod schema (run `make schema` after changing it)', () => {
    expect(readFileSync(path.join(SCENARIOS_DIR, 'schema.json'), 'utf8')).toBe(scenarioJsonSchema());
  });

  it('describes steps recursively and rejects unknown keys', () => {
    const s = JSON.parse(scenarioJsonSchema());
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.steps.items).toEqual({ $ref: '#/$defs/step' });
    expect(JSON.stringify(s.$defs.step)).toContain('"$ref":"#/$defs/step"');
  });
});

describe('runners/protocol.schema.json', () => {
  it('is generated from src/protocol/ (run `make schema` after changing it)', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'runners', 'protocol.schema.json'), 'utf8')).toBe(protocolJsonSchema(IN_PROCESS_METRIC_NAMES));
  });

  it('holds the plan, every event and the ack; a hello must say what the runner implements', () => {
    const s = JSON.parse(protocolJsonSchema(IN_PROCESS_METRIC_NAMES)) as { $defs: Record<string, { oneOf?: { properties: Record<string, { const?: string }>; required: string[] }[]; anyOf?: unknown[] }> };
    expect(Object.keys(s.$defs)).toEqual(['plan', 'event', 'ack']);
    const event = s.$defs.event!;
    const events = (event.oneOf ?? event.anyOf) as NonNullable<typeof event.oneOf>;
    expect(events.map((e) => e.properties.event!.const)).toEqual(['hello', 'mark', 'timing', 'info', 'requests', 'error', 'done']);
    expect(events[0]!.required).toContain('implements');
  });
});
