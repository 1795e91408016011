#!/usr/bin/env bash
# A Node.js reclaim runs on (the LTS line 24, pinned and sha512-checked, from the npm registry) for a
# machine whose own Node is older: installed once into the cache, its bin directory printed, to be
# put first on PATH (.ci/run does: PATH="$(scripts/node-lts.sh):$PATH").
set -euo pipefail
NODE_VERSION=24.22.3
NODE_SHA512=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
cache=${RECLAIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reclaim}
prefix="$cache/node-$NODE_VERSION"
"$(dirname "$0")/install-node.sh" "$prefix" "$NODE_VERSION" "$NODE_SHA512" >&2
echo "$prefix/bin"
