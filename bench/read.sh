#!/bin/sh
# How long rostrum takes to read a long transcript, and how much memory it
# holds, against the targets: a 5 MB TEI sitting or a 100-page PDF in under
# a second, in memory a small multiple of the input. `rostrum text` reads,
# normalizes and prints: no audio.
#   bench/read.sh BUILD_DIR     (BUILD_DIR has rostrum, tests/make_pdf and tests/make_docx;
#                                qpdf for the long PDF, GNU time for memory)
# The TEI sitting is samples/tei_sitting.xml with its utterances repeated
# to 5 MB; the PDF is the drawn three-page statement of tests/pdf_samples.h
# repeated to 102 pages; the DOCX is tests/docx_sitting's body repeated
# to 5 MB. With the shared corpus beside the tree, its
# formats/ files are measured too.
set -eu
build=${1:?usage: bench/read.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A sample's body repeated to 5 MB: its head, the elements between <TAG>
# and </TAG> again and again, its tail.
#   repeat_body SAMPLE TAG OUT
repeat_body() {
    sed -n "1,/<$2>/p" "$1" >"$3"
    sed -n "/<$2>/,/<\/$2>/p" "$1" | sed '1d;$d' >"$work/body"
    size=0
    while [ "$size" -lt 5242880 ]; do
        cat "$work/body" "$work/body" "$work/body" "$work/body" >>"$3"
        size=$(wc -c <"$3")
    done
    sed -n "/<\/$2>/,\$p" "$1" >>"$3"
}

long_tei() {
    repeat_body "$here/../samples/tei_sitting.xml" body "$work/long.tei.xml"
}

# The DOCX sample's body repeated to 5 MB of document.xml, zipped by
# make_docx: rss/size is then against the zip, several times smaller.
long_docx() {
    cp -r "$here/../tests/docx_sitting" "$work/docx"
    repeat_body "$here/../tests/docx_sitting/word/document.xml" w:body "$work/docx/word/document.xml"
    "$build/tests/make_docx" "$work/long.docx" "$work/docx"
}

long_pdf() {
    "$build/tests/make_pdf" statement "$work/three.pdf"
    set --
    i=0
    while [ $i -lt 34 ]; do
        set -- "$@" "$work/three.pdf"
        i=$((i + 1))
    done
    qpdf --empty --pages "$@" -- "$work/long.pdf"
}

# best of three: wall-clock milliseconds and peak resident kilobytes
measure() {
    best=
    peak=
    for run in 1 2 3; do
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%e %M' -o "$work/time" "$build/rostrum" text "$1" >/dev/null
            ms=$(awk '{ printf "%d", $1 * 1000 }' "$work/time")
            kb=$(awk '{ print $2 }' "$work/time")
        else
            start=$(date +%s%N)
            "$build/rostrum" text "$1" >/dev/null
            ms=$((($(date +%s%N) - start) / 1000000))
            kb=-
        fi
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        peak=$kb
    done
    bytes=$(wc -c <"$1")
    ratio=-
    [ "$peak" = - ] || ratio=$(awk -v k="$peak" -v b="$bytes" 'BEGIN { printf "%.1f", k * 1024 / b }')
    printf '%-64s %9s %7s %9s %8s\n' "$2" "$bytes" "$best" "$peak" "$ratio"
}

printf '%-64s %9s %7s %9s %8s\n' file bytes ms peak_kb rss/size
long_tei
measure "$work/long.tei.xml" "samples/tei_sitting.xml, utterances to 5 MB"
long_docx
measure "$work/long.docx" "tests/docx_sitting, body to 5 MB (zipped)"
if command -v qpdf >/dev/null 2>&1; then
    long_pdf
    measure "$work/long.pdf" "drawn statement x34 ($(qpdf --show-npages "$work/long.pdf") pages)"
else
    echo "read: qpdf is not installed, the long PDF is not measured" >&2
fi
corpus=${ROSTRUM_CORPUS_DIR:-$here/../../shared/corpus}/formats
for f in "$corpus"/*.xml "$corpus"/*.pdf "$corpus"/*.html "$corpus"/*.docx; do
    [ -f "$f" ] || continue
    "$build/rostrum" text "$f" >/dev/null 2>&1 || continue # not a sitting: not measured
    measure "$f" "$(basename "$f")"
done
