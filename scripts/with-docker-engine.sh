#!/usr/bin/env bash
# Runs a command with a Docker engine (scripts/docker-engine.sh starts one when none answers), and stops
# the engine it started when the command ends, whatever the outcome: by its pid, so an engine someone
# else runs on the machine is never touched. Used by make docker-image-*, bench-docker and
# reproduce-article-docker.   scripts/with-docker-engine.sh COMMAND [ARGS...]
set -uo pipefail
here="$(dirname "$0")"
pidfile="$(mktemp)"
stop_engine() {
  local pid
  pid="$(cat "$pidfile" 2>/dev/null)"
  rm -f "$pidfile"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
}
trap stop_engine EXIT
RECLAIM_DOCKERD_PIDFILE="$pidfile" "$here/docker-engine.sh" || exit 1
"$@"
