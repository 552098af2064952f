#!/bin/sh
# End-to-end checks of the M4B (AAC) and MP3 outputs against the Ogg Opus
# of the same input, by outside clients: ffprobe's chapters, tags, cover and
# duration, ffmpeg's loudness meter on the decoded audio, the sidecars; and
# the outputs' failures (a pipe for M4B, an unknown extension, a failed run).
#   listen.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (ffmpeg or ffprobe missing).
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"

for tool in ffmpeg ffprobe; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is not installed" >&2; exit 77; }
done

# chapters FILE: "start_ms<TAB>title" a line, as ffprobe reads them
chapters() {
    ffprobe -v error -show_entries chapter=start_time:chapter_tags=title -of csv=p=0 "$1" |
        awk -F, '{ printf "%d\t", $1 * 1000 + 0.5; sub(/^[^,]*,/, ""); print }'
}

# tag FILE KEY: a format tag (any case of KEY), as ffprobe reads it
tag() {
    ffprobe -v error -show_entries format_tags -of flat "$1" |
        awk -v k="$2" -F= 'tolower($1) == "format.tags." tolower(k) { v = $2; gsub(/^"|"$/, "", v); print v; exit }'
}

duration_ms() {
    ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" | awk '{ printf "%d\n", $1 * 1000 + 0.5 }'
}

# loudness FILE: "I TP" of the decoded audio, by ffmpeg's EBU R 128 meter
loudness() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/^ *I:/ { i = $2 } /^ *Peak:/ { p = $2 } END { print i, p }'
}

# same_chapters REFERENCE OTHER: the same count and names, and start times
# within 20 ms, the first at 0 in every container
same_chapters() {
    chapters "$1" >"$work/ref.ch"
    chapters "$2" >"$work/other.ch"
    [ -s "$work/ref.ch" ] || fail "$1 has no chapters"
    [ "$(wc -l <"$work/ref.ch")" -eq "$(wc -l <"$work/other.ch")" ] ||
        fail "$2 has $(wc -l <"$work/other.ch") chapters, $1 $(wc -l <"$work/ref.ch")"
    cut -f2- "$work/ref.ch" >"$work/ref.names"
    cut -f2- "$work/other.ch" >"$work/other.names"
    cmp -s "$work/ref.names" "$work/other.names" || fail "chapter names of $2 differ: $(diff "$work/ref.names" "$work/other.names" | head -n 4)"
    paste "$work/ref.ch" "$work/other.ch" | awk -F'\t' -v f="$2" '
        { a = $1; b = $3 }
        NR == 1 && (a != 0 || b != 0) { print "first chapter at " a " and " b " ms"; bad = 1 }
        { d = a - b; if (d < 0) d = -d; if (d > 20) { print "chapter " NR ": " a " and " b " ms"; bad = 1 } }
        END { exit bad }' >"$work/err" || fail "chapter times of $2 are not those of $1"
}

# check_loudness FILE MANIFEST: decoded at -19 LUFS within 0.5 LU, true peak
# at or under -1 dBTP, by ffmpeg's meter and by the manifest
check_loudness() {
    set -- "$1" "$2" $(loudness "$1")
    awk -v i="$3" -v p="$4" 'BEGIN { exit !(i >= -19.5 && i <= -18.5 && p <= -1.0) }' ||
        fail "$1 decodes at $3 LUFS, $4 dBTP"
    awk -v i="$(json_number "$2" output_lufs)" -v p="$(json_number "$2" true_peak_dbtp)" \
        'BEGIN { exit !(i >= -19.5 && i <= -18.5 && p <= -1.0) }' ||
        fail "$2 reports $(json_number "$2" output_lufs) LUFS, $(json_number "$2" true_peak_dbtp) dBTP"
}

