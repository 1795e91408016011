#!/usr/bin/env bash
# Builds every runner that compiles: each runners/<name>/build.sh (a runtime whose runner needs no
# build has none). Each one says why in its build/ folder what it could not build.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in runners/*/build.sh; do
  [ -e "$script" ] || continue
  echo "reclaim: $script" >&2
  "$script"
done
