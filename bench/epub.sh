#!/bin/sh
# What the EPUB costs beyond its audio: renders a session of about an hour
# to .mp3 and to .epub (the same MP3 inside), back to back, in ROUNDS
# rounds (default 3), and prints each round's wall and processor (user +
# system) times, the EPUB's extra seconds and the ratio of the two; the
# medians are the figures. The speech comes from a cache filled first, so
# both renders do the same encoding and the difference is the book: its
# XHTML, overlays, package and zip. On a shared machine the processor time
# is the steadier of the two.
#   bench/epub.sh [SESSION] [ROSTRUM]
# Default session: samples/session_transcript.md repeated COPIES times
# (default 31, about an hour of audio). LEVEL=word times word-level books.
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
copies=${COPIES:-31}
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

wall() { # wall FILE COMMAND...: runs COMMAND, writes its wall and processor seconds to FILE
    out=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$out" "$@"
}
field() { awk -v n="$2" '{ if (n == 1) print $1; else printf "%.2f\n", $2 + $3 }' "$1"; }

cache=$work/speech
"$rostrum" render "$input" -o "$work/warm.mp3" --cache "$cache" --quiet --manifest "$work/warm.json"
duration=$(sed -n 's/.*"duration_ms": \([0-9]*\).*/\1/p' "$work/warm.json" | head -n 1)
echo "session: $input, $((duration / 1000)) s of audio, $level level"

extras=""
ratios=""
cpu_extras=""
round=1
while [ "$round" -le "$rounds" ]; do
    wall "$work/t_mp3" "$rostrum" render "$input" -o "$work/out.mp3" --cache "$cache" --quiet
    wall "$work/t_epub" "$rostrum" render "$input" -o "$work/out.epub" --cache "$cache" --quiet --epub-level "$level"
    mp3=$(field "$work/t_mp3" 1)
    epub=$(field "$work/t_epub" 1)
    mp3_cpu=$(field "$work/t_mp3" 2)
    epub_cpu=$(field "$work/t_epub" 2)
    extra=$(awk -v a="$epub" -v b="$mp3" 'BEGIN { printf "%.2f", a - b }')
    ratio=$(awk -v a="$epub" -v b="$mp3" 'BEGIN { printf "%.3f", a / b }')
    cpu_extra=$(awk -v a="$epub_cpu" -v b="$mp3_cpu" 'BEGIN { printf "%.2f", a - b }')
    echo "round $round: wall mp3 ${mp3} s, epub ${epub} s, extra ${extra} s, epub/mp3 ${ratio};" \
        "processor mp3 ${mp3_cpu} s, epub ${epub_cpu} s, extra ${cpu_extra} s"
    extras="$extras $extra"
    ratios="$ratios $ratio"
    cpu_extras="$cpu_extras $cpu_extra"
    round=$((round + 1))
done
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "median: wall extra $(median $extras) s, epub/mp3 $(median $ratios); processor extra $(median $cpu_extras) s;" \
    "book $(wc -c <"$work/out.epub") bytes, mp3 $(wc -c <"$work/out.mp3") bytes"
