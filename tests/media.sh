#!/bin/sh
# End-to-end checks of what podcast and broadcast users expect of the file:
# --intro and --outro (read, resampled, loudness-matched, with chapters),
# --cover (an attached picture to ffprobe), ALBUM and batch TRACKNUMBER.
# Fixtures (tones, images) are made here with ffmpeg.
#   media.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (ffmpeg, ffprobe or python3 missing).
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"

for tool in ffmpeg ffprobe python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is not installed" >&2; exit 77; }
done

# tone FILE FREQ SECONDS RATE CHANNELS VOLUME_DB [ffmpeg output options]:
# a sine (ffmpeg's is at -18 dBFS) with 20 ms fades, in the format of FILE
tone() {
    out=$1 freq=$2 seconds=$3 rate=$4 channels=$5 volume=$6
    shift 6
    ffmpeg -v error -y -f lavfi -i "sine=frequency=$freq:sample_rate=$rate:duration=$seconds" -ac "$channels" \
        -af "volume=${volume}dB,afade=t=in:d=0.02,afade=t=out:st=$(awk -v s="$seconds" 'BEGIN { print s - 0.02 }'):d=0.02" "$@" "$out" ||
        fail "ffmpeg could not make $out"
}

# image FILE COLOUR WIDTHxHEIGHT: a one-colour PNG or JPEG
image() {
    ffmpeg -v error -y -f lavfi -i "color=c=$2:s=$3:d=1" -frames:v 1 "$1" || fail "ffmpeg could not make $1"
}

# tags_of FILE: the comments of an Ogg Opus file, one a line, as written
# (the picture as its length and a hash)
tags_of() {
    python3 - "$1" <<'PY'
import hashlib, sys
data = open(sys.argv[1], "rb").read()
at, cur, packets = 0, b"", []
while at < len(data) and len(packets) < 2:
    assert data[at:at + 4] == b"OggS", "not an Ogg page at %d" % at
    count = data[at + 26]
    body = at + 27 + count
    for size in data[at + 27:at + 27 + count]:
        cur += data[body:body + size]
        body += size
        if size < 255:
            packets.append(cur)
            cur = b""
    at = body
tags = packets[1]
assert tags[:8] == b"OpusTags"
vendor = int.from_bytes(tags[8:12], "little")
at = 12 + vendor
count = int.from_bytes(tags[at:at + 4], "little")
at += 4
for _ in range(count):
    size = int.from_bytes(tags[at:at + 4], "little")
    text = tags[at + 4:at + 4 + size]
    at += 4 + size
    key, _, value = text.partition(b"=")
    if key == b"METADATA_BLOCK_PICTURE":
        value = b"%d bytes, %s" % (len(value), hashlib.sha256(value).hexdigest()[:16].encode())
    print((key + b"=" + value).decode("utf-8"))
PY
}

# loudness FILE START END: integrated loudness (LUFS) of that stretch of time
loudness() {
    ffmpeg -hide_banner -nostats -i "$1" -af "atrim=$2:$3,ebur128" -f null - 2>&1 | tail -n 12 |
        sed -n 's/^ *I: *\(-[0-9.]*\) LUFS/\1/p'
}

# near A B TOLERANCE: |A - B| <= TOLERANCE
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t) }'
}

# part_field JSON PART FIELD: a number of the manifest's intro or outro
part_field() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' "$1" "$2" "$3"
}

# check_loudness FILE JSON TOLERANCE: intro, speech and outro each at the
# target, -19 LUFS, and within TOLERANCE of each other
check_loudness() {
    speech_from=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
print([c for c in m["chapters"] if "paragraph" in c][0]["start_ms"] / 1000)' "$2")
    speech_to=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["statements"][-1]["end_ms"] / 1000)' "$2")
    intro=$(loudness "$1" "$(part_field "$2" intro start_ms | awk '{ print $1 / 1000 }')" \
        "$(part_field "$2" intro end_ms | awk '{ print $1 / 1000 }')")
    speech=$(loudness "$1" "$speech_from" "$speech_to")
    outro=$(loudness "$1" "$(part_field "$2" outro start_ms | awk '{ print $1 / 1000 }')" \
        "$(part_field "$2" outro end_ms | awk '{ print $1 / 1000 }')")
    echo "$1: intro $intro LUFS, speech $speech LUFS, outro $outro LUFS"
    near "$speech" -19 0.5 || fail "$1: speech at $speech LUFS, not -19"
    near "$intro" "$speech" "$3" || fail "$1: intro at $intro LUFS, speech at $speech"
    near "$outro" "$speech" "$3" || fail "$1: outro at $outro LUFS, speech at $speech"
}

