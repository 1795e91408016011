import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The browser builds index.html loads, copied next to it so the page works offline, from file://. */
export const VENDOR_SCRIPTS = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

export function vendorFileName(pkg: string): string {
  return `${pkg}.min.js`;
}

export function copyVendorScripts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const { pkg, file } of VENDOR_SCRIPTS) copyFileSync(path.join(packageDir(pkg), file), path.join(dir, vendorFileName(pkg)));
}

/** A package's directory, found from its entry point (these packages do not export their build files). */
function packageDir(pkg: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(pkg)));
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === pkg) return dir;
    } catch {
      // no package.json here
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the directory of package ${pkg}`);
    dir = up;
  }
}
