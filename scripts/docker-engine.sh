#!/usr/bin/env bash
# A Docker engine for `make docker-image-cpu` and `reclaim run --docker`: installs Debian's docker.io
# and debootstrap when missing (as root, through system-packages.sh), and when no engine answers,
# starts dockerd the way a machine without a bridge network allows: containers get no network
# (reclaim runs them with --network none) and builds use the host's (docker build --network host).
# With RECLAIM_DOCKERD_PIDFILE set, the pid of a dockerd it starts is written there (.ci/run stops
# that one, and only that one, when it ends).
set -uo pipefail
here="$(dirname "$0")"
command -v dockerd >/dev/null 2>&1 || "$here/system-packages.sh" docker.io
command -v debootstrap >/dev/null 2>&1 || "$here/system-packages.sh" debootstrap
docker info >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v dockerd >/dev/null 2>&1; then
  echo "reclaim: no Docker engine answers; start one (e.g. sudo systemctl start docker)" >&2
  exit 1
fi
echo "reclaim: starting dockerd (log: /tmp/reclaim-dockerd.log)" >&2
nohup dockerd --bridge=none --iptables=false --ip-masq=false >/tmp/reclaim-dockerd.log 2>&1 &
[ -n "${RECLAIM_DOCKERD_PIDFILE:-}" ] && echo "$!" >"$RECLAIM_DOCKERD_PIDFILE"
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "reclaim: dockerd did not answer within 60 s; see /tmp/reclaim-dockerd.log" >&2
exit 1