# render_three INPUT [options]: out.opus, out.m4b and out.mp3 of INPUT, each
# with its manifest and sidecars; the chapters, durations and loudness agree
render_three() {
    input=$1
    shift
    for f in opus m4b mp3; do
        "$ROSTRUM" render "$input" -o "$work/out.$f" --manifest "$work/out.$f.json" --page -q "$@" 2>"$work/err" ||
            fail "render of $input to .$f"
        for side in vtt chapters.vtt html; do
            [ -s "$work/out.$side" ] || fail ".$f: no out.$side beside it"
        done
        grep -q "src=\"out.$f\"" "$work/out.html" || fail "the page of .$f does not play it"
        mv "$work/out.html" "$work/out.$f.html"
        no_leftovers "$work"
    done
    ref=$(duration_ms "$work/out.opus")
    for f in m4b mp3; do
        same_chapters "$work/out.opus" "$work/out.$f"
        d=$(duration_ms "$work/out.$f")
        [ $((d - ref)) -le 100 ] && [ $((ref - d)) -le 100 ] || fail ".$f lasts $d ms, the .opus $ref ms"
        [ "$(json_number "$work/out.$f.json" duration_ms)" = "$(json_number "$work/out.opus.json" duration_ms)" ] ||
            fail "the manifests of .$f and .opus differ in duration"
        check_loudness "$work/out.$f" "$work/out.$f.json"
        errors=$(ffmpeg -v error -i "$work/out.$f" -f null - 2>&1)
        [ -z "$errors" ] || fail ".$f does not decode cleanly: $errors"
    done
}

case $case_name in
statement)
    ffmpeg -v error -y -f lavfi -i "color=c=red:s=64x48:d=1" -frames:v 1 "$work/cover.png" || fail "make a cover"
    render_three "$samples/en_statement.md" --cover "$work/cover.png"
    for f in m4b mp3; do
        [ "$(tag "$work/out.$f" title)" = "Statement on Victims and Reparations" ] || fail ".$f title"
        [ "$(tag "$work/out.$f" artist)" = "Ambassador Elena Marwick of the Republic of Veloria" ] || fail ".$f artist"
        tag "$work/out.$f" date | grep -q '^2026-12-04' || fail ".$f date: $(tag "$work/out.$f" date)"
        first=$(chapters "$work/out.$f" | head -n 1 | cut -f2-)
        [ "$first" = "Justice Felt by Victims" ] || fail ".$f first chapter: $first"
        # the cover: an attached picture, the very bytes given
        ffprobe -v error -show_entries stream=codec_name:stream_disposition=attached_pic -of csv=p=0 "$work/out.$f" |
            grep -q '^png,1' || fail ".$f has no attached cover"
        ffmpeg -v error -y -i "$work/out.$f" -map 0:v -c copy -f image2 "$work/back.png" || fail "extract the .$f cover"
        cmp -s "$work/back.png" "$work/cover.png" || fail "the .$f cover is not the image given"
    done
    # the language: ID3v2 TLAN, and the MP4 track's language
    [ "$(tag "$work/out.mp3" language)" = eng ] || fail "MP3 language: $(tag "$work/out.mp3" language)"
    ffprobe -v error -select_streams a -show_entries stream_tags=language -of csv=p=0 "$work/out.m4b" | grep -qx eng ||
        fail "M4B language"
    ;;
transcript)
    render_three "$samples/session_transcript.md"
    [ "$(chapters "$work/out.mp3" | wc -l)" -gt 3 ] || fail "the transcript has too few chapters"
    ;;
