#!/usr/bin/env bash
# Prints what a first visit downloads from dist/ (HTML, JS, wasm, CSS, favicon; the first lesson
# is compiled into the wasm), raw and gzip -9, plus the total. Reproduce: `make size`.
set -euo pipefail
cd "$(dirname "$0")/../dist"
printf '%-44s %10s %10s\n' file raw gzip-9
total_raw=0; total_gz=0
for f in index.html *.js *.wasm *.css public/favicon.svg favicon*.svg; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' "TOTAL first visit (bytes)" "$total_raw" "$total_gz"
awk -v r="$total_raw" -v g="$total_gz" 'BEGIN { printf "%-44s %9.1fK %9.1fK\n", "TOTAL first visit (KiB)", r / 1024, g / 1024 }'
