# reclaim: `make bench` (the main job) and `make test` both set themselves up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# onnxruntime-node's install script downloads CUDA binaries from outside; its CPU binaries ship in the package.
export ONNXRUNTIME_NODE_INSTALL := skip
RECLAIM := node dist/cli.js
BENCH_ITERATIONS ?= 10
SOURCES := $(shell find src -name '*.ts') tsconfig.json

.PHONY: help setup build bench reproduce-article test schema typecheck clean

help:
	@echo "make bench              set up, then run the article's CPU experiment ($(BENCH_ITERATIONS) iterations per cell)"
	@echo "make reproduce-article  the same with the article's 50 iterations (452 marks per cell)"
	@echo "make test               set up, then run every test (unit, integration with real runners)"
	@echo "make setup              npm dependencies, the build, and the Python virtualenv (cached)"
	@echo "make schema             regenerate scenarios/schema.json from the zod schema"

node_modules/.reclaim-installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

dist/.built: node_modules/.reclaim-installed $(SOURCES)
	npx tsc -p tsconfig.json
	@chmod +x dist/cli.js
	@touch $@

build: dist/.built

setup: build
	$(RECLAIM) setup

bench: setup
	$(RECLAIM) run scenarios/article-cpu.yaml --iterations $(BENCH_ITERATIONS)

reproduce-article: setup
	$(RECLAIM) run scenarios/article-cpu.yaml

test: setup
	npx vitest run

schema: build
	$(RECLAIM) schema > scenarios/schema.json

typecheck: node_modules/.reclaim-installed
	npx tsc -p tsconfig.json --noEmit

clean:
	rm -rf dist
