#!/usr/bin/env node
// A Debian base image made without an image registry: debootstrap from the Debian mirror into a
// directory, then `docker import`. Dockerfile.cpu builds on it with
//   --build-arg BASE_IMAGE=reclaim-base:<release>
// Usage: docker/make-base.mjs [--release bookworm|bullseye|trixie|forky] [--tag reclaim-base:<release>] [--mirror URL] [--force]
// Needs root (debootstrap), debootstrap and a running Docker engine. Does nothing when the tag exists.
import { $, argv, echo, fs, os, path } from 'zx';

const release = argv.release ?? 'bookworm';
if (!['bullseye', 'bookworm', 'trixie', 'forky'].includes(release)) {
  console.error(`make-base: --release is bullseye, bookworm, trixie or forky, not "${release}"`);
  process.exit(1);
}
const tag = argv.tag ?? `reclaim-base:${release}`;
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
  echo(`make-base: debootstrap --variant=minbase ${release} from ${mirror} (a few minutes)`);
  // An older debootstrap may lack a script for a newer release: Debian's are all sid's (testing's) steps.
  const known = await fs.pathExists(`/usr/share/debootstrap/scripts/${release}`);
  const script = known ? [] : ['/usr/share/debootstrap/scripts/sid'];
  const boot = await $`debootstrap --variant=minbase ${release} ${dir} ${mirror} ${script}`.nothrow();
  if (boot.exitCode !== 0) fail(`debootstrap failed:\n${boot.stderr.split('\n').slice(-15).join('\n')}`);
  // The image's apt uses the same mirror the bootstrap did.
  await fs.writeFile(path.join(dir, 'etc/apt/sources.list'), release === 'forky' ? `deb ${mirror} forky main\n` : `deb ${mirror} ${release} main\ndeb ${mirror} ${release}-updates main\n`);
  // Testing's Release file is valid for a week: a mirror that is a snapshot (or an image built from one
  // weeks later) would refuse it. The packages stay checked by their signatures.
  if (release === 'forky') await fs.writeFile(path.join(dir, 'etc/apt/apt.conf.d/99reclaim-valid-until'), 'Acquire::Check-Valid-Until "false";\n');
  await $`rm -rf ${dir}/var/cache/apt/archives/*.deb ${dir}/var/lib/apt/lists/*`;
  const imported = await $`tar -C ${dir} -c . | docker import --change ${'CMD ["bash"]'} - ${tag}`.nothrow();
  if (imported.exitCode !== 0) fail(`docker import failed: ${imported.stderr.trim()}`);
  echo(`make-base: ${tag} ${imported.stdout.trim()}`);
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
