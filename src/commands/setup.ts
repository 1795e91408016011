import { parse } from '../cli/args.js';
import { setupPython } from '../runtimes/python/setup.js';

/** Installs what runners need (the Python virtualenv); idempotent, quick once done. */
export async function setupCommand(args: string[]): Promise<number> {
  parse('setup', args, {});
  await setupPython((line) => process.stderr.write(`${line}\n`));
  return 0;
}
