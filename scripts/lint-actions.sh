#!/usr/bin/env bash
# Lints action.yml and the workflows with actionlint (a Go module, installed once into reclaim's cache
# with `go install`, pinned). Without Go it says so and skips: make test goes on.
set -uo pipefail
cd "$(dirname "$0")/.."
VERSION=v1.7.12
bin="${XDG_CACHE_HOME:-$HOME/.cache}/reclaim/go-bin"
lint="$bin/actionlint"
if [ ! -x "$lint" ] || ! "$lint" -version 2>/dev/null | grep -q "${VERSION#v}"; then
  if ! command -v go >/dev/null 2>&1; then
    echo "reclaim: no Go toolchain, so action.yml and .github/workflows are not linted (install Go, then: make test)" >&2
    exit 0
  fi
  echo "reclaim: installing actionlint $VERSION (go install, once)" >&2
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" || { echo "reclaim: go install actionlint failed" >&2; exit 1; }
fi
# actionlint finds the workflows under .github/workflows and checks the local action (uses: ./) against action.yml.
"$lint" && echo "reclaim: action.yml and .github/workflows lint clean (actionlint $VERSION)" >&2
