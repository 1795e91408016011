import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';
import type { Device } from '../devices.js';
import { TORCH_DRIVER } from '../python-env/torch-driver.js';
import { RUNNER_DIR } from '../python-env/files.js';
import { findPython } from '../python-env/find-python.js';
import type { Availability, RuntimeDriver } from '../runtime.js';

const CLIENT = path.join(PROJECT_ROOT, 'dist', 'runners', 'serving', 'client.js');
const SERVER = path.join(RUNNER_DIR, 'serve.py');

/** The server a cell starts: reclaim's (serve.py), or one of your own speaking its HTTP API. */
function serverScript(): string {
  return process.env.RECLAIM_SERVING_SERVER ? path.resolve(process.env.RECLAIM_SERVING_SERVER) : SERVER;
}

/** The Python runtime's interpreter and checkpoints, with FastAPI and uvicorn on top (its setup installs them). */
export const servingDriver: RuntimeDriver = {
  async availability(device: Device): Promise<Availability> {
    if (!existsSync(CLIENT)) return { available: false, reason: `${path.relative(PROJECT_ROOT, CLIENT)} is not built (make build)` };
    if (!existsSync(serverScript())) return { available: false, reason: `RECLAIM_SERVING_SERVER names ${serverScript()}, which does not exist` };
    const a = await TORCH_DRIVER.availability(device);
    if (!a.available) return a;
    const found = await findPython();
    const p = typeof found === 'string' ? undefined : found.probe;
    if (!process.env.RECLAIM_SERVING_SERVER && (!p?.fastapi || !p.uvicorn)) {
      return { available: false, reason: `FastAPI and uvicorn are not installed in ${typeof found === 'string' ? 'the Python' : found.python} (reclaim setup installs them in its virtualenv)` };
    }
    const versions = { ...a.versions, ...(p?.fastapi ? { fastapi: p.fastapi } : {}), ...(p?.uvicorn ? { uvicorn: p.uvicorn } : {}) };
    const server = process.env.RECLAIM_SERVING_SERVER ? `server ${serverScript()} (RECLAIM_SERVING_SERVER)` : `FastAPI ${p?.fastapi} on uvicorn ${p?.uvicorn}`;
    return { ...a, detail: `${server}, ${a.detail}`, versions };
  },

  resolveSource: (source) => TORCH_DRIVER.resolveSource(source),

  prepare: (plan, log) => TORCH_DRIVER.prepare(plan, log),

  async command(env: Record<string, string>) {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    return { file: process.execPath, args: [CLIENT, '--python', found.python, '--server', serverScript()], env };
  },

  env: TORCH_DRIVER.env,
};
