import { IN_PROCESS_METRIC_NAMES } from '../metrics/catalogue.js';
import { parse } from '../cli/args.js';
import { protocolJsonSchema } from '../protocol/json-schema.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';

/** The JSON Schema of scenario files (scenarios/schema.json), or with --protocol of the runner protocol. */
export async function schemaCommand(args: string[]): Promise<number> {
  const { values } = parse('schema', args, { protocol: { type: 'boolean' } });
  process.stdout.write(values.protocol ? protocolJsonSchema(IN_PROCESS_METRIC_NAMES) : scenarioJsonSchema());
  return 0;
}
