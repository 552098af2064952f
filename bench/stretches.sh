#!/bin/sh
# Encoding in stretches: renders one long statement with -j 1 and -j 2 and
# with the command-line pipeline (espeak-ng -w, then opusenc) at the same
# voice, bitrate and complexity, and prints the wall times and ratios. Then
# edits one paragraph in the middle and renders again with the stretch
# cache, and prints that time against a full render.
#   bench/stretches.sh [STATEMENT] [ROSTRUM]
# Default statement: the longest in ../shared/corpus/ungd-2015/ (or in
# $ROSTRUM_CORPUS_DIR/ungd-2015). ROUNDS (default 3) rounds of -j 1, -j 2
# and the pipeline, back to back, so that each round's ratio compares runs
# made at the same machine speed (a shared virtual machine drifts by 5-10%
# between minutes); the median is the figure.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${ROSTRUM_CORPUS_DIR:-$here/../shared/corpus}/ungd-2015
input=${1:-}
if [ -z "$input" ]; then
    ls "$corpus"/*.txt >/dev/null 2>&1 || { echo "no statements in $corpus: give one, bench/stretches.sh STATEMENT" >&2; exit 1; }
    input=$(wc -c "$corpus"/*.txt | sort -n | grep -v total | tail -n 1 | awk '{print $2}')
fi
[ -r "$input" ] || { echo "cannot read $input" >&2; exit 1; }
rostrum=${2:-$here/build/rostrum}
for tool in espeak-ng opusenc /usr/bin/time python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: scripts/install-deps --bench" >&2; exit 1; }
done
[ -x "$rostrum" ] || { echo "build rostrum first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here"

wall() { # wall FILE COMMAND...: runs COMMAND, writes its wall seconds to FILE
    out=$1
    shift
    /usr/bin/time -f "%e" -o "$out" "$@"
}

rounds=${ROUNDS:-3}
case $rounds in
'' | *[!0-9]* | 0) echo "ROUNDS must be a whole number, 1 or more" >&2; exit 2 ;;
esac
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1 / $2}'; }
round=1
: >"$work/ratios"
echo "statement:        $input ($(wc -w <"$input") words), $(nproc) processors"
while [ "$round" -le "$rounds" ]; do
    wall "$work/j1" "$rostrum" render "$input" -o "$work/j1.opus" -j 1 --quiet
    wall "$work/j2" "$rostrum" render "$input" -o "$work/j2.opus" -j 2 --quiet
    wall "$work/e" espeak-ng -v gmw/en -s 165 -p 45 -w "$work/p.wav" -f "$input"
    wall "$work/o" opusenc --quiet --bitrate 24 --comp 10 "$work/p.wav" "$work/p.opus"
    j1=$(cat "$work/j1") j2=$(cat "$work/j2")
    pipeline=$(echo "$(cat "$work/e") $(cat "$work/o")" | awk '{printf "%.2f", $1 + $2}')
    echo "round $round:"
    echo "  rostrum -j 1:   ${j1} s ($(ratio "$j1" "$pipeline") x the pipeline)"
    echo "  rostrum -j 2:   ${j2} s ($(ratio "$j2" "$pipeline") x the pipeline, $(ratio "$j1" "$j2") x faster than -j 1)"
    echo "  pipeline:       ${pipeline} s (espeak-ng $(cat "$work/e") s + opusenc $(cat "$work/o") s)"
    ratio "$j2" "$pipeline" >>"$work/ratios"
    echo >>"$work/ratios"
    round=$((round + 1))
done
echo "-j 2 / pipeline, median of $rounds rounds: $(sort -n "$work/ratios" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"

# the cache: a full render fills it, an edit in the middle re-renders
cp "$input" "$work/statement.txt"
wall "$work/full" "$rostrum" render "$work/statement.txt" -o "$work/c.opus" --cache "$work/cache" --quiet
python3 - "$work/statement.txt" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
# the paragraph in the middle: one word more
text = [i for i, l in enumerate(lines) if " the " in l]
middle = text[len(text) // 2]
lines[middle] = lines[middle].replace(" the ", " the very ", 1)
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
wall "$work/edit" "$rostrum" render "$work/statement.txt" -o "$work/c.opus" --cache "$work/cache" 2>"$work/c.err"
cached=$(sed -n 's/^rostrum: \([0-9]* of [0-9]*\) stretches from the cache$/\1/p' "$work/c.err")

echo "full render, cache filled:       $(cat "$work/full") s"
echo "one paragraph edited, re-render: $(cat "$work/edit") s ($(ratio "$(cat "$work/edit")" "$(cat "$work/full")") of the full render; $cached stretches from the cache)"
