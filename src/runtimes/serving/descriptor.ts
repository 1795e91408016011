import { z } from 'zod';
import { LIMITS } from '../../limits.js';
import { EndpointSchema, ServerSpecSchema, type PlanOp } from '../../protocol/plan.js';
import { CPU_ACTIONS, CUDA_ACTIONS, TORCH, TORCH_OPTIONS } from '../python-env/torch.js';
import type { DeviceCapabilities, ResolvedServer, RuntimeDescriptor, ServerSupport } from '../runtime.js';
import { findProfile, optionSchema, PROFILE_NAMES } from './profiles.js';

// The client adds marks, sleeps and load tests to what the server does.
const OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'infer', 'to', 'requests_begin', 'requests_end'];
/** What the client does to any server: its steps through the server's API, and actions from outside. */
const THIRD_PARTY_OPS: readonly PlanOp[] = ['load', 'unload', 'release', 'mark', 'sleep', 'infer', 'requests_begin', 'requests_end'];
const ISOLATION = ['in-process', 'process-per-model', 'recycled-worker'] as const;
/** Done from outside the server, whatever it is: malloc_trim(0) in its processes through a debugger. */
const OUTSIDE = ['trim_from_outside'];

// Bounded: a pool of 0 threads fails only once the server runs, a trim every microsecond is a busy loop.
const OPTIONS = z.looseObject({
  ...TORCH_OPTIONS,
  threads: z.coerce.number().int().min(1).max(1024).optional(),
  endpoints: z.enum(['sync', 'async']).optional(),
  recycle_after: z.coerce.number().int().min(1).max(1_000_000).optional(),
  trim_every_ms: z.coerce.number().refine((v) => v === 0 || (v >= 10 && v <= 3_600_000), 'is 0 (off) or from 10 to 3600000 ms').optional(),
  control_timeout_s: z.coerce.number().positive().max(LIMITS.timeoutS).optional(),
  start_timeout_s: z.coerce.number().positive().max(LIMITS.timeoutS).optional(),
});

/** A server a scenario describes: its own (no profile), or a profile with some fields changed. */
const DescribedServer = z.strictObject({
  profile: z.string().optional(),
  command: z.array(z.string().max(4000)).min(1).max(200).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(100_000)).optional(),
  ports: ServerSpecSchema.shape.ports.optional(),
  ready: ServerSpecSchema.shape.ready.optional(),
  endpoints: z.strictObject({ load: EndpointSchema.optional(), unload: EndpointSchema.optional(), infer: EndpointSchema.optional() }).optional(),
  binds: ServerSpecSchema.shape.binds.optional(),
  holder: ServerSpecSchema.shape.holder,
});

const DEFAULT_PROFILE = 'reclaim';

function capabilities(inProcess: boolean, device: 'cpu' | 'cuda'): DeviceCapabilities {
  if (inProcess) return { actions: [...(device === 'cpu' ? CPU_ACTIONS : CUDA_ACTIONS), ...OUTSIDE], noop: [], ops: device === 'cpu' ? OPS : [...OPS, 'init'], isolation: ISOLATION };
  // gc: nothing reclaim can call inside someone else's server; its unload does what it does.
  return { actions: ['gc', ...OUTSIDE], noop: ['gc'], ops: THIRD_PARTY_OPS, isolation: ['in-process'] };
}

const SERVERS: ServerSupport = {
  names: PROFILE_NAMES,
  resolve(value, device): ResolvedServer | { path: (string | number)[]; message: string } {
    const described = typeof value === 'string' || value === undefined ? { profile: value ?? DEFAULT_PROFILE } : DescribedServer.safeParse(value);
    if ('success' in described && !described.success) {
      const issue = described.error.issues[0]!;
      return { path: issue.path as (string | number)[], message: issue.message };
    }
    const d = ('success' in described ? described.data : described) as z.infer<typeof DescribedServer>;
    const profile = d.profile === undefined ? undefined : findProfile(d.profile);
    if (d.profile !== undefined && !profile) return { path: typeof value === 'string' ? [] : ['profile'], message: `unknown server profile "${d.profile}"; profiles: ${PROFILE_NAMES.join(', ')}` };
    if (profile && !profile.devices.includes(device)) return { path: [], message: `server profile ${profile.name} runs on ${profile.devices.join(', ')}, not ${device}` };
    const base = profile?.server;
    const endpoints = { ...base?.endpoints, ...d.endpoints };
    const spec = ServerSpecSchema.safeParse({ ...base, ...d, profile: profile?.name ?? 'custom', endpoints });
    if (!spec.success) {
      const issue = spec.error.issues[0]!;
      const where = issue.path.join('.');
      return { path: issue.path as (string | number)[], message: `a server of its own needs ${where || 'command, ready and endpoints.infer'}: ${issue.message}` };
    }
    return { spec: spec.data, can: capabilities(profile?.inProcess ?? false, device), options: optionSchema(profile, OPTIONS), ...(profile?.sources ? { sources: profile.sources } : {}) };
  },
};

export const SERVING: RuntimeDescriptor = {
  name: 'serving',
  description: 'a model-serving API driven over HTTP on 127.0.0.1 by runners/serving: reclaim\'s own FastAPI server, a profile of a third-party server (MLServer, Ray Serve, TorchServe, KServe, vLLM), or a server a scenario describes',
  devices: {
    cpu: { actions: [...CPU_ACTIONS, ...OUTSIDE], noop: [], ops: OPS, isolation: ISOLATION },
    cuda: { actions: [...CUDA_ACTIONS, ...OUTSIDE], noop: [], ops: [...OPS, 'init'], isolation: ISOLATION },
  },
  ...TORCH,
  actions: {
    ...TORCH.actions,
    trim_from_outside: "the allocator's release (glibc: malloc_trim(0); jemalloc, tcmalloc, mimalloc: their own) called in the server's processes from outside by reclaim's call helper (the pause is recorded)",
  },
  options: OPTIONS,
  server: SERVERS,
};
