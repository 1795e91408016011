import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { positiveInt } from '../cli/args.js';
import { UserError } from '../errors.js';
import { fleetOut, FORWARDED_HELP, parseFleetRun } from './fleet-args.js';
import { mergeJob, resultsOnVolume, shardsJob, type K8sOptions } from '../fleet/k8s.js';
import { LIMITS } from '../limits.js';
import { writeFileAtomic } from '../store/atomic.js';

export const K8S_HELP = `reclaim k8s <scenario.yaml...> --shards N --image IMAGE --claim PVC [options]
  writes <out>/k8s/shards.yaml (an Indexed Job: completion index i runs reclaim run --shard i+1/N) and
  <out>/k8s/merge.yaml (a Job: reclaim merge of the shards, with its report), results on the volume
  PVC under <mount>/<out's name>/; GPU scenarios ask for nvidia.com/gpu and the host's pid namespace.
  Scenario paths are read inside the image (its working directory is /opt/reclaim)
  --image IMAGE      an image built from docker/ (make docker-image-cpu or docker-image-cuda), pushed
  --claim PVC        the PersistentVolumeClaim the results go to
  --mount PATH       where it is mounted in the containers (default /results)
  --namespace NS     the Jobs' namespace
  --parallelism P    shards at once (default N)
  --out DIR          where the manifests go (default results/<date>-<time>-<scenarios>-k8s)
${FORWARDED_HELP}`;

/** The reclaim CLI inside images built from docker/ (their ENTRYPOINT). */
const IMAGE_CLI = '/opt/reclaim/dist/cli.js';

/** `reclaim k8s`: writes both Jobs, each checked against the Kubernetes schema before it is written. */
export async function k8sCommand(args: string[]): Promise<number> {
  const { run, values } = parseFleetRun(
    'k8s',
    args,
    { image: { type: 'string' }, claim: { type: 'string' }, mount: { type: 'string' }, namespace: { type: 'string' }, parallelism: { type: 'string' } },
    fleetOut('k8s'),
  );
  if (run.engineArgs.length) throw new UserError('reclaim k8s: takes no options after --');
  const image = values.image as string | undefined;
  const claim = values.claim as string | undefined;
  if (!image) throw new UserError('reclaim k8s: --image IMAGE is required (an image built from docker/, pushed where the cluster pulls)');
  if (!claim) throw new UserError('reclaim k8s: --claim PVC is required (the PersistentVolumeClaim the results go to)');
  const mount = (values.mount as string | undefined) ?? '/results';
  if (!path.posix.isAbsolute(mount) || /[\0\n]/.test(mount)) throw new UserError(`--mount expects an absolute path in the container, got ${JSON.stringify(mount)}`);
  const namespace = values.namespace as string | undefined;
  const o: K8sOptions = {
    image,
    claim,
    mount: path.posix.normalize(mount),
    parallelism: positiveInt('--parallelism', values.parallelism as string | undefined, LIMITS.shards) ?? run.shards,
    cli: IMAGE_CLI,
    ...(namespace !== undefined ? { namespace } : {}),
  };
  const jobs = { 'shards.yaml': shardsJob(run, o), 'merge.yaml': mergeJob(run, o) };
  const { Job } = await import('kubernetes-models/batch/v1'); // its schemas: loaded only here
  for (const [file, job] of Object.entries(jobs)) {
    try {
      new Job(job as never).validate();
    } catch (err) {
      throw new UserError(`reclaim k8s: ${file} would not be a valid Job (${(err as Error).message.split('\n')[0]}); check --image, --claim and --namespace`);
    }
  }
  const dir = path.join(run.out, 'k8s');
  mkdirSync(dir, { recursive: true });
  for (const [file, job] of Object.entries(jobs)) writeFileAtomic(path.join(dir, file), `# reclaim k8s ${JSON.stringify(args)}\n${stringify(job, { blockQuote: 'literal', lineWidth: 0 })}`);
  const ns = namespace ? ` -n ${namespace}` : '';
  process.stdout.write(
    `reclaim: ${run.runs} run(s) in ${run.shards} shard(s)${run.gpu ? ', one GPU each' : ''}; results on ${claim} at ${resultsOnVolume(run, o)}\n` +
      `  ${path.join(dir, 'shards.yaml')}\n  ${path.join(dir, 'merge.yaml')}\n` +
      `run them with:\n  kubectl${ns} apply -f ${path.join(dir, 'shards.yaml')} && kubectl${ns} wait --for=condition=complete --timeout=-1s job/${jobs['shards.yaml'].metadata!.name} && kubectl${ns} apply -f ${path.join(dir, 'merge.yaml')}\n`,
  );
  return 0;
}
