import { z } from 'zod';

// Every field may be missing or of the wrong type in a shared results directory: each one that is
// not what `reclaim env` writes reads as absent, never as a crash.
const str = z.string().nullable().optional().catch(undefined);
const num = z.number().nullable().optional().catch(undefined);
const bool = z.boolean().nullable().optional().catch(undefined);
const part = <T extends z.ZodRawShape>(shape: T) => z.object(shape).optional().catch(undefined);

export const FingerprintView = z
  .object({
    host: str,
    os: part({ kernel: str, arch: str, distro: str, container: bool }),
    glibc: str,
    transparent_hugepages: part({ enabled: str, defrag: str }),
    cpu: part({ model: str, cores: num }),
    memory: part({ total_mib: num, cgroup_limit_mib: num }),
    node: str,
    runtimes: z.record(z.string(), z.object({ available: bool, detail: str, versions: z.record(z.string(), z.string()).optional().catch(undefined) })).optional().catch(undefined),
    allocator_env: z.record(z.string(), z.string()).optional().catch(undefined),
    git: part({ commit: str, dirty: bool }),
    reclaim: str,
  })
  .catch({});

export type FingerprintView = z.infer<typeof FingerprintView>;

/** A recorded environment fingerprint (manifest.json), as far as it can be read. */
export function readFingerprint(value: unknown): FingerprintView {
  return FingerprintView.parse(value ?? {});
}
