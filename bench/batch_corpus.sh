#!/bin/sh
# Batch-converts the first 40 statements (sorted by name) of
# ../shared/corpus/ungd-2015/ with one worker and with two, into fresh
# folders; prints both wall times, hours of audio per wall hour and the
# speed-up (the aim: 1.8x or more on 2 cores), and checks that both runs
# wrote the same bytes.
#   bench/batch_corpus.sh [COUNT] [ROSTRUM]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${ROSTRUM_CORPUS_DIR:-$here/../shared/corpus}/ungd-2015
count=${1:-40}
rostrum=${2:-$here/build/rostrum}
[ -d "$corpus" ] || { echo "no corpus at $corpus (set ROSTRUM_CORPUS_DIR)" >&2; exit 1; }
[ -x "$rostrum" ] || { echo "build rostrum first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here"

# the corpus names hold no spaces
# shellcheck disable=SC2046
set -- $(ls "$corpus" | grep '\.txt$' | LC_ALL=C sort | head -n "$count" | sed "s|^|$corpus/|")
words=$(cat "$@" | wc -w)

# seconds H:MM:SS
seconds() { echo "$1" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'; }

# run JOBS: wall seconds of a batch run into work/jJOBS; sets wall and audio
run() {
    start=$(date +%s.%N)
    "$rostrum" batch "$@" -o "$work/j$jobs" -j "$jobs" 2>"$work/log$jobs" || {
        tail -n 20 "$work/log$jobs" >&2
        exit 1
    }
    end=$(date +%s.%N)
    wall=$(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }')
    audio=$(seconds "$(sed -n 's/.*; \([0-9:]*\) of audio in .*/\1/p' "$work/log$jobs")")
}

jobs=1
run "$@"
wall1=$wall
jobs=2
run "$@"
wall2=$wall
hours=$(echo "$audio" | awk '{ printf "%.2f", $1 / 3600 }')
echo "inputs:    $# statements from $corpus ($words words), $hours h of audio"
echo "processors: $(nproc)"
echo "-j 1:      $wall1 s wall, $(echo "$audio $wall1" | awk '{ printf "%.0f", $1 / $2 }') h of audio per wall hour"
echo "-j 2:      $wall2 s wall, $(echo "$audio $wall2" | awk '{ printf "%.0f", $1 / $2 }') h of audio per wall hour"
echo "speed-up:  $(echo "$wall1 $wall2" | awk '{ printf "%.2f", $1 / $2 }')x (aim: 1.8x or more on 2 cores)"
same=yes
for f in "$work"/j1/*.opus; do
    cmp -s "$f" "$work/j2/${f##*/}" || same=no
done
echo "same bytes from -j 1 and -j 2: $same"
