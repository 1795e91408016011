// The `reclaim` command as one bundle (dist/bundle/, loaded by dist/cli.js), after tsc has built dist/.
// Node resolves and compiles every ES module file on its own (ours, execa, zod, yaml: hundreds) at
// every start-up; bundled, it reads a few (make bench-harness measures the fixed start-up). The report
// stage (vega, resvg) and other rarely used parts are split into chunks loaded when asked for.
// Native packages stay outside: they are loaded from node_modules as usual.
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(root, 'dist', 'src', 'cli.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['onnxruntime-node', '@resvg/resvg-js', 'koffi'],
  // Some bundled packages are CommonJS that call require(): give the ES module bundle one.
  banner: { js: "import { createRequire as reclaimRequire } from 'node:module'; const require = reclaimRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(path.join(root, 'dist', 'cli.js'), "#!/usr/bin/env node\n// The `reclaim` command (scripts/bundle-cli.mjs bundles dist/src/ into dist/bundle/).\nimport './bundle/cli.js';\n", { mode: 0o755 });
