#!/usr/bin/env bash
# Prints what a first visit downloads from dist/, raw and gzip -9, in three totals:
# - the first paint: index.html (which carries the first lesson as static HTML, src/ui/first_paint.rs,
#   and the CSS, inlined by scripts/inline-css-hook.mjs): enough to read the lesson and edit its YAML;
# - before the editor is usable (issue 15): the above plus the early editor, the small second wasm
#   and its JS glue (podlab-editor-*, hashed) that bring the first paint's textarea to life with
#   highlighting and live diagnostics; a build without it says so and counts the first paint;
# - the whole app: everything, that is the above plus the app's JS loader, its wasm (the lessons
#   are compiled into it too), the icon, and the other lessons' first paint (files of their own,
#   fetched for an address that names one, and precached by the service worker), which load in
#   the background and take over.
# Reproduce: `make size`.
set -euo pipefail
cd "$(dirname "$0")/../dist"
printf '%-44s %10s %10s\n' file raw gzip-9
total_raw=0; total_gz=0
counted=' '
line() { printf '%-44s %10d %10d\n' "$1" "$2" "$3"; }
kib() { awk -v r="$2" -v g="$3" -v l="$1" 'BEGIN { printf "%-44s %9.1fK %9.1fK\n", l, r / 1024, g / 1024 }'; }
# Counts each file once, whichever totals' globs name it (the early editor's files are also *.js
# and *.wasm). A glob that matched nothing stays literal and is skipped.
count() {
  for f in "$@"; do
    [ -f "$f" ] || continue
    case "$counted" in *" $f "*) continue ;; esac
    counted="$counted$f "
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    line "$f" "$raw" "$gz"
  done
}
count index.html *.css
line "TOTAL first paint, lesson readable (bytes)" "$total_raw" "$total_gz"
kib "TOTAL first paint, lesson readable (KiB)" "$total_raw" "$total_gz"
before="$counted"
count podlab-editor-*.js podlab-editor-*_bg.wasm
# Without the early editor the line says so after the figures (the columns stay aligned).
note=''
[ "$counted" = "$before" ] && note='  (no podlab-editor-* in this build: the first paint only)'
echo "$(line "TOTAL before the editor is usable (bytes)" "$total_raw" "$total_gz")$note"
echo "$(kib "TOTAL before the editor is usable (KiB)" "$total_raw" "$total_gz")$note"
count *.js *.wasm public/favicon.svg favicon*.svg lesson-*.html
line "TOTAL first visit, whole app (bytes)" "$total_raw" "$total_gz"
kib "TOTAL first visit, whole app (KiB)" "$total_raw" "$total_gz"
