#!/usr/bin/env bash
# Packs what a GPU machine without Node or network needs to run the harness, into .carry/ (ignored
# by git): the Node binary of this machine (xz), the built harness with its run-time npm packages
# (the report stage stays behind: render reports here), and cJSON for building the native runners.
# On the GPU machine:
#   xz -dc .carry/node.xz >/tmp/node && chmod +x /tmp/node && tar -xJf .carry/harness.tar.xz
#   mkdir -p /tmp/cjson && for d in .carry/*.deb; do dpkg -x "$d" /tmp/cjson; done
#   CJSON_PREFIX=/tmp/cjson/usr CJSON_LIB=/tmp/cjson/usr/lib/x86_64-linux-gnu runners/native/build.sh
#   /tmp/node dist/cli.js run scenarios/native-cuda.yaml --out /tmp/results
set -euo pipefail
cd "$(dirname "$0")/.."
make build >/dev/null
rm -rf .carry && mkdir -p .carry
xz -T2 -6 -c "$(command -v node)" >.carry/node.xz

stage=$(mktemp -d)
cp package.json package-lock.json "$stage/"
(cd "$stage" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null 2>&1)
rm -rf "$stage"/node_modules/{vega*,@resvg,dejavu-fonts-ttf,onnxruntime-*}
tar -cJf .carry/harness.tar.xz dist -C "$stage" node_modules
rm -rf "$stage"

(cd .carry && apt-get download libcjson1 libcjson-dev >/dev/null 2>&1) || echo "device-bundle: could not download the cJSON packages" >&2
du -sh .carry/*
