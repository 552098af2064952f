#!/bin/sh
# AAC and MP3 encoding at 64 kbit/s mono: rostrum against FFmpeg's own
# command line encoding the same audio. rostrum also synthesizes, so the
# fair comparison is of whole jobs that end in the same file kind:
#   rostrum render -o x.m4b          against   rostrum render -o x.wav, then
#                                              ffmpeg -i x.wav -c:a aac -b:a 64k
# (and the same with .mp3 and -c:a libmp3lame). Both sides synthesize,
# level and limit the speech once; the difference is the encoder. rostrum
# also decodes what it wrote to measure it (on a second thread), which the
# CPU time counts. Prints, per codec, the median over ROUNDS rounds (default
# 3) of CPU time (user + system, children included) and of wall time, their
# ratios (rostrum / (wav render + ffmpeg); 1.00 or less: not slower), and
# the encode part alone ((rostrum render - wav render) / ffmpeg).
#   bench/encode_vs_ffmpeg.sh [STATEMENT] [ROSTRUM]
# Default statement: the seed statement of ../shared/corpus/statements/ (or
# $ROSTRUM_CORPUS_DIR/statements/), else samples/en_statement.md.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
input=${1:-}
if [ -z "$input" ]; then
    input=${ROSTRUM_CORPUS_DIR:-$here/../shared/corpus}/statements/en_asp_JPN_cooperation.md
    [ -f "$input" ] || input=$here/samples/en_statement.md
fi
rostrum=${2:-$here/build/rostrum}
rounds=${ROUNDS:-3}
for tool in ffmpeg ffprobe /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: scripts/install-deps --bench" >&2; exit 1; }
done
[ -x "$rostrum" ] || { echo "build rostrum first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here" HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"

# timed NAME COMMAND...: appends "cpu wall" of the command to work/NAME.
# perf stat's task-clock counts every thread and child process (espeak-ng
# speaks in children, the meter runs on a thread), where GNU time only sees
# the children that were waited for; without perf (linux-perf), GNU time.
timed() {
    name=$1
    shift
    start=$(date +%s.%N)
    if command -v perf >/dev/null 2>&1; then
        perf stat -x, -e task-clock -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        cpu=$(awk -F, '/task-clock/ { printf "%.3f", $1 / 1000 }' "$work/t")
    else
        /usr/bin/time -f "%U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/t")
    fi
    end=$(date +%s.%N)
    echo "$cpu $(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')" >>"$work/$name"
}

# median NAME FIELD: the median of a column of work/NAME
median() {
    cut -d' ' -f"$2" "$work/$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# one round: the runs of every kind back to back, so that a shared machine
# drifting in speed affects them alike
round=0
while [ "$round" -lt "$rounds" ]; do
    timed wav "$rostrum" render "$input" -o "$work/x.wav" -q
    timed ff_aac ffmpeg -nostdin -v error -y -i "$work/x.wav" -c:a aac -b:a 64k "$work/f.m4a"
    timed ff_mp3 ffmpeg -nostdin -v error -y -i "$work/x.wav" -c:a libmp3lame -b:a 64k "$work/f.mp3"
    timed r_aac "$rostrum" render "$input" -o "$work/r.m4b" -q
    timed r_mp3 "$rostrum" render "$input" -o "$work/r.mp3" -q
    round=$((round + 1))
done

audio=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/x.wav")
echo "statement: $input ($(wc -w <"$input") words, $(printf '%.1f' "$audio") s of audio), median of $rounds rounds"
echo "rostrum render to .wav: $(median wav 1) s CPU, $(median wav 2) s wall"
for codec in aac mp3; do
    r_cpu=$(median "r_$codec" 1) r_wall=$(median "r_$codec" 2)
    f_cpu=$(median "ff_$codec" 1) f_wall=$(median "ff_$codec" 2)
    w_cpu=$(median wav 1) w_wall=$(median wav 2)
    echo "$codec 64k: rostrum $r_cpu s CPU ($r_wall s wall); .wav + ffmpeg $w_cpu + $f_cpu s CPU ($w_wall + $f_wall s wall)"
    awk -v r="$r_cpu" -v w="$w_cpu" -v f="$f_cpu" -v rw="$r_wall" -v ww="$w_wall" -v fw="$f_wall" -v c="$codec" 'BEGIN {
        printf "%s ratio: %.2f CPU, %.2f wall (rostrum / (.wav render + ffmpeg)); encode part %.2f CPU (rostrum - .wav) / ffmpeg\n",
            c, r / (w + f), rw / (ww + fw), (r - w) / f }'
done
