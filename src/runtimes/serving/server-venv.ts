import { ensureOverlayVenv, overlayPython, overlayReady, overlayVenvDir } from '../python-env/overlay-venv.js';
import type { FoundPython } from '../python-env/find-python.js';
import type { Profile } from './profiles.js';

/** A profile's own virtualenv: its pinned server packages over the project's interpreter (python-env/overlay-venv.ts). */
export function serverVenvDir(profile: Profile, python: FoundPython): string {
  return overlayVenvDir('servers', profile.name, profile.requirements ?? [], python);
}

export const serverPython = overlayPython;
export const serverVenvReady = overlayReady;

/** Builds it when missing (once; minutes: ray is large); throws with pip's last lines when it cannot. */
export async function ensureServerVenv(profile: Profile, python: FoundPython, log: (line: string) => void): Promise<string> {
  return ensureOverlayVenv(serverVenvDir(profile, python), `${profile.name} server's`, profile.requirements!, python, log);
}
