#!/bin/sh
# The ratios of issue 18, side by side in one run, each the median of
# ROUNDS rounds (3 by default), on statements of ../shared/corpus/ungd-2015
# (or $ROSTRUM_CORPUS_DIR/ungd-2015):
#   1. processor time of `rostrum render -j 1` of a statement of some seven
#      minutes against espeak-ng -w + opusenc of the same text, at the same
#      voice, bitrate and complexity (10, then 5);
#   2. wall time of `rostrum batch -j 2` of BATCH statements (6) against the
#      same pipeline run two at a time with xargs -P 2 (10, then 5);
#   3. with SITTING=1, the twelve-hour sitting of bench/make_session.sh
#      rendered with captions, chapters, page and manifest: wall and
#      processor time, peak memory, and the loudness and true peak of the
#      file as libopus decodes it (ffmpeg -c:a libopus, its ebur128 meter).
# opusenc is given --speech, which sets the signal type rostrum's encoders
# set (OPUS_SIGNAL_VOICE): without it libopus codes this speech as music at
# some 40 kbit/s for 24 asked, at half the work, and the two would not be
# encoding the same thing. The plain opusenc figure is printed beside.
#   bench/sitting.sh [ROSTRUM]
# Needs espeak-ng, opusenc, opusdec, ffmpeg and GNU time
# (scripts/install-deps --bench).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${ROSTRUM_CORPUS_DIR:-$here/../shared/corpus}/ungd-2015
rostrum=${1:-$here/build/rostrum}
rounds=${ROUNDS:-3}
batch_count=${BATCH:-6}
for tool in espeak-ng opusenc opusdec ffmpeg /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: scripts/install-deps --bench" >&2; exit 1; }
done
[ -x "$rostrum" ] || { echo "build rostrum first (scripts/quickstart)" >&2; exit 1; }
ls "$corpus"/*.txt >/dev/null 2>&1 || { echo "no statements in $corpus" >&2; exit 1; }
case $rounds in '' | *[!0-9]* | 0) echo "ROUNDS must be a whole number, 1 or more" >&2; exit 2 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ROSTRUM_DATA_DIR="$here" HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"

# the statement nearest 1,150 words (seven minutes at 165 a minute), and
# the batch: the BATCH statements around the median length
statement=$(wc -w "$corpus"/*.txt | grep -v ' total$' |
    awk '{ d = $1 - 1150; if (d < 0) d = -d; print d, $2 }' | sort -n | head -n 1 | cut -d' ' -f2)
mkdir "$work/in"
total=$(ls "$corpus"/*.txt | wc -l)
wc -c "$corpus"/*.txt | grep -v ' total$' | sort -n | awk -v from=$(( (total - batch_count) / 2 )) -v n="$batch_count" \
    'NR > from && NR <= from + n { print $2 }' | while read -r f; do cp "$f" "$work/in/"; done

cpu() { # cpu FILE COMMAND...: runs COMMAND, writes user + system seconds (children too) to FILE
    out=$1
    shift
    /usr/bin/time -f "%U %S" -o "$out.t" "$@"
    awk '{ printf "%.2f\n", $1 + $2 }' "$out.t" >"$out"
}
wall() { # wall FILE COMMAND...: runs COMMAND, writes its wall seconds to FILE
    out=$1
    shift
    /usr/bin/time -f "%e" -o "$out" "$@"
}
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# the scripted render of one statement, for xargs: piped.sh COMPLEXITY OUTDIR STATEMENT
cat >"$work/piped.sh" <<'SH'
n=$(basename "$3" .txt)
espeak-ng -v gmw/en -s 165 -p 45 -w "$2/$n.wav" -f "$3" && opusenc --quiet --bitrate 24 --comp "$1" --speech "$2/$n.wav" "$2/$n.opus"
SH

echo "machine: $(nproc) processors, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); $("$rostrum" --version | head -n 1)"
echo "statement: $(basename "$statement") ($(wc -w <"$statement") words); batch: $batch_count statements, $(cat "$work/in"/*.txt | wc -w) words"
for c in 10 5; do
    : >"$work/cpu_ratios"
    : >"$work/batch_ratios"
    round=1
    while [ "$round" -le "$rounds" ]; do
        cpu "$work/r" "$rostrum" render "$statement" -o "$work/r.opus" -j 1 --complexity "$c" --quiet
        cpu "$work/e" espeak-ng -v gmw/en -s 165 -p 45 -w "$work/p.wav" -f "$statement"
        cpu "$work/o" opusenc --quiet --bitrate 24 --comp "$c" --speech "$work/p.wav" "$work/p.opus"
        cpu "$work/plain" opusenc --quiet --bitrate 24 --comp "$c" "$work/p.wav" "$work/q.opus"
        piped=$(echo "$(cat "$work/e") $(cat "$work/o")" | awk '{ printf "%.2f", $1 + $2 }')
        ratio "$(cat "$work/r")" "$piped" >>"$work/cpu_ratios"
        echo >>"$work/cpu_ratios"
        echo "complexity $c, round $round: render -j 1 $(cat "$work/r") s CPU; espeak-ng $(cat "$work/e") s +" \
            "opusenc --speech $(cat "$work/o") s = $piped s ($(ratio "$(cat "$work/r")" "$piped")); plain opusenc $(cat "$work/plain") s"

        rm -rf "$work/out" "$work/cache" "$work/piped"
        mkdir "$work/piped"
        wall "$work/b" "$rostrum" batch "$work/in" -o "$work/out" -j 2 --complexity "$c" --quiet
        wall "$work/x" sh -c 'ls "$1"/*.txt | xargs -P 2 -n 1 sh "$2" "$3" "$4"' _ "$work/in" "$work/piped.sh" "$c" "$work/piped"
        ratio "$(cat "$work/b")" "$(cat "$work/x")" >>"$work/batch_ratios"
        echo >>"$work/batch_ratios"
        echo "complexity $c, round $round: batch -j 2 $(cat "$work/b") s wall; xargs -P 2 pipeline $(cat "$work/x") s" \
            "($(ratio "$(cat "$work/b")" "$(cat "$work/x")"))"
        round=$((round + 1))
    done
    echo "complexity $c: render CPU / pipeline CPU, median: $(median "$work/cpu_ratios");" \
        "batch wall / xargs wall, median: $(median "$work/batch_ratios")"
done

[ "${SITTING:-0}" = 1 ] || exit 0
"$here/bench/make_session.sh" >"$work/sitting.txt"
/usr/bin/time -f "%e %U %S %M" -o "$work/sitting.time" "$rostrum" render "$work/sitting.txt" -o "$work/sitting.opus" \
    --captions vtt,srt --chapters-vtt --page --manifest "$work/sitting.json" --quiet
read -r s_wall s_user s_sys s_rss <"$work/sitting.time"
# ffmpeg's libopus decoder is libopus; a float WAV of the sitting would be 9 GB
ffmpeg -hide_banner -nostats -c:a libopus -i "$work/sitting.opus" -af ebur128=peak=true -f null - 2>"$work/ebur128" || true
echo "sitting: $(wc -w <"$work/sitting.txt") words, $(python3 -c 'import json,sys; print("%.2f h" % (json.load(open(sys.argv[1]))["duration_ms"] / 3.6e6))' "$work/sitting.json") of audio"
echo "  ${s_wall} s wall, $(echo "$s_user $s_sys" | awk '{ printf "%.1f", $1 + $2 }') s CPU, peak RSS $((s_rss / 1024)) MB"
echo "  decoded (libopus through ffmpeg, its ebur128): $(sed -n 's/^ *I: *//p' "$work/ebur128" | tail -n 1)," \
    "true peak $(sed -n 's/^ *Peak: *//p' "$work/ebur128" | tail -n 1)"
echo "  last caption cue: $(grep -- '-->' "$work/sitting.vtt" | tail -n 1)"
