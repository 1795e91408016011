import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

/** scenarios/schema.json: editor completion and checks through `# yaml-language-server: $schema=`. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'reclaim scenario' }, null, 2)}\n`;
}
