#!/usr/bin/env bash
# The runner's virtualenv at /opt/reclaim-venv from runners/python/requirements.txt (the host's pins),
# with torch and transformers set to the build's TORCH_VERSION and TRANSFORMERS_VERSION.
# TORCH_INDEX_URL, when set, is an extra index for torch builds PyPI does not carry (e.g. cu118).
set -euo pipefail
: "${PYTHON:=python3.11}" "${TORCH_VERSION:?}" "${TRANSFORMERS_VERSION:?}"
requirements="$(mktemp)"
# numpy 2.2 has no wheels for Python 3.9 (bullseye's): the last that has is 2.0.2.
numpy=()
[ "$PYTHON" = python3.9 ] && numpy=(-e "s/^numpy==.*/numpy==2.0.2/")
sed -e "s/^torch==.*/torch==${TORCH_VERSION}/" -e "s/^transformers==.*/transformers==${TRANSFORMERS_VERSION}/" "${numpy[@]}" \
  /opt/reclaim/runners/python/requirements.txt >"$requirements"
"$PYTHON" -m venv /opt/reclaim-venv
extra=()
[ -n "${TORCH_INDEX_URL:-}" ] && extra=(--extra-index-url "$TORCH_INDEX_URL")
/opt/reclaim-venv/bin/pip install --no-cache-dir -q "${extra[@]}" -r "$requirements"
/opt/reclaim-venv/bin/python -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)'
rm -f "$requirements"
