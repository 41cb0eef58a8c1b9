# podlab: every target runs the set-up first (fast when the tools are there).
#   make serve   build and serve the app on http://127.0.0.1:8080 (rebuilds on change)
#   make test    every test: lint (fmt, clippy), native cargo test, wasm tests in headless Chromium, e2e
#   make dist    release build into dist/ for static hosting
#   make size    what a first visit downloads, raw and gzip, and the engine alone
#   make bench   the release-only timing tests, then the engine's benchmarks
#   make lighthouse  Lighthouse (mobile preset) on the release build, 3 runs
SHELL := /usr/bin/env
.SHELLFLAGS := bash -euo pipefail -c
.ONESHELL:

PODLAB_TOOLS ?= $(HOME)/.cache/podlab-tools
export PODLAB_TOOLS
# binaryen 132's wasm-opt must come first: Trunk uses the first wasm-opt on PATH.
export PATH := $(PODLAB_TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: setup setup-browser serve dist test lint test-native test-wasm test-e2e size

setup:
	scripts/setup.sh

setup-browser:
	scripts/setup.sh --browser

serve: setup
	cargo fetch --locked
	trunk serve --offline --locked --address 127.0.0.1 --port 8080

dist: setup
	scripts/dist.sh

test: setup-browser
	$(MAKE) --no-print-directory lint test-native test-wasm test-e2e

# House rules (style.md): one format, no clippy warnings, natively (engine, CLI, tests) and for the
# wasm build (the UI's components are compiled only there), and the early editor as it ships
# (without the "app" feature, Cargo.toml).
lint:
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --lib --bin podlab-editor -- -D warnings

test-native:
	cargo test --locked
	cargo run --locked --quiet --bin podlab -- lint-content content

# tests/web.rs in headless Chromium (runner from .cargo/config.toml, CHROMEDRIVER above).
test-wasm:
	cargo test --locked --target wasm32-unknown-unknown --test web

# Builds the release bundle exactly as `make dist` does, then drives it in headless Chromium.
test-e2e:
	scripts/dist.sh
	PODLAB_E2E_DIST="$(CURDIR)/dist" node --test --test-concurrency=1 tests/e2e/*.test.mjs

# Then the engine alone, a floor under the whole visit (examples/engine_floor.rs).
size: dist
	scripts/size.sh
	scripts/size-engine.sh

# The release-only timing tests (`#[ignore]`d in a debug `cargo test`: their wall-clock budgets
# are about optimised code) with the profile they need, then the engine's benchmark report
# (docs/benchmarks.md). bench-native is release at opt-level 3 with unwinding (tests need it).
.PHONY: bench
bench:
	cargo test --locked --no-fail-fast --profile bench-native --test admission --test admission_fuzz \
		--test hostile --test shell_fuzz -- --ignored --nocapture
	cargo run --locked --profile bench-native --example bench

# One file, dist-single/podlab.html: the whole app and every lesson, runs from file:// with no
# server (docs/hosting.md, "One file"). PODLAB_HOSTED_URL=https://… names where share links point.
.PHONY: single
single: dist
	node scripts/single-file.mjs dist dist-single/podlab.html

# Lighthouse (mobile preset, simulated throttling) on the release build served gzipped, 3 runs:
# scripts/lighthouse.mjs, figures in tests/e2e/out/lighthouse.json (issue 15). Installed on first
# use into $(PODLAB_TOOLS)/lighthouse, at a pinned version; not in scripts/setup.sh, since only
# this target needs its ~150 packages.
LIGHTHOUSE_VERSION := 12.2.3
.PHONY: lighthouse
lighthouse: dist
	lh="$(PODLAB_TOOLS)/lighthouse"
	if [ "$$(node -p "require('$$lh/node_modules/lighthouse/package.json').version" 2>/dev/null)" != "$(LIGHTHOUSE_VERSION)" ]; then
		npm install --prefix "$$lh" --no-audit --no-fund --save-exact "lighthouse@$(LIGHTHOUSE_VERSION)"
	fi
	node scripts/lighthouse.mjs dist
