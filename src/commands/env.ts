import { parse } from '../cli/args.js';
import { fingerprint } from '../env/fingerprint.js';

export async function envCommand(args: string[]): Promise<number> {
  parse('env', args, {});
  process.stdout.write(`${JSON.stringify(await fingerprint(), null, 2)}\n`);
  return 0;
}
