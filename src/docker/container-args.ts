import { DOCKER_MODES, type DockerMode } from './docker-image.js';

export interface ContainerSpec {
  mode: DockerMode;
  image: string;
  name: string;
  /** The run directory on the host: the container writes its cell there. */
  runDir: string;
  /** Host directory for the runners' caches (pretrained checkpoints, ONNX files), shared by containers. */
  cacheDir: string;
  /** The job file, relative to runDir. */
  job: string;
  memoryLimit?: string;
  /** Host user to run as, so that the files the container writes are the user's (none for root). */
  user?: string;
}

/**
 * `docker create` arguments for one cell: no network, the limit as --memory with no swap beyond it
 * (so the limit is the limit), and for CUDA the GPUs and the host's pid namespace (nvidia-smi reports
 * host pids; the samplers must match them, as the article's --pid=host runs did).
 */
export function containerArgs(s: ContainerSpec): string[] {
  return [
    'create',
    '--name', s.name,
    '--label', 'reclaim.cell=1',
    '--network', 'none',
    ...(s.memoryLimit ? ['--memory', s.memoryLimit, '--memory-swap', s.memoryLimit] : []),
    ...DOCKER_MODES[s.mode].args,
    ...(s.user ? ['--user', s.user] : []),
    '--volume', `${s.runDir}:/results`,
    '--volume', `${s.cacheDir}:/var/cache/reclaim`,
    s.image,
    'cell', `/results/${s.job}`, '--dir', '/results',
  ];
}
