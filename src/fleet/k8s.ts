import path from 'node:path';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { SHARD_EXIT, shellWord, type FleetRun } from './fleet-run.js';

export interface K8sOptions {
  image: string;
  /** The PersistentVolumeClaim the results go to, and where it is mounted in the containers. */
  claim: string;
  mount: string;
  namespace?: string;
  parallelism: number;
  /** The reclaim CLI inside the image (docker/Dockerfile.*: /opt/reclaim/dist/cli.js). */
  cli: string;
}

/** A DNS-1123 label from the run's directory name (its date, time and scenarios: one per run): what Kubernetes accepts as a Job's name. */
export function jobName(name: string, suffix: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'run';
  return `reclaim-${slug}-${suffix}`.slice(0, 63).replace(/-+$/, '');
}

/** Where a run's results sit on the volume: <mount>/<run directory's name>. */
export const resultsOnVolume = (run: FleetRun, o: K8sOptions) => path.posix.join(o.mount, path.basename(run.out));

function podSpec(run: FleetRun, o: K8sOptions, container: Container, gpu: boolean): PodSpec {
  return {
    restartPolicy: 'Never',
    // nvidia-smi names processes by the host's pids: the runner's pid must be one of those (as --pid=host in reclaim run --docker cuda).
    ...(gpu ? { hostPID: true } : {}),
    containers: [container],
    volumes: [{ name: 'results', persistentVolumeClaim: { claimName: o.claim } }],
  };
}

function container(name: string, run: FleetRun, o: K8sOptions, script: string, gpu: boolean): Container {
  return {
    name,
    image: o.image,
    command: ['sh', '-c', script],
    env: [
      { name: 'RECLAIM_CLI', value: o.cli },
      { name: 'RECLAIM_RESULTS', value: resultsOnVolume(run, o) },
    ],
    volumeMounts: [{ name: 'results', mountPath: o.mount }],
    ...(gpu ? { resources: { limits: { 'nvidia.com/gpu': '1' } } } : {}),
  };
}

/** The Indexed Job: one completion per shard; index i runs shard i+1 of N into $RECLAIM_RESULTS/shards/<i+1>. */
export function shardsJob(run: FleetRun, o: K8sOptions): Job {
  const script = [
    'k=$((JOB_COMPLETION_INDEX + 1))',
    'dir="$RECLAIM_RESULTS/shards/$k"',
    'set --',
    '[ -f "$dir/manifest.json" ] && set -- --resume',
    `node "$RECLAIM_CLI" run ${[...run.scenarios, ...run.runArgs].map(shellWord).join(' ')} --shard "$k/${run.shards}" --out "$dir" "$@"`,
    'rc=$?',
    SHARD_EXIT,
  ].join('\n');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName(path.basename(run.out), 'shards'), ...(o.namespace ? { namespace: o.namespace } : {}), labels: { 'app.kubernetes.io/name': 'reclaim' } },
    spec: {
      completionMode: 'Indexed',
      completions: run.shards,
      parallelism: Math.min(o.parallelism, run.shards),
      backoffLimitPerIndex: 1,
      template: { metadata: { labels: { 'app.kubernetes.io/name': 'reclaim' } }, spec: podSpec(run, o, container('shard', run, o, script, run.gpu), run.gpu) },
    },
  };
}

/** The merge Job (apply it once the shards' Job is complete): one results directory and its report. */
export function mergeJob(run: FleetRun, o: K8sOptions): Job {
  const script = [
    'set --',
    'k=1',
    `while [ "$k" -le ${run.shards} ]; do set -- "$@" "$RECLAIM_RESULTS/shards/$k"; k=$((k + 1)); done`,
    'exec node "$RECLAIM_CLI" merge "$@" --out "$RECLAIM_RESULTS/merged" --report',
  ].join('\n');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName(path.basename(run.out), 'merge'), ...(o.namespace ? { namespace: o.namespace } : {}), labels: { 'app.kubernetes.io/name': 'reclaim' } },
    spec: { backoffLimit: 0, template: { spec: podSpec(run, o, container('merge', run, o, script, false), false) } },
  };
}
