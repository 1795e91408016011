# reclaim: `make bench` (the main job) and `make test` both set themselves up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# onnxruntime-node's install script downloads CUDA binaries from outside; its CPU binaries ship in the package.
export ONNXRUNTIME_NODE_INSTALL := skip
RECLAIM := node dist/cli.js
BENCH_ITERATIONS ?= 3
# Five runs of every cell: the fewest that give a one-sided 95% bound on a median, so that the verdicts on
# the article's expectations can be PASS or FAIL (with fewer they say UNDECIDED). Nine variants (the
# article's six, the mmap threshold, jemalloc without decay, tcmalloc) keep it within 10 minutes on 2 cores.
BENCH_REPEAT ?= 5
BENCH_VARIANTS ?= del-gc,del-params-gc,malloc-trim,del-params-cpu-trim,trim-threshold-setenv,trim-threshold-startup,mmap-threshold-startup,jemalloc-no-decay,tcmalloc
# Every TypeScript file, wherever a runtime keeps its runner: found, not listed (adding a runtime edits nothing here).
SOURCES := $(shell find src report runners bench -name '*.ts') cli.ts tsconfig.json scripts/bundle-cli.mjs

.PHONY: docker-images-libc test-packages node-version help setup build runners bench bench-harness bench-fleet bench-attach reproduce-article report findings test schema typecheck clean docker-image-cpu docker-image-cuda bench-docker reproduce-article-docker
# The CPU image's base: debootstrap (made here from the Debian mirror, no image registry) or registry.
DOCKER_BASE ?= debootstrap
DOCKER_ITERATIONS ?= 3
ALLOCATORS := libjemalloc2 libtcmalloc-minimal4 libmimalloc2.0
# A one-node Slurm cluster for the Slurm test (scripts/slurm-cluster.sh starts and stops it).
SLURM := slurmctld slurmd slurm-client munge
# The server profiles' tests: Java (TorchServe), ip (a network namespace's loopback). No debugger: calls into a
# live process are reclaim's own (runners/native/attach/).
SERVERS := openjdk-17-jre-headless iproute2
# The libc axis: musl-tools (the C runner built with musl), dpkg-dev (dpkg-source: cJSON's source for it),
# debian-archive-keyring (another release's libc6 from Debian's archive, reclaim setup --libc).
LIBC := musl-tools dpkg-dev debian-archive-keyring

help:
	@echo "make bench              set up, run the article's CPU experiment ($(BENCH_ITERATIONS) iterations, $(BENCH_REPEAT) runs per cell, 9 variants), judge its expectations, write the report"
	@echo "make bench-harness      reclaim's own benchmark: its overhead against bare scripts, sampler ticks, marks, CSVs, charts (bench/results.json)"
	@echo "make bench-fleet        reclaim at fleet size: report, compare and merge of a generated directory of 10,000 real runs (bench/fleet.json)"
	@echo "make bench-attach       the pause of a trim from outside against malloc_trim's own time inside the process (bench/attach.json)"
	@echo "make reproduce-article  the article's CPU and GPU experiments, 50 iterations (GPU cells skipped, with why, without a GPU)"
	@echo "make test               set up, then run every test (unit, integration with real runners, browser)"
	@echo "make report             write the report of the newest run under results/"
	@echo "make findings           rewrite the measured tables of docs/findings/ from the results directories they name"
	@echo "make setup              npm dependencies, the build, and the Python virtualenv (cached)"
	@echo "make schema             regenerate scenarios/schema.json and runners/protocol.schema.json from the zod schemas"
	@echo "make bench-docker       build reclaim:cpu, run the article's six variants x four memory limits, each cell in its own container ($(DOCKER_ITERATIONS) iterations)"
	@echo "make bench-fleet        reclaim at fleet size: report, compare and merge of a generated directory of 10,000 real runs (bench/fleet.json)"
	@echo "make reproduce-article-docker   the same grid with the scenario's 20 iterations"
	@echo "make docker-image-cpu / docker-image-cuda   build the images (DOCKER_BASE=registry to start from Docker Hub's Debian)"
	@echo "make docker-images-libc the Debian release images of the libc axis (reclaim:cpu-bullseye, -trixie, -forky, and reclaim:cpu)"

# reclaim runs on the Node.js LTS lines 22 and 24 (package.json's engines): an older one stops here, saying how to get one.
node-version:
	@major=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0); \
	if [ "$$major" -lt 22 ]; then \
	  echo "reclaim needs Node.js 22 or 24 (an LTS line); this machine has $$(node --version 2>/dev/null || echo no node). Get one: scripts/node-lts.sh installs Node 24 from the npm registry into the cache and prints its bin directory; put it first on PATH (export PATH=\"\$$(scripts/node-lts.sh):\$$PATH\") and run make again." >&2; \
	  exit 1; \
	fi

