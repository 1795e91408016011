import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { packageDir } from '../src/package-dir.js';

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
