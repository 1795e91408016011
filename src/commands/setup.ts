import { parse } from '../cli/args.js';
import { RUNTIMES } from '../runtimes/registry.js';

export const SETUP_HELP = `reclaim setup [--refresh]             build or find what the runners need (the Python virtualenv);
                                      --refresh forgets what was cached about the interpreters and asks again`;

/** Installs what runners need (the Python virtualenv, ...); idempotent, quick once done. */
export async function setupCommand(args: string[]): Promise<number> {
  const { values } = parse('setup', args, { refresh: { type: 'boolean' } });
  for (const r of RUNTIMES) await r.driver.setup?.((line) => process.stderr.write(`${line}\n`), { refresh: values.refresh ?? false });
  return 0;
}