in=$samples/en_statement.md

case $case_name in
intro_outro)
    # a stereo WAV at 44.1 kHz 12 dB quieter than speech, a mono MP3 at
    # 48 kHz 24 dB quieter: both come out at the speech's loudness, in
    # their own chapters, on one timeline for every thread count
    tone "$work/intro.wav" 440 2 44100 2 -6
    tone "$work/outro.mp3" 660 1.5 48000 1 -18 -c:a libmp3lame -b:a 128k
    for j in 1 2; do
        "$ROSTRUM" render "$in" -o "$work/j$j.opus" --intro "$work/intro.wav" --outro "$work/outro.mp3" \
            --manifest "$work/j$j.json" -j $j --quiet 2>"$work/err" || fail "render -j $j"
        duration=$(json_number "$work/j$j.json" duration_ms)
        "$PROBE" "$work/j$j.opus" --chapters 11 --chapter-name "0=Introduction" --chapter-name "10=Closing" \
            --chapter-name "1=Justice Felt by Victims" --duration-ms "$duration" >"$work/probe" ||
            fail "probe -j $j: $(grep FAIL "$work/probe")"
        python3 - "$work/j$j.json" <<'PY' || fail "manifest of -j $j"
import json, sys
m = json.load(open(sys.argv[1]))
chapters, intro, outro = m["chapters"], m["intro"], m["outro"]
assert chapters[0] == {"index": 0, "name": "Introduction", "start_ms": 0, "part": "intro"}, chapters[0]
assert chapters[-1]["name"] == "Closing" and chapters[-1]["part"] == "outro", chapters[-1]
assert chapters[-1]["start_ms"] == outro["start_ms"], (chapters[-1], outro)
assert intro["start_ms"] == 0 and abs(intro["end_ms"] - 2000) <= 1, intro
assert abs(outro["end_ms"] - outro["start_ms"] - 1500) <= 5, outro
# the statement pause (1500 ms) after the intro and before the outro
assert chapters[1]["start_ms"] - intro["end_ms"] >= 1500, (chapters[1], intro)
assert outro["start_ms"] - m["statements"][-1]["end_ms"] >= 1400, (outro, m["statements"][-1])
assert m["duration_ms"] - outro["end_ms"] == 500, (m["duration_ms"], outro)
assert intro["file"].endswith("intro.wav") and outro["file"].endswith("outro.mp3")
# both quieter sources are raised to one level, the speech's
assert intro["gain_db"] > 5 and outro["gain_db"] > 5, (intro, outro)
assert abs(intro["source_lufs"] + intro["gain_db"] - outro["source_lufs"] - outro["gain_db"]) < 0.03, (intro, outro)
print("manifest: intro %d-%d ms, outro %d-%d ms" % (intro["start_ms"], intro["end_ms"], outro["start_ms"], outro["end_ms"]))
PY
        ffprobe -v error -show_chapters -of csv=p=0 "$work/j$j.opus" >"$work/chapters$j" || fail "ffprobe -j $j"
        head -n 1 "$work/chapters$j" | grep -q ',0,0.000000,.*,Introduction$' ||
            fail "ffprobe: first chapter $(head -n 1 "$work/chapters$j")"
        outro_s=$(part_field "$work/j$j.json" outro start_ms | awk '{ printf "%.6f", $1 / 1000 }')
        tail -n 1 "$work/chapters$j" | grep -q ",$outro_s,.*,Closing\$" ||
            fail "ffprobe: last chapter $(tail -n 1 "$work/chapters$j"), outro at $outro_s"
        check_loudness "$work/j$j.opus" "$work/j$j.json" 1.0
        peak=$(ffmpeg -hide_banner -nostats -i "$work/j$j.opus" -af ebur128=peak=true -f null - 2>&1 | tail -n 12 |
            sed -n 's/^ *Peak: *\(-[0-9.]*\) dBFS/\1/p')
        awk -v p="$peak" 'BEGIN { exit !(p <= -1.0) }' || fail "-j $j: true peak $peak dBTP above -1"
    done
    cmp -s "$work/chapters1" "$work/chapters2" || fail "chapters of -j 1 and -j 2 differ"
    # in stretches the intro ends one and the outro starts one, in silence
    python3 - "$work/j2.json" <<'PY' || fail "seams around the intro and outro"
