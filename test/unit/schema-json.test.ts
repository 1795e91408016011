import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/paths.js';
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
