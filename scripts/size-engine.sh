#!/usr/bin/env bash
# The engine alone (examples/engine_floor.rs: admission, the kubelet's simulation, the runtime and
# the kubectl console; no UI, no lessons, no Markdown), built for wasm32 as the release wasm is
# (profile `release`, without the `app` feature, wasm-bindgen, wasm-opt -Oz), raw and gzip -9: a floor under
# any page that runs the whole engine (README, Sizes). Reproduce: `bash scripts/size-engine.sh`
# (needs the wasm32 target, wasm-bindgen and wasm-opt on PATH, as `make dist` does).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null || { echo "size-engine: $tool is not on PATH (scripts/setup.sh installs it; the Makefile puts it first)" >&2; exit 1; }
done
cargo build --locked --quiet --release --target wasm32-unknown-unknown --no-default-features --example engine_floor
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Through wasm-bindgen as the app's wasm is: the library links wasm-bindgen (the web modules), and
# only the CLI strips its describe functions and custom section.
wasm-bindgen --target web --out-dir "$dir" target/wasm32-unknown-unknown/release/examples/engine_floor.wasm
wasm-opt -Oz "$dir/engine_floor_bg.wasm" -o "$dir/engine.wasm"
raw=$(wc -c < "$dir/engine.wasm"); gz=$(gzip -9 -c "$dir/engine.wasm" | wc -c)
awk -v r="$raw" -v g="$gz" 'BEGIN { printf "engine alone (wasm-opt -Oz): %d bytes raw, %d gzip -9 (%.1f KiB)\n", r, g, g / 1024 }'
