#!/bin/sh
# What the EPUB costs beyond its audio: renders a session of about an hour
# to .mp3 and to .epub (the same MP3 inside), back to back, in ROUNDS
# rounds (default 3), and prints each round's wall times, the EPUB's extra
# seconds and the ratio of the two; the median is the figure. The speech
# comes from a cache filled first, so both renders do the same encoding and
# the difference is the book: its XHTML, overlays, package and zip.
#   bench/epub.sh [SESSION] [ROSTRUM]
# Default session: samples/session_transcript.md repeated COPIES times
# (default 41, about an hour of audio). LEVEL=word times word-level books.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
rostrum=${2:-$here/build/rostrum}
[ -x "$rostrum" ] || { echo "build rostrum first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null 2>&1 || { echo "missing GNU time: scripts/install-deps --bench" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here" HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"

rounds=${ROUNDS:-3}
copies=${COPIES:-41}
level=${LEVEL:-sentence}
case $rounds$copies in
'' | *[!0-9]*) echo "ROUNDS and COPIES must be whole numbers" >&2; exit 2 ;;
esac

input=${1:-}
if [ -z "$input" ]; then
    # the front matter once, then the sitting's body again and again
    sample=$here/samples/session_transcript.md
    input=$work/session.md
    awk 'NR == 1 && /^---$/ { fm = 1 } { if (fm) print; if (fm && NR > 1 && /^---$/) exit }' "$sample" >"$input"
    body=$work/body.md
    awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$sample" >"$body"
    i=0
    while [ "$i" -lt "$copies" ]; do
        cat "$body" >>"$input"
        echo >>"$input"
        i=$((i + 1))
    done
fi

wall() { # wall FILE COMMAND...: runs COMMAND, writes its wall seconds to FILE
    out=$1
    shift
    /usr/bin/time -f "%e" -o "$out" "$@"
}

cache=$work/speech
"$rostrum" render "$input" -o "$work/warm.mp3" --cache "$cache" --quiet --manifest "$work/warm.json"
duration=$(sed -n 's/.*"duration_ms": \([0-9]*\).*/\1/p' "$work/warm.json" | head -n 1)
echo "session: $input, $((duration / 1000)) s of audio, $level level"

extras=""
ratios=""
round=1
while [ "$round" -le "$rounds" ]; do
    wall "$work/t_mp3" "$rostrum" render "$input" -o "$work/out.mp3" --cache "$cache" --quiet
    wall "$work/t_epub" "$rostrum" render "$input" -o "$work/out.epub" --cache "$cache" --quiet --epub-level "$level"
    mp3=$(cat "$work/t_mp3")
    epub=$(cat "$work/t_epub")
    extra=$(awk -v a="$epub" -v b="$mp3" 'BEGIN { printf "%.2f", a - b }')
    ratio=$(awk -v a="$epub" -v b="$mp3" 'BEGIN { printf "%.3f", a / b }')
    echo "round $round: mp3 ${mp3} s, epub ${epub} s, extra ${extra} s, epub/mp3 ${ratio}"
    extras="$extras $extra"
    ratios="$ratios $ratio"
    round=$((round + 1))
done
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "median: extra $(median $extras) s, epub/mp3 $(median $ratios); book $(wc -c <"$work/out.epub") bytes, mp3 $(wc -c <"$work/out.mp3") bytes"