import json, sys
m = json.load(open(sys.argv[1]))
seams = m["seams_ms"]
first_speech = m["chapters"][1]["start_ms"]
assert any(m["intro"]["end_ms"] < s < first_speech for s in seams), seams
assert m["outro"]["start_ms"] - 60 in seams, (m["outro"], seams)
PY
    ;;
formats)
    # every kind of file libsndfile reads, at other rates, into every output
    tone "$work/i.flac" 523 1.2 48000 2 -3
    tone "$work/i.ogg" 392 1.0 32000 2 -9 -c:a libvorbis
    tone "$work/i.wav" 880 0.8 8000 1 0 -c:a pcm_u8
    tone "$work/o.mp3" 330 1.3 44100 2 -12 -c:a libmp3lame
    for intro in i.flac i.ogg i.wav; do
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/out.opus" --intro "$work/$intro" --outro "$work/o.mp3" \
            --manifest "$work/out.json" --quiet 2>"$work/err" || fail "render with --intro $intro"
        want=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/$intro" | awk '{ printf "%d", $1 * 1000 }')
        got=$(part_field "$work/out.json" intro end_ms)
        near "$got" "$want" 30 || fail "$intro lasts $want ms, its part of the render $got ms"
        "$PROBE" "$work/out.opus" --chapter-name "0=Introduction" >"$work/probe" ||
            fail "probe with --intro $intro: $(grep FAIL "$work/probe")"
    done
    # to a pipe (held until its gain is known, as a file is), and with
    # --chapters none: the parts are there, their chapters only when asked
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o - --intro "$work/i.flac" --outro "$work/o.mp3" --quiet \
        >"$work/piped.opus" 2>"$work/err" || fail "render to a pipe"
    "$PROBE" "$work/piped.opus" --chapter-name "0=Introduction" --chapter-name "6=Closing" --chapters 7 >"$work/probe" ||
        fail "probe of the piped render: $(grep FAIL "$work/probe")"
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/none.opus" --intro "$work/i.flac" --outro "$work/o.mp3" \
        --chapters none --manifest "$work/none.json" --quiet 2>"$work/err" || fail "render --chapters none"
    "$PROBE" "$work/none.opus" --chapters 0 >"$work/probe" || fail "--chapters none: $(grep FAIL "$work/probe")"
    ! grep -q '"part":' "$work/none.json" || fail "--chapters none: the manifest lists part chapters"
    near "$(part_field "$work/none.json" intro end_ms)" 1200 2 || fail "--chapters none: no intro"
    # WAV and FLAC get the intro and outro too (the tags they know, no chapters)
    for f in wav flac; do
        "$ROSTRUM" render "$in" -o "$work/out.$f" --intro "$work/i.flac" --outro "$work/o.mp3" \
            --manifest "$work/$f.json" --quiet 2>"$work/err" || fail "render .$f with an intro and outro"
        ms=$(ffprobe -v error -show_entries stream=duration -of csv=p=0 "$work/out.$f" | awk '{ printf "%d", $1 * 1000 + 0.5 }')
        near "$ms" "$(json_number "$work/$f.json" duration_ms)" 1 || fail ".$f lasts $ms ms"
        check_loudness "$work/out.$f" "$work/$f.json" 0.5
    done
    ;;
