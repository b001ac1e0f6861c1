# neurop — the two commands are `make demo` and `make test`.
SWIFT ?= swift
RELEASE_BIN := .build/release
DEMO_DIR ?= Data/demo
BENCH ?=

.PHONY: all deps build release test demo bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product neurop

# Builds and runs every test (Swift Testing), including the ones that run the neurop binary.
# Serial, so that the heap-memory test measures its own training loop only.
# CI shows only the end of the log, so a failing run repeats its failures (the ✘ lines) last.
test: deps
	$(SWIFT) build --build-tests
	@{ $(SWIFT) test --skip-build --no-parallel 2>&1; echo $$? > .build/test.status; } | tee .build/test.log; \
	status=$$(cat .build/test.status); \
	if [ "$$status" -ne 0 ]; then echo "== the failures again:"; grep -a '✘' .build/test.log | cut -c1-600; fi; \
	exit $$status

# The journey in a few minutes: build in release mode, generate a small Darcy set, train a small FNO
# on it, evaluate it at its own resolution and zero-shot at 127×127, and compare it with the
# multigrid solver on both test grids (table and best/median/worst figures in runs/fno-darcy-demo/compare/).
demo: release
	@mkdir -p $(DEMO_DIR)
	$(RELEASE_BIN)/neurop generate darcy --resolution 64 --samples 600 --seed 0 -o $(DEMO_DIR)/darcy-64.h5
	$(RELEASE_BIN)/neurop generate darcy --resolution 64,127 --samples 50 --seed 1 -o $(DEMO_DIR)/darcy-test.h5
	$(RELEASE_BIN)/neurop train Solvers/fno-darcy-demo.yaml
	$(RELEASE_BIN)/neurop eval runs/fno-darcy-demo $(DEMO_DIR)/darcy-test-64.h5
	$(RELEASE_BIN)/neurop eval runs/fno-darcy-demo $(DEMO_DIR)/darcy-test-127.h5
	$(RELEASE_BIN)/neurop compare runs/fno-darcy-demo $(DEMO_DIR)/darcy-test-64.h5 $(DEMO_DIR)/darcy-test-127.h5
	@echo "demo: loss curve runs/fno-darcy-demo/loss.png; comparison table runs/fno-darcy-demo/compare/compare.md (and compare.csv);"
	@echo "      figures runs/fno-darcy-demo/compare/darcy-test-{64,127}-{best,median,worst}.png"

# Benchmarks in release mode beside their peers: `make bench` or `make bench BENCH=fft`.
# The Python peers (PyTorch, neuraloperator, SciPy) go into Benchmarks/.venv on first use.
VENV := Benchmarks/.venv
bench: deps $(VENV)/.installed
	$(SWIFT) build -c release --product neurop-bench
	NEUROP_PEER_PYTHON=$(VENV)/bin/python $(RELEASE_BIN)/neurop-bench $(BENCH)

$(VENV)/.installed: Benchmarks/peers/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Benchmarks/peers/requirements.txt
	touch $@

clean:
	rm -rf .build
