#!/usr/bin/env bash
# The harness in /opt/reclaim: npm packages (ONNXRUNTIME_NODE_INSTALL says whether onnxruntime-node
# fetches its CUDA provider), the TypeScript build and the runners that compile (the C runner; the CUDA one too where nvcc is).
set -euo pipefail
cd /opt/reclaim
npm ci --no-audit --no-fund
npm run build
scripts/build-runners.sh
node dist/cli.js list >/dev/null
