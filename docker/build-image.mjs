#!/usr/bin/env node
// Builds reclaim:cpu or reclaim:cuda from the repository root.
//   docker/build-image.mjs cpu [--base debootstrap|registry]   (default debootstrap: no registry needed)
//   docker/build-image.mjs cuda                                  (nvidia/cuda from a registry)
// This machine's extra CA certificates (/usr/local/share/ca-certificates/*.crt) go into the build,
// for networks whose way out is a TLS-intercepting proxy. Docker's layer cache makes a rebuild after
// a change to the harness take seconds; the Python and Node layers are kept.
import { $, argv, fs, glob, path } from 'zx';

const mode = argv._[0];
const base = argv.base ?? 'debootstrap';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
function fail(message) {
  console.error(`build-image: ${message}`);
  process.exit(1);
}
if (mode !== 'cpu' && mode !== 'cuda') fail('name the image: cpu or cuda');
if (base !== 'debootstrap' && base !== 'registry') fail(`--base is debootstrap or registry, not "${base}"`);

for (const crt of await glob('/usr/local/share/ca-certificates/*.crt')) await fs.copy(crt, path.join(root, 'docker/extra-ca', path.basename(crt)));
const buildArgs = [];
// The CUDA image starts from nvidia/cuda, which only a registry has: --base applies to cpu.
if (mode === 'cpu' && base === 'debootstrap') {
  await $({ stdio: 'inherit' })`node ${path.join(root, 'docker/make-base.mjs')}`;
  buildArgs.push('--build-arg', 'BASE_IMAGE=reclaim-base:bookworm');
}
const tag = argv.tag ?? `reclaim:${mode}`;
console.error(`build-image: docker build ${tag} (the first build downloads torch: several minutes)`);
const r = await $({ cwd: root, stdio: 'inherit', nothrow: true })`docker build --network host ${buildArgs} -f docker/Dockerfile.${mode} -t ${tag} .`;
if (r.exitCode !== 0) fail(`docker build of ${tag} failed (exit ${r.exitCode}); its output is above`);
