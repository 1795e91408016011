import { parse } from '../cli/args.js';
import { RUNTIMES } from '../runtimes/registry.js';

export const SETUP_HELP = `reclaim setup [--refresh] [--servers]  build or find what the runners need (the Python virtualenv);
                                      --refresh forgets what was cached about the interpreters and asks again;
                                      --servers also builds each server profile's virtualenv and onnxruntime's
                                      (for ONNX files in the python runtime; minutes, once)`;

/** Installs what runners need (the Python virtualenv, ...); idempotent, quick once done. */
export async function setupCommand(args: string[]): Promise<number> {
  const { values } = parse('setup', args, { refresh: { type: 'boolean' }, servers: { type: 'boolean' } });
  for (const r of RUNTIMES) await r.driver.setup?.((line) => process.stderr.write(`${line}\n`), { refresh: values.refresh ?? false, optional: values.servers ?? false });
  return 0;
}
