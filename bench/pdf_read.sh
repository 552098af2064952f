#!/bin/sh
# How long rostrum takes to read a 100-page PDF (rostrum text: read,
# normalize, print; no audio), against the target of under a second.
#   bench/pdf_read.sh BUILD_DIR     (needs qpdf; BUILD_DIR has rostrum and tests/make_pdf)
# The PDF is the drawn three-page statement of tests/pdf_samples.h repeated
# to 102 pages; with the shared corpus beside the tree, its PDFs are timed too.
set -eu
build=${1:?usage: bench/pdf_read.sh BUILD_DIR}
command -v qpdf >/dev/null 2>&1 || { echo "pdf_read: qpdf is needed to build the long PDF" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/make_pdf" statement "$work/three.pdf"
set --
i=0
while [ $i -lt 34 ]; do
    set -- "$@" "$work/three.pdf"
    i=$((i + 1))
done
qpdf --empty --pages "$@" -- "$work/long.pdf"
pages=$(qpdf --show-npages "$work/long.pdf")

# best of three wall-clock times, in milliseconds
time_text() {
    best=
    for run in 1 2 3; do
        start=$(date +%s%N)
        "$build/rostrum" text "$1" >/dev/null
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best"
}

printf '%-60s %6s %8s\n' file pages ms
printf '%-60s %6s %8s\n' "drawn statement x34" "$pages" "$(time_text "$work/long.pdf")"
corpus=${ROSTRUM_CORPUS_DIR:-$(dirname "$0")/../../shared/corpus}/formats
for pdf in "$corpus"/*.pdf; do
    [ -f "$pdf" ] || continue
    printf '%-60s %6s %8s\n' "$(basename "$pdf")" "$(qpdf --show-npages "$pdf")" "$(time_text "$pdf")"
done
