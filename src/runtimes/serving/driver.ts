import { existsSync } from 'node:fs';
import { outsideActionsUnavailable } from '../../strategies/outside-actions.js';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';
import type { CellPlan } from '../../protocol/plan.js';
import type { Device } from '../devices.js';
import { findPython, which } from '../python-env/find-python.js';
import { TORCH_DRIVER } from '../python-env/torch-driver.js';
import type { Availability, RuntimeDriver } from '../runtime.js';
import { findProfile, PROFILES, type Profile } from './profiles.js';
import { ensureServerVenv, serverPython, serverVenvDir, serverVenvReady } from './server-venv.js';

const CLIENT = path.join(PROJECT_ROOT, 'dist', 'runners', 'serving', 'client.js');

/** Whether this process may run a server in a network namespace of its own (unshare --net, as root). */
function netnsUnavailable(): string | undefined {
  if (!which('unshare') || !which('ip')) return 'it listens beyond 127.0.0.1, so it runs in a network namespace of its own, which needs unshare and ip (util-linux, iproute2)';
  if (process.getuid?.() !== 0) return 'it listens beyond 127.0.0.1, so it runs in a network namespace of its own (unshare --net), which needs root here';
  return undefined;
}

/** Why a profile cannot start here for want of a command it needs (Java...), if so. */
function needsMissing(profile: Profile): string | undefined {
  for (const cmd of profile.needs) if (!which(cmd)) return `server profile ${profile.name} needs ${cmd}, which is not on PATH${cmd === 'java' ? ' (apt-get install openjdk-17-jre-headless)' : ''}`;
  return undefined;
}

/**
 * The serving runtime: the Node client (runners/serving/) drives a model server over HTTP. reclaim's own
 * server runs in the project's Python; a profile with requirements in its own virtualenv (built on first
 * use); a server that listens beyond 127.0.0.1 in a network namespace of its own, with its client.
 */
export const servingDriver: RuntimeDriver = {
  async availability(device: Device): Promise<Availability> {
    if (!existsSync(CLIENT)) return { available: false, reason: `${path.relative(PROJECT_ROOT, CLIENT)} is not built (make build)` };
    return TORCH_DRIVER.availability(device);
  },

  async unavailable(plan: CellPlan) {
    const profile = plan.server ? findProfile(plan.server.profile) : undefined;
    const missing = profile ? needsMissing(profile) : undefined;
    if (missing) return missing;
    if (plan.server?.binds === 'any') {
      const why = netnsUnavailable();
      if (why) return `server ${plan.server.profile}: ${why}`;
    }
    return outsideActionsUnavailable(plan.steps.flatMap((s) => (s.op === 'unload' ? [...s.before, ...s.after] : s.op === 'release' ? s.actions : [])));
  },

  resolveSource: (source) => TORCH_DRIVER.resolveSource(source),

  /** The checkpoints the plan loads, then the server's own virtualenv when its profile has one. */
  async prepare(plan, log) {
    await TORCH_DRIVER.prepare(plan, log);
    const profile = plan.server ? findProfile(plan.server.profile) : undefined;
    if (!profile?.requirements) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    await ensureServerVenv(profile, found, log);
  },

  async command(env: Record<string, string>, plan: CellPlan) {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    const profile = plan.server ? findProfile(plan.server.profile) : undefined;
    const python = profile?.requirements ? serverPython(serverVenvDir(profile, found)) : found.python;
    if (profile?.requirements && !serverVenvReady(serverVenvDir(profile, found))) throw new Error(`the ${profile.name} server's virtualenv is not built`);
    const client = [CLIENT, '--python', python, '--root', PROJECT_ROOT, ...(profile ? ['--profile', profile.dir] : [])];
    // A server that binds beyond 127.0.0.1 runs with its client in a network namespace of its own: the
    // client brings its loopback up; nothing of it is reachable from outside.
    if (plan.server?.binds === 'any') return { file: which('unshare')!, args: ['--net', '--', process.execPath, ...client, '--netns'], env };
    return { file: process.execPath, args: client, env };
  },

  env: TORCH_DRIVER.env,

  async servers() {
    const found = await findPython();
    return Promise.all(
      Object.values(PROFILES).map(async (p) => {
        const devices = await Promise.all(p.devices.map(async (d) => (await TORCH_DRIVER.availability(d)).available));
        const unavailable = !devices.some(Boolean)
          ? `runs on ${p.devices.join(', ')}, which this machine has not`
          : (needsMissing(p) ?? (p.server.binds === 'any' ? netnsUnavailable() : undefined));
        const venv = p.requirements && typeof found !== 'string' ? serverVenvDir(p, found) : undefined;
        const detail = !p.requirements
          ? "the project's Python"
          : venv && serverVenvReady(venv)
            ? `${p.requirements.join(' ')} in ${venv}`
            : `${p.requirements.join(' ')}: built on first use (or reclaim setup --servers)`;
        return { name: p.name, devices: p.devices, unavailable, detail, description: p.description };
      }),
    );
  },

  /** reclaim setup --servers: every profile's virtualenv that can run here (a GPU-only server where there is a GPU). */
  async setup(log, { optional }) {
    if (!optional) return;
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    for (const profile of Object.values(PROFILES)) {
      if (!profile.requirements) continue;
      const runs = await Promise.all(profile.devices.map(async (d) => (await TORCH_DRIVER.availability(d)).available));
      if (!runs.some(Boolean)) {
        log(`reclaim: the ${profile.name} server runs on ${profile.devices.join(', ')}, which this machine has not: its virtualenv is not built`);
        continue;
      }
      await ensureServerVenv(profile, found, log);
      log(`reclaim: the ${profile.name} server's virtualenv is ready`);
    }
  },
};
