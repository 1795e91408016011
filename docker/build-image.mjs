#!/usr/bin/env node
// Builds reclaim:cpu or reclaim:cuda from the repository root.
//   docker/build-image.mjs cpu [--base debootstrap|registry] [--release R]   (default debootstrap: no registry
//       needed; --release bullseye|trixie|forky makes reclaim:cpu-<R>, that Debian release with its own Python
//       and glibc, for the libc axis's debian-<R> cells; bookworm is reclaim:cpu)
//   docker/build-image.mjs cuda                                  (nvidia/cuda from a registry)
// This machine's extra CA certificates (/usr/local/share/ca-certificates/*.crt) go into the build,
// for networks whose way out is a TLS-intercepting proxy. Docker's layer cache makes a rebuild after
// a change to the harness take seconds; the Python and Node layers are kept.
import { $, argv, fs, glob, path } from 'zx';

const mode = argv._[0];
const base = argv.base ?? 'debootstrap';
// Each release's Python (torch 2.5.1 has wheels for 3.9-3.13; forky's default 3.14 has none).
const PYTHONS = { bullseye: 'python3.9', bookworm: 'python3.11', trixie: 'python3.13', forky: 'python3.13' };
const release = argv.release ?? 'bookworm';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
function fail(message) {
  console.error(`build-image: ${message}`);
  process.exit(1);
}
if (mode !== 'cpu' && mode !== 'cuda') fail('name the image: cpu or cuda');
if (base !== 'debootstrap' && base !== 'registry') fail(`--base is debootstrap or registry, not "${base}"`);
if (!Object.hasOwn(PYTHONS, release)) fail(`--release is ${Object.keys(PYTHONS).join(', ')}, not "${release}"`);
if (release !== 'bookworm' && (mode !== 'cpu' || base !== 'debootstrap')) fail('--release makes CPU images from a debootstrap base: cpu --base debootstrap');

for (const crt of await glob('/usr/local/share/ca-certificates/*.crt')) await fs.copy(crt, path.join(root, 'docker/extra-ca', path.basename(crt)));
const buildArgs = [];
// The CUDA image starts from nvidia/cuda, which only a registry has: --base applies to cpu.
if (mode === 'cpu' && base === 'debootstrap') {
  await $({ stdio: 'inherit' })`node ${path.join(root, 'docker/make-base.mjs')} --release ${release}`;
  buildArgs.push('--build-arg', `BASE_IMAGE=reclaim-base:${release}`, '--build-arg', `PYTHON=${PYTHONS[release]}`);
}
const tag = argv.tag ?? (release === 'bookworm' ? `reclaim:${mode}` : `reclaim:${mode}-${release}`);
console.error(`build-image: docker build ${tag} (the first build downloads torch: several minutes)`);
const r = await $({ cwd: root, stdio: 'inherit', nothrow: true })`docker build --network host ${buildArgs} -f docker/Dockerfile.${mode} -t ${tag} .`;
if (r.exitCode !== 0) fail(`docker build of ${tag} failed (exit ${r.exitCode}); its output is above`);
