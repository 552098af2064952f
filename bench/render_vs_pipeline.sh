#!/bin/sh
# Renders one long statement with rostrum and with the command-line pipeline
# (espeak-ng -w, then opusenc) at the same voice, rate, pitch, bitrate and
# complexity; prints both wall times, their ratio, the audio each produced
# and rostrum's peak memory.
#   bench/render_vs_pipeline.sh [STATEMENT] [ROSTRUM]
# Default statement: the longest in ../shared/corpus/ungd-2015/.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/../shared/corpus/ungd-2015
input=${1:-}
if [ -z "$input" ]; then
    input=$(wc -c "$corpus"/*.txt | sort -n | grep -v total | tail -n 1 | awk '{print $2}')
fi
rostrum=${2:-$here/build/rostrum}
for tool in espeak-ng opusenc opusinfo /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: scripts/install-deps --bench" >&2; exit 1; }
done
[ -x "$rostrum" ] || { echo "build rostrum first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here"

# the en-statement preset: espeak-ng voice gmw/en, 165 words a minute, pitch 45
/usr/bin/time -f "%e %M" -o "$work/r.time" "$rostrum" render "$input" -o "$work/r.opus" --quiet
/usr/bin/time -f "%e %M" -o "$work/e.time" espeak-ng -v gmw/en -s 165 -p 45 -w "$work/p.wav" -f "$input"
/usr/bin/time -f "%e %M" -o "$work/o.time" opusenc --quiet --bitrate 24 --comp 10 "$work/p.wav" "$work/p.opus"

length() { opusinfo "$1" | sed -n 's/.*Playback length: *\(.*\)/\1/p'; }
read -r r_wall r_mem <"$work/r.time"
read -r e_wall e_mem <"$work/e.time"
read -r o_wall o_mem <"$work/o.time"
p_wall=$(echo "$e_wall $o_wall" | awk '{printf "%.2f", $1 + $2}')
echo "statement:      $input ($(wc -w <"$input") words)"
echo "rostrum:        ${r_wall} s wall, peak memory $((r_mem / 1024)) MB, audio $(length "$work/r.opus")"
echo "pipeline:       ${p_wall} s wall (espeak-ng ${e_wall} s + opusenc ${o_wall} s), audio $(length "$work/p.opus")"
echo "ratio:          $(echo "$r_wall $p_wall" | awk '{printf "%.2f", $1 / $2}') (rostrum / pipeline wall time)"
