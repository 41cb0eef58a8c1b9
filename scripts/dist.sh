#!/usr/bin/env bash
# The release build, exactly as deployed and as the end-to-end tests load it: dist/ with hashed
# names, a relative public_url, wasm-opt -Oz from binaryen 132 (first on PATH, see the Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wasm-opt >/dev/null || { echo "dist: wasm-opt is not on PATH (run through make)" >&2; exit 1; }
cargo fetch --locked
# --offline: cargo uses what `cargo fetch` got, and Trunk may not download any tool (a missing or
# mismatched tool then fails loudly instead of trying GitHub).
trunk build --release --locked --offline
