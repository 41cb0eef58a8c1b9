#!/usr/bin/env bash
# Prints what a first visit downloads from dist/, raw and gzip -9, in two totals:
# - the first paint: index.html (which carries the course as static HTML, src/ui/first_paint.rs,
#   and the CSS, inlined by scripts/inline-css-hook.mjs): enough to read the lesson and edit its YAML;
# - the whole app: the above plus the JS loader, the wasm (the lessons are compiled into it too)
#   and the icon, which load in the background and take over.
# Reproduce: `make size`.
set -euo pipefail
cd "$(dirname "$0")/../dist"
printf '%-44s %10s %10s\n' file raw gzip-9
total_raw=0; total_gz=0
line() { printf '%-44s %10d %10d\n' "$1" "$2" "$3"; }
kib() { awk -v r="$2" -v g="$3" -v l="$1" 'BEGIN { printf "%-44s %9.1fK %9.1fK\n", l, r / 1024, g / 1024 }'; }
count() {
  for f in "$@"; do
    [ -f "$f" ] || continue
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    line "$f" "$raw" "$gz"
  done
}
count index.html *.css
line "TOTAL first paint, lesson readable (bytes)" "$total_raw" "$total_gz"
kib "TOTAL first paint, lesson readable (KiB)" "$total_raw" "$total_gz"
count *.js *.wasm public/favicon.svg favicon*.svg
line "TOTAL first visit, whole app (bytes)" "$total_raw" "$total_gz"
kib "TOTAL first visit, whole app (KiB)" "$total_raw" "$total_gz"
