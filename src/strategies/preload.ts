import { existsSync } from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';

/** Debian packages that provide the allocators the catalogue preloads, for the "how to get it" hint. */
const PACKAGES: Record<string, string> = {
  'libjemalloc.so.2': 'libjemalloc2',
  'libtcmalloc_minimal.so.4': 'libtcmalloc-minimal4',
  'libtcmalloc.so.4': 'libgoogle-perftools4',
};

const LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/local/lib', '/usr/lib', '/lib'];

let cache: Map<string, string> | undefined;

/** soname -> path from the dynamic linker's cache (`ldconfig -p`). */
function ldconfigCache(): Map<string, string> {
  if (cache) return cache;
  cache = new Map();
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      const out = execaSync(ldconfig, ['-p']).stdout;
      for (const line of out.split('\n')) {
        const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)/.exec(line);
        if (m && !cache.has(m[1]!)) cache.set(m[1]!, m[3]!);
      }
      break;
    } catch {
      // try the next spelling
    }
  }
  return cache;
}

/** The path of a preloadable library, or why it cannot be used here. */
export function resolvePreload(soname: string): { path: string } | { reason: string } {
  if (soname.includes('/')) return existsSync(soname) ? { path: soname } : { reason: `${soname} does not exist` };
  const known = ldconfigCache().get(soname) ?? LIB_DIRS.map((d) => path.join(d, soname)).find((f) => existsSync(f));
  if (known) return { path: known };
  const pkg = PACKAGES[soname];
  return { reason: `${soname} is not installed${pkg ? ` (Debian: apt-get install ${pkg})` : ''}` };
}