cover)
    # PNG and JPEG, by both Opus paths: ffprobe sees an attached picture of
    # the right size, and it is the very file given
    image "$work/cover.png" red 64x48
    image "$work/cover.jpg" blue 40x30
    for pic in cover.png:png:64:48 cover.jpg:mjpeg:40:30; do
        file=${pic%%:*} rest=${pic#*:}
        codec=${rest%%:*} rest=${rest#*:}
        width=${rest%%:*} height=${rest#*:}
        for j in 1 2; do
            "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/c$j.opus" --cover "$work/$file" \
                --album "Nineteenth session" -j $j --quiet 2>"$work/err" || fail "render --cover $file -j $j"
            ffprobe -v error -select_streams v -show_streams "$work/c$j.opus" >"$work/streams" || fail "ffprobe"
            for want in "codec_name=$codec" "width=$width" "height=$height" "DISPOSITION:attached_pic=1" \
                "TAG:comment=Cover (front)"; do
                grep -qx "$want" "$work/streams" || fail "-j $j, $file: ffprobe does not show $want"
            done
            rm -f "$work/back"
            ffmpeg -v error -i "$work/c$j.opus" -map 0:v -c copy -f image2 "$work/back" || fail "extract the cover"
            cmp -s "$work/back" "$work/$file" || fail "-j $j: the embedded cover is not $file"
            tags_of "$work/c$j.opus" >"$work/tags$j" || fail "read the tags"
            "$PROBE" "$work/c$j.opus" --tag "ALBUM=Nineteenth session" >"$work/probe" ||
                fail "ALBUM: $(grep FAIL "$work/probe")"
        done
        # the two paths write the same tags, in the same order, picture last
        cmp -s "$work/tags1" "$work/tags2" || fail "tags differ between -j 1 and -j 2: $(diff "$work/tags1" "$work/tags2")"
        tail -n 1 "$work/tags1" | grep -q '^METADATA_BLOCK_PICTURE=' || fail "the picture is not the last tag"
        ! grep -q '^TRACKNUMBER=' "$work/tags1" || fail "a single render has a TRACKNUMBER"
    done
    if command -v opusinfo >/dev/null 2>&1; then
        info=$(opusinfo "$work/c1.opus") || fail "opusinfo exit status"
        if echo "$info" | grep -qiE 'warning|error'; then fail "opusinfo complains: $info"; fi
    fi
    # ALBUM is the session's title: a session-title heading, or front matter
    "$ROSTRUM" render "$samples/session_transcript.md" -o "$work/s.opus" --quiet || fail "render the transcript"
    tags_of "$work/s.opus" | grep -qx 'ALBUM=Assembly of States Parties, resumed session: third plenary meeting' ||
        fail "transcript ALBUM: $(tags_of "$work/s.opus" | grep ALBUM)"
    printf -- '---\ntitle: On cooperation\nsession: Twentieth session\n---\n\nWe thank the Court.\n' >"$work/fm.md"
    "$ROSTRUM" render "$work/fm.md" -o "$work/fm.opus" --manifest "$work/fm.json" --quiet || fail "render front matter"
    tags_of "$work/fm.opus" | grep -qx 'ALBUM=Twentieth session' || fail "front matter session: is not ALBUM"
    grep -q '"album": "Twentieth session"' "$work/fm.json" || fail "the manifest has no album"
    # WAV and FLAC cannot carry it: a usage error, and nothing written
    for f in wav flac; do
        set +e
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/x.$f" --cover "$work/cover.png" 2>"$work/err"
        status=$?
        set -e
        [ "$status" -eq 2 ] || fail "--cover with .$f: exit $status"
        grep -q -- "--cover needs Ogg Opus" "$work/err" || fail "--cover with .$f: $(cat "$work/err")"
        [ ! -e "$work/x.$f" ] || fail "--cover with .$f wrote a file"
    done
    ;;
bad_media)
    # every unusable file fails the render at once with a message that
    # starts with its name; the existing output is kept, nothing is left
    image "$work/good.png" green 16x16
    tone "$work/good.wav" 440 1 22050 1 0
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/keep.opus" --quiet || fail "first render"
    cp "$work/keep.opus" "$work/keep.copy"
    : >"$work/empty.png"
    printf 'GIF89a\001\000\001\000\200\000\000' >"$work/anim.gif"
    head -c 40 "$work/good.png" >"$work/cut.png"
    image "$work/good.jpg" green 16x16
    head -c 120 "$work/good.jpg" >"$work/cut.jpg"
    printf 'not a picture\n' >"$work/text.png"
    python3 -c 'import sys; sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + bytes(9 << 20))' >"$work/huge.png"
    mkdir "$work/folder.png"
    # name:expected words
    for bad in "empty.png:is empty" "anim.gif:GIF image" "cut.png:truncated PNG" "cut.jpg:truncated JPEG" \
        "text.png:not a PNG or JPEG" "huge.png:larger than 8 MiB" "missing.png:No such file" "folder.png:Is a directory" \
        "good.wav:not a PNG or JPEG"; do
        name=${bad%%:*} words=${bad#*:}
        set +e
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/keep.opus" --cover "$work/$name" 2>"$work/err"
        status=$?
        set -e
        [ "$status" -eq 1 ] || fail "--cover $name: exit $status"
        grep -q "^rostrum: $work/$name: the cover .*$words\|^rostrum: $work/$name: cannot read the cover: $words" \
            "$work/err" || fail "--cover $name: $(cat "$work/err")"
        cmp -s "$work/keep.opus" "$work/keep.copy" || fail "--cover $name cost the existing output"
    done
    : >"$work/empty.wav"
    tone "$work/silent.wav" 440 1 22050 1 -200
    for bad in "missing.wav:cannot read the intro: No such file" "empty.wav:not audio that libsndfile can read" \
        "good.png:not audio that libsndfile can read" "silent.wav:the intro is silent" \
        "folder.png:not audio that libsndfile can read"; do
        name=${bad%%:*} words=${bad#*:}
        for opt in intro outro; do
            set +e
            "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/keep.opus" --$opt "$work/$name" 2>"$work/err"
            status=$?
            set -e
            [ "$status" -eq 1 ] || fail "--$opt $name: exit $status"
            words_here=$(echo "$words" | sed "s/intro/$opt/")
            grep -q "^rostrum: $work/$name: .*$words_here" "$work/err" || fail "--$opt $name: $(cat "$work/err")"
            cmp -s "$work/keep.opus" "$work/keep.copy" || fail "--$opt $name cost the existing output"
        done
    done
    no_leftovers "$work"
    ;;
batch)
    # TRACKNUMBER: the place in the whole input list (arguments in order,
    # folders sorted), the same in every shard; the jingle and the cover
    # are in the key
    tone "$work/intro.wav" 440 1 44100 2 -6
    image "$work/cover.png" red 32x32
    mkdir -p "$work/in/b" "$work/in/a"
    cp "$samples/en_wrapped.txt" "$work/in/a/one.txt"
    cp "$samples/en_numbered.txt" "$work/in/a/two.txt"
    cp "$samples/es_declaracion.md" "$work/in/b/three.md"
    set -- --intro "$work/intro.wav" --cover "$work/cover.png" -j 2 --quiet
    "$ROSTRUM" batch "$work/in/b" "$work/in/a" -o "$work/out" "$@" 2>"$work/err" || fail "batch"
    for expect in three.opus:1 one.opus:2 two.opus:3; do
        tags_of "$work/out/${expect%%:*}" | grep -qx "TRACKNUMBER=${expect#*:}" ||
            fail "${expect%%:*}: $(tags_of "$work/out/${expect%%:*}" | grep TRACKNUMBER || echo no TRACKNUMBER)"
        tags_of "$work/out/${expect%%:*}" | grep -q '^METADATA_BLOCK_PICTURE=' || fail "${expect%%:*}: no cover"
        "$PROBE" "$work/out/${expect%%:*}" --chapter-name "0=Introduction" >"$work/probe" ||
            fail "${expect%%:*}: $(grep FAIL "$work/probe")"
    done
    for k in 1 2; do
        "$ROSTRUM" batch "$work/in/b" "$work/in/a" -o "$work/sharded" --shard $k/2 "$@" 2>"$work/err" || fail "shard $k"
    done
    same_files "$work/out" "$work/sharded"
    "$ROSTRUM" batch "$work/in/b" "$work/in/a" -o "$work/out" -j 2 --intro "$work/intro.wav" --cover "$work/cover.png" \
        2>"$work/err" || fail "second run"
    grep -q '3 up to date' "$work/err" || fail "second run: $(tail -n 1 "$work/err")"
    # a new jingle or cover, under the same name, renders again
    tone "$work/intro.wav" 550 1 44100 2 -6
    "$ROSTRUM" batch "$work/in/b" "$work/in/a" -o "$work/out" -j 2 --intro "$work/intro.wav" --cover "$work/cover.png" \
        2>"$work/err" || fail "run with a new intro"
    grep -q '3 rendered' "$work/err" || fail "a new intro: $(tail -n 1 "$work/err")"
    image "$work/cover.png" blue 32x32
    "$ROSTRUM" batch "$work/in/b" "$work/in/a" -o "$work/out" -j 2 --intro "$work/intro.wav" --cover "$work/cover.png" \
        2>"$work/err" || fail "run with a new cover"
    grep -q '3 rendered' "$work/err" || fail "a new cover: $(tail -n 1 "$work/err")"
    no_leftovers "$work/out"
    # a jingle that is not there: said once, before any input is rendered
    set +e
    "$ROSTRUM" batch "$work/in/b" -o "$work/out2" --outro "$work/missing.wav" 2>"$work/err"
    status=$?
    set -e
    [ "$status" -eq 1 ] || fail "batch with a missing outro: exit $status"
    [ "$(grep -c 'missing.wav' "$work/err")" -eq 1 ] || fail "batch with a missing outro: $(cat "$work/err")"
    grep -q "^rostrum: $work/missing.wav: cannot read the outro: No such file" "$work/err" ||
        fail "batch with a missing outro: $(cat "$work/err")"
    [ ! -e "$work/out2" ] || [ -z "$(files "$work/out2")" ] || fail "batch with a missing outro wrote files"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "media $case_name: ok"
