#!/usr/bin/env bash
# Workshop build: a dist/ carrying an instructor's own lessons (docs/hosting.md, "Workshops").
#
#   scripts/workshop-dist.sh LESSONS_DIR [OUT_DIR]     lint, then build OUT_DIR (default dist-workshop/)
#   scripts/workshop-dist.sh --check LESSONS_DIR       lint and list the lessons only (no wasm build)
#   scripts/workshop-dist.sh --single LESSONS_DIR [OUT_DIR]
#                                                      also write OUT_DIR/podlab.html: the same build
#                                                      as one file that runs from file:// (a USB stick;
#                                                      scripts/single-file.mjs, PODLAB_HOSTED_URL honoured)
#
# LESSONS_DIR holds a SUMMARY.md (the order: `- [Title](file.md)` lines under `# Part` headings)
# and the Markdown files it lists. `podlab lint-content` checks every lesson first (examples run on
# the simulated node, exercises' solutions pass): a broken lesson stops the build here, not in
# front of 30 people. Then build.rs embeds the folder (PODLAB_CONTENT) into the release bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
check_only=0
single=0
if [[ "${1:-}" == "--check" ]]; then check_only=1; shift; fi
if [[ "${1:-}" == "--single" ]]; then single=1; shift; fi
dir="${1:?usage: scripts/workshop-dist.sh [--check|--single] LESSONS_DIR [OUT_DIR]}"
out="${2:-dist-workshop}"
[[ -f "$dir/SUMMARY.md" ]] || { echo "workshop-dist: $dir has no SUMMARY.md (the lesson order file)" >&2; exit 1; }
dir="$(cd "$dir" && pwd)"
echo "workshop-dist: checking the lessons in $dir"
cargo run --quiet --locked --offline --bin podlab -- lint-content "$dir"
echo "workshop-dist: the build will contain:"
PODLAB_CONTENT="$dir" cargo run --quiet --locked --offline --bin podlab -- lessons
[[ $check_only == 1 ]] && exit 0
command -v wasm-opt >/dev/null || { echo "workshop-dist: wasm-opt is not on PATH (run through make, see the Makefile)" >&2; exit 1; }
PODLAB_CONTENT="$dir" trunk build --release --locked --offline --dist "$out"
echo "workshop-dist: $out/ is ready: copy it to any static host (docs/hosting.md)"
if [[ $single == 1 ]]; then
  node scripts/single-file.mjs "$out" "$out/podlab.html"
  echo "workshop-dist: $out/podlab.html is the same course in one file: copy it anywhere and open it"
fi
