import { z } from 'zod';
import { AckSchema, eventSchema } from './events.js';
import { CellPlanSchema } from './plan.js';

/**
 * runners/protocol.schema.json: the plan a runner reads, the events it writes and the ack it gets,
 * generated from the zod schemas (make schema); the runners' tests validate against it.
 */
export function protocolJsonSchema(inprocNames: readonly string[]): string {
  const defs: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries({ plan: CellPlanSchema, event: eventSchema(inprocNames), ack: AckSchema })) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    defs[id] = rest;
  }
  const doc = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'reclaim runner protocol (generated from src/protocol/: do not edit)',
    description: 'A runner reads one `plan` on stdin, writes `event` lines on fd 3 and, after each mark event, reads one `ack` line there.',
    $defs: defs,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