node_modules/.reclaim-installed: package.json package-lock.json | node-version
	npm ci --no-audit --no-fund
	@touch $@

dist/.built: node_modules/.reclaim-installed $(SOURCES)
	npx tsc -p tsconfig.json
	node scripts/bundle-cli.mjs
	@touch $@

build: dist/.built

# Runners that compile (each runners/<name>/build.sh: the C runner, and the CUDA one where nvcc exists);
# what cannot be built says why in its build/ folder. Found, not listed.
RUNNER_BUILD_SOURCES := $(shell find runners -name build -prune -o \( -name '*.c' -o -name '*.h' -o -name '*.cu' -o -name build.sh \) -print)
# musl-gcc installed later (make test installs it) makes the runners build again, with their musl build.
RUNNER_BUILD_SOURCES += $(shell command -v musl-gcc)
runners/.built: $(RUNNER_BUILD_SOURCES)
	scripts/build-runners.sh
	@touch $@

runners: runners/.built

setup: build runners
	$(RECLAIM) setup

bench: setup
	@scripts/system-packages.sh $(ALLOCATORS)
	$(RECLAIM) run scenarios/article-cpu.yaml --iterations $(BENCH_ITERATIONS) --repeat $(BENCH_REPEAT) --only $(BENCH_VARIANTS) --report

# reclaim's own benchmark: what measuring costs (whole processes against bare scripts, sampler ticks,
# marks, CSVs, charts); prints a table and writes bench/results.json.
bench-harness: setup
	node dist/bench/harness.js

# reclaim at fleet size: report, compare and merge of a generated directory of 10,000 real runs (bench/fleet.json).
bench-fleet: setup
	node dist/bench/fleet.js

# How long a process stands still for a trim from outside (reclaim-attach) against malloc_trim's own time
# inside it, on 0 to 1024 MiB of holes; goal: under 5 ms more (bench/attach.json).
bench-attach: setup
	node dist/bench/attach-pause.js

# The GPU half runs where there is an NVIDIA GPU with a CUDA build of torch; elsewhere its cells are
# skipped, each with the reason (no driver, a CPU-only torch, no visible device).
reproduce-article: setup
	@scripts/system-packages.sh $(ALLOCATORS)
	$(RECLAIM) run scenarios/article-cpu.yaml scenarios/article-gpu.yaml --report

report: build
	$(RECLAIM) report --latest

# The measured tables of docs/findings/, rewritten from the results directories their blocks name.
findings: build
	$(RECLAIM) findings README.md docs/findings/*.md docs/reference/cli.md

# The tests' Debian packages go first: the C runner's musl build needs musl-tools when it is built.
test-packages:
	@scripts/system-packages.sh $(ALLOCATORS) chromium $(SLURM) $(SERVERS) $(LIBC)

test: test-packages setup
	$(RECLAIM) setup --servers --libc
	scripts/lint-actions.sh
	npx tsc -p tsconfig.test.json
	npx vitest run

# A Docker engine that these targets start (none answering) is stopped again when they end (scripts/with-docker-engine.sh).
docker-image-cpu: node_modules/.reclaim-installed
	scripts/with-docker-engine.sh node docker/build-image.mjs cpu --base $(DOCKER_BASE)

# The libc axis's debian-<release> images, reclaim:cpu-<release> (bookworm is reclaim:cpu): each Debian
# release from debootstrap with its own Python and glibc, torch pinned (several minutes and GB each).
LIBC_RELEASES ?= bullseye trixie forky
docker-images-libc: node_modules/.reclaim-installed
	scripts/with-docker-engine.sh sh -c 'for r in $(LIBC_RELEASES); do node docker/build-image.mjs cpu --release $$r || exit 1; done; node docker/build-image.mjs cpu --base debootstrap'

docker-image-cuda: node_modules/.reclaim-installed
	scripts/with-docker-engine.sh node docker/build-image.mjs cuda

bench-docker: build
	scripts/with-docker-engine.sh sh -c 'node docker/build-image.mjs cpu --base $(DOCKER_BASE) && $(RECLAIM) run scenarios/article-cpu-docker.yaml --docker cpu --iterations $(DOCKER_ITERATIONS) --report'

reproduce-article-docker: build
	scripts/with-docker-engine.sh sh -c 'node docker/build-image.mjs cpu --base $(DOCKER_BASE) && $(RECLAIM) run scenarios/article-cpu-docker.yaml --docker cpu --report'

schema: build
	$(RECLAIM) schema > scenarios/schema.json
	$(RECLAIM) schema --protocol > runners/protocol.schema.json

typecheck: node_modules/.reclaim-installed
	npx tsc -p tsconfig.test.json

clean:
	rm -rf dist runners/*/build runners/.built
