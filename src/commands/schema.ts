import { parse } from '../cli/args.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';

export async function schemaCommand(args: string[]): Promise<number> {
  parse('schema', args, {});
  process.stdout.write(scenarioJsonSchema());
  return 0;
}
