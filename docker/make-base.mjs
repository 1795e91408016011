#!/usr/bin/env node
// A Debian bookworm base image made without an image registry: debootstrap from the Debian mirror
// into a directory, then `docker import`. Dockerfile.cpu builds on it with
//   --build-arg BASE_IMAGE=reclaim-base:bookworm
// Usage: docker/make-base.mjs [--tag reclaim-base:bookworm] [--mirror URL] [--force]
// Needs root (debootstrap), debootstrap and a running Docker engine. Does nothing when the tag exists.
import { $, argv, echo, fs, os, path } from 'zx';

const tag = argv.tag ?? 'reclaim-base:bookworm';
const mirror = argv.mirror ?? process.env.RECLAIM_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
$.verbose = false;

function fail(message) {
  console.error(`make-base: ${message}`);
  process.exit(1);
}

if (!argv.force && (await $`docker image inspect ${tag}`.nothrow().quiet()).exitCode === 0) {
  echo(`make-base: ${tag} exists (--force to make it again)`);
  process.exit(0);
}
if (process.getuid?.() !== 0) fail('debootstrap needs root; run it as root or with sudo');
if ((await $`command -v debootstrap`.nothrow()).exitCode !== 0) fail('debootstrap is not installed (apt-get install debootstrap)');
if ((await $`docker info`.nothrow().quiet()).exitCode !== 0) fail('no Docker engine answers (start dockerd, see the README)');

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reclaim-base-'));
try {
  echo(`make-base: debootstrap --variant=minbase bookworm from ${mirror} (a few minutes)`);
  const boot = await $`debootstrap --variant=minbase bookworm ${dir} ${mirror}`.nothrow();
  if (boot.exitCode !== 0) fail(`debootstrap failed:\n${boot.stderr.split('\n').slice(-15).join('\n')}`);
  // The image's apt uses the same mirror the bootstrap did.
  await fs.writeFile(path.join(dir, 'etc/apt/sources.list'), `deb ${mirror} bookworm main\ndeb ${mirror} bookworm-updates main\n`);
  await $`rm -rf ${dir}/var/cache/apt/archives/*.deb ${dir}/var/lib/apt/lists/*`;
  const imported = await $`tar -C ${dir} -c . | docker import --change ${'CMD ["bash"]'} - ${tag}`.nothrow();
  if (imported.exitCode !== 0) fail(`docker import failed: ${imported.stderr.trim()}`);
  echo(`make-base: ${tag} ${imported.stdout.trim()}`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