bitrate)
    # 64 kbit/s unless asked; --bitrate applies to both
    for f in m4b mp3; do
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/d.$f" -q || fail "render .$f"
        rate=$(ffprobe -v error -select_streams a -show_entries stream=bit_rate -of csv=p=0 "$work/d.$f")
        [ "$rate" -ge 56000 ] && [ "$rate" -le 80000 ] || fail ".$f at $rate bit/s by default"
    done
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/b.mp3" --bitrate 32 -q || fail "render .mp3 --bitrate 32"
    [ "$(stat -c %s "$work/b.mp3")" -lt $(($(stat -c %s "$work/d.mp3") * 3 / 4)) ] || fail "--bitrate 32 did not make .mp3 smaller"
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/b.m4b" --bitrate 96 -q || fail "render .m4b --bitrate 96"
    [ "$(stat -c %s "$work/b.m4b")" -gt $(($(stat -c %s "$work/d.m4b") * 5 / 4)) ] || fail "--bitrate 96 did not make .m4b larger"
    # below 64 kbit/s FFmpeg's AAC overshoots the true-peak ceiling: refused, nothing written
    set +e
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/low.m4b" --bitrate 32 2>"$work/err"
    status=$?
    set -e
    [ "$status" -eq 1 ] || fail "AAC at 32 kbit/s: exit $status"
    grep -q "AAC needs --bitrate 64 or more" "$work/err" || fail "AAC at 32 kbit/s: $(cat "$work/err")"
    [ ! -e "$work/low.m4b" ] || fail "AAC at 32 kbit/s wrote a file"
    # MP3 takes the gain in its samples and is not encoded again: at 8 kbit/s
    # LAME lifts the peaks over the ceiling, and the warning says by how much,
    # as the manifest measured it
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/low.mp3" --bitrate 8 --manifest "$work/low.json" \
        2>"$work/err" || fail "render .mp3 --bitrate 8"
    peak=$(json_number "$work/low.json" true_peak_dbtp)
    awk -v p="$peak" 'BEGIN { exit !(p > -1.0) }' ||
        fail "MP3 at 8 kbit/s kept the ceiling ($peak dBTP): the check needs another output"
    said=$(sed -n 's/^rostrum: warning: .*low\.mp3 has a true peak of \([-+0-9.]*\) dBTP, \([0-9.]*\) dB over the -1 dBTP ceiling$/\1 \2/p' "$work/err")
    [ -n "$said" ] || { cat "$work/err"; fail "no warning of the true peak ($peak dBTP)"; }
    echo "$said" | awk -v p="$peak" '{ d = $1 - p; e = $2 - (p + 1.0); exit !(d < 0.06 && d > -0.06 && e < 0.06 && e > -0.06) }' ||
        fail "the warning says $said, the manifest $peak dBTP"
    no_leftovers "$work"
    ;;
pipe)
    # MP4's index comes last: a pipe is refused, clearly, and nothing is left
    mkfifo "$work/fifo.m4b"
    (cat "$work/fifo.m4b" >/dev/null &)
    set +e
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/fifo.m4b" 2>"$work/err"
    status=$?
    set -e
    [ "$status" -eq 1 ] || fail "M4B to a pipe: exit $status"
    grep -q "M4B/M4A needs a seekable output" "$work/err" || fail "M4B to a pipe: $(cat "$work/err")"
    # MP3 streams: chapters and all, through a pipe
    mkfifo "$work/fifo.mp3"
    (cat "$work/fifo.mp3" >"$work/piped.mp3" &)
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/fifo.mp3" -q 2>"$work/err" || fail "MP3 to a pipe"
    sleep 1
    [ "$(chapters "$work/piped.mp3" | wc -l)" -eq 9 ] || fail "the piped MP3 has $(chapters "$work/piped.mp3" | wc -l) chapters"
    no_leftovers "$work"
    ;;
errors)
    # an extension no container claims: a usage error naming the choices
    set +e
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/x.aiff" 2>"$work/err"
    status=$?
    set -e
    [ "$status" -eq 2 ] || fail "unknown extension: exit $status"
    grep -q "\.m4b" "$work/err" && grep -q "\.mp3" "$work/err" || fail "unknown extension: $(cat "$work/err")"
    [ ! -e "$work/x.aiff" ] || fail "unknown extension wrote a file"
    # a failed run leaves a good output as it was
    for f in m4b mp3; do
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/good.$f" -q || fail "render .$f"
        cp "$work/good.$f" "$work/good.copy"
        : >"$work/empty.md"
        set +e
        "$ROSTRUM" render "$work/empty.md" -o "$work/good.$f" 2>"$work/err"
        status=$?
        set -e
        [ "$status" -eq 1 ] || fail "an empty input to .$f: exit $status"
        cmp -s "$work/good.$f" "$work/good.copy" || fail "a failed run cost the existing .$f"
        no_leftovers "$work"
    done
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
