import { parse } from '../cli/args.js';
import { UserError } from '../errors.js';
import { loaderProblem, ownGlibc } from '../libc/choice.js';
import { fetchGlibc } from '../libc/glibc-loader.js';
import { DEBIAN_RELEASES, RELEASE_NAMES } from '../libc/releases.js';
import { RUNTIMES } from '../runtimes/registry.js';

export const SETUP_HELP = `reclaim setup [--refresh] [--servers] [--libc]  build or find what the runners need (the Python virtualenv);
                                      --refresh forgets what was cached about the interpreters and asks again;
                                      --servers also builds each server profile's virtualenv and onnxruntime's
                                      (for ONNX files in the python runtime; minutes, once);
                                      --libc fetches the glibc of each Debian release no older than this
                                      machine's (libc6, with apt's own tools) for the libc axis's glibc-<version>`;

/** Installs what runners need (the Python virtualenv, ...); idempotent, quick once done. */
export async function setupCommand(args: string[]): Promise<number> {
  const { values } = parse('setup', args, { refresh: { type: 'boolean' }, servers: { type: 'boolean' }, libc: { type: 'boolean' } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  for (const r of RUNTIMES) await r.driver.setup?.(log, { refresh: values.refresh ?? false, optional: values.servers ?? false });
  if (values.libc) await setupLibc(log);
  return 0;
}

/** Every glibc the loader can run here: those of the releases at or above this machine's own. */
async function setupLibc(log: (line: string) => void): Promise<void> {
  if (!ownGlibc()) throw new UserError('reclaim setup --libc: this machine does not run on glibc, so no other glibc can be swapped in (libc: debian-<release> runs a release in its image)');
  for (const release of RELEASE_NAMES) {
    const { glibc } = DEBIAN_RELEASES[release];
    const problem = loaderProblem(glibc, release);
    if (problem) {
      log(`reclaim: glibc ${glibc} (${release}): ${problem}`);
      continue;
    }
    try {
      await fetchGlibc(release, log);
    } catch (err) {
      throw new UserError(`reclaim setup --libc: ${(err as Error).message}`);
    }
  }
}
