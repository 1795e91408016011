#!/usr/bin/env bash
# Debian/Ubuntu packages of both images: Python 3.11 with venv, a C compiler and cJSON for the C runner,
# jemalloc and tcmalloc for the allocator strategies, procps for ps/pgrep, curl and xz for the Node
# download. Versions are the distribution's (Debian bookworm, or Ubuntu 22.04 under the CUDA image).
set -euo pipefail
: "${PYTHON:=python3.11}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  "$PYTHON" "$PYTHON-venv" ca-certificates curl xz-utils gcc libc6-dev libcjson-dev \
  libjemalloc2 libtcmalloc-minimal4 procps >/dev/null
rm -f /usr/local/share/ca-certificates/README.md /usr/local/share/ca-certificates/.gitignore
update-ca-certificates >/dev/null
rm -rf /var/lib/apt/lists/*
