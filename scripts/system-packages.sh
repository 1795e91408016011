#!/usr/bin/env bash
# Debian packages reclaim uses, installed when missing and when we may (root, or sudo without a
# password); otherwise it says what to install and goes on. Used by `make bench`, `make test`, .ci/run.
#   libjemalloc2, libtcmalloc-minimal4, libmimalloc2.0   the jemalloc / tcmalloc / mimalloc strategies (else: those cells are skipped)
#   chromium                             the browser test of the HTML report (make test only)
#   slurmctld slurmd slurm-client munge  the Slurm test's one-node cluster (make test only)
#   openjdk-17-jre-headless iproute2     the server profiles' tests: TorchServe, a network namespace's
#                                        loopback (make test only)
set -uo pipefail

wanted=("$@")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "reclaim: not a Debian-like system; install by hand if you can: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "reclaim: missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "reclaim: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
  { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
  echo "reclaim: could not install ${missing[*]}" >&2
exit 0
