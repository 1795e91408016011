import { parse } from '../cli/args.js';
import { RUNTIMES } from '../runtimes/registry.js';

/** Installs what runners need (the Python virtualenv, ...); idempotent, quick once done. */
export async function setupCommand(args: string[]): Promise<number> {
  parse('setup', args, {});
  for (const r of RUNTIMES) await r.driver.setup?.((line) => process.stderr.write(`${line}\n`));
  return 0;
}
