import { execa } from 'execa';
import { UserError } from '../errors.js';

/**
 * The images `--docker` runs cells in, and what each needs of `docker create`: the CUDA one gets the
 * GPUs and the host's pid namespace (nvidia-smi reports host pids; the samplers must match them).
 */
export const DOCKER_MODES = {
  cpu: { image: 'reclaim:cpu', args: [] as string[] },
  cuda: { image: 'reclaim:cuda', args: ['--gpus', 'all', '--pid', 'host'] },
} as const;

export type DockerMode = keyof typeof DOCKER_MODES;

export function isDockerMode(mode: string): mode is DockerMode {
  return Object.hasOwn(DOCKER_MODES, mode);
}

export interface ImageFacts {
  tag: string;
  id: string;
  repoDigests: string[];
  created: string;
}

/**
 * The engine answers and the image is there; clear errors saying what to do otherwise (`asker`: who
 * wants it, `build`: how to build it).
 */
export async function checkImage(tag: string, mode: DockerMode, asker = `--docker ${mode}`, build = `\`make docker-image-${mode}\` (or name another with --docker-image)`): Promise<ImageFacts> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0) {
    const why = info.failed && 'code' in info && info.code === 'ENOENT' ? 'the docker command is not installed' : (info.stderr.trim().split('\n').pop() ?? 'no answer');
    throw new UserError(`${asker}: no Docker engine answers (${why}); see "Docker" in the README to start one`);
  }
  const r = await execa('docker', ['image', 'inspect', '--format', '{{json .}}', tag], { reject: false });
  if (r.exitCode !== 0) {
    throw new UserError(`${asker}: image ${tag} is not built here; build it with ${build}`);
  }
  const image = JSON.parse(r.stdout) as { Id: string; RepoDigests?: string[]; Created: string };
  return { tag, id: image.Id, repoDigests: image.RepoDigests ?? [], created: image.Created };
}
