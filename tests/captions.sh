#!/bin/sh
# End-to-end checks of the caption sidecars (--captions, --chapters-vtt,
# --page): the formats, the timing against the decoded audio, -j 1 against
# -j 2, batch mode, refusals and failures that leave nothing behind.
#   captions.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail.
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
checker="python3 $SOURCE_DIR/tests/check_captions.py"

# captioned INPUT STEM [ARGS...]: renders INPUT to STEM.opus with every
# sidecar and the manifest, then checks the sidecars and that each cue
# that starts after a pause starts within 50 ms of the sound's onset
captioned() {
    input=$1 stem=$2
    shift 2
    "$ROSTRUM" render "$input" -o "$stem.opus" --captions vtt,srt --chapters-vtt --manifest "$stem.json" \
        --quiet "$@" 2>"$work/err" || fail "render of $input with captions"
    $checker "$stem" "$input" --onsets "$stem.onsets" >"$work/check" || { cat "$work/check" >&2; fail "sidecars of $input"; }
    "$PROBE" "$stem.opus" --onsets "$stem.onsets" --onset-tolerance-ms 50 >"$work/probe" ||
        { cat "$work/probe" >&2; fail "cue times of $input against the decoded audio"; }
    sed -n 's/^onsets: /  /p' "$work/probe"
}

case $case_name in
accuracy)
    # every sample: statements in three languages, layouts, a transcript
    for input in "$samples"/en_statement.md "$samples"/fr_declaration.md "$samples"/es_declaracion.md \
        "$samples"/en_numbered.txt "$samples"/en_wrapped.txt; do
        echo "$(basename "$input"):"
        captioned "$input" "$work/$(basename "$input" | sed 's/\..*//')"
    done
    # escaping, markup and a long sentence, cut at its clauses
    cat >"$work/marked.md" <<'EOF'
# Fish & Chips, 3 < 5 > 2

**Mr. President**, the [Court](https://example.org) thanks the A & B group for its report on
item No. 5; it is a report that every delegation, large or small, north or south, old or new,
has read with care, and with the attention it deserves.

Thank you.
EOF
    captioned "$work/marked.md" "$work/marked"
    grep -q '^Fish &amp; Chips, 3 &lt; 5 &gt; 2$' "$work/marked.vtt" || fail "heading not escaped: $(head -5 "$work/marked.vtt")"
    grep -q '^Mr. President, the Court thanks' "$work/marked.vtt" || fail "the cue is not the text as written"
    [ "$(grep -c -- '-->' "$work/marked.vtt")" -ge 5 ] || fail "the long sentence was not split"
    ;;
transcript)
    captioned "$samples/session_transcript.md" "$work/session"
    grep -q '^<v The President>Good morning.$' "$work/session.vtt" || fail "no voice tag for the President"
    grep -q '^<v M. Diallo (Sénégal)>Madame la Présidente' "$work/session.vtt" ||
        fail "no voice tag for the French speaker: $(grep Diallo "$work/session.vtt")"
    # no announcement ("The President.") becomes a cue: it is not in the text
    grep -q '^<v The President>The President.$' "$work/session.vtt" && fail "the announcement became a cue"
    # only the session's title and the opening line before any speaker lack a voice
    [ "$(grep -c '^<v ' "$work/session.vtt")" -eq "$(($(grep -c -- '-->' "$work/session.vtt") - 2))" ] ||
        fail "a cue of the transcript without its speaker"
    grep -q '^<v M. Diallo (Sénégal)>premier État à avoir ratifié le Statut$' "$work/session.vtt" ||
        grep -q 'février 1999,$' "$work/session.vtt" || fail "the long French sentence is not cut at its comma"
    ;;
threads)
    # encoded in one piece or in stretches, the timeline is the same
    for j in 1 2; do
        mkdir "$work/j$j"
        "$ROSTRUM" render "$samples/session_transcript.md" -o "$work/j$j/s.opus" -j $j --page \
            --captions vtt,srt --chapters-vtt --quiet 2>"$work/err" || fail "render -j $j"
        rm "$work/j$j/s.opus"
    done
    same_files "$work/j1" "$work/j2"
    [ "$(files "$work/j1" | tr '\n' ' ')" = "./s.chapters.vtt ./s.html ./s.srt ./s.vtt " ] ||
        fail "sidecars: $(files "$work/j1")"
    ;;
usage)
    # sidecars go beside a file: never with stdout; bad formats
    for args in "-o - --captions vtt" "-o - --page" "-o - --chapters-vtt"; do
        status=0
        # shellcheck disable=SC2086
        "$ROSTRUM" render "$samples/en_wrapped.txt" $args >"$work/out" 2>"$work/err" || status=$?
        [ "$status" -eq 2 ] || fail "$args: exit $status, wanted 2"
        grep -q "give -o FILE, not stdout" "$work/err" || fail "$args: $(cat "$work/err")"
        [ ! -s "$work/out" ] || fail "$args wrote to stdout"
    done
    status=0
    "$ROSTRUM" render - --captions srt <"$samples/en_wrapped.txt" >"$work/out" 2>"$work/err" || status=$?
    [ "$status" -eq 2 ] || fail "stdin to stdout with captions: exit $status"
    for value in txt "vtt," "" "vtt,,srt" VTT; do
        status=0
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/x.opus" --captions "$value" 2>"$work/err" || status=$?
        [ "$status" -eq 2 ] || fail "--captions \"$value\": exit $status"
        grep -q -- "--captions must be vtt, srt or vtt,srt" "$work/err" || fail "--captions \"$value\": $(cat "$work/err")"
    done
    [ -z "$(files "$work" | grep -v '^./err$\|^./out$')" ] || fail "files left: $(files "$work")"
    # nor beside a device written in place
    status=0
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o /dev/null --captions vtt 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] || fail "-o /dev/null --captions vtt: exit $status"
    grep -q "not a device or pipe" "$work/err" || fail "-o /dev/null --captions vtt: $(cat "$work/err")"
    [ ! -e /dev/null.vtt ] || fail "/dev/null.vtt was written"
    # --captions srt alone, and WAV output with captions
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/w.wav" --captions srt -q 2>"$work/err" || fail "wav + srt"
    [ "$(files "$work" | grep '^./w\.' | tr '\n' ' ')" = "./w.srt ./w.wav " ] || fail "wav + srt: $(files "$work")"
    head -n 2 "$work/w.srt" | tail -n 1 | grep -q '^00:00:00,[0-9]\{3\} --> 00:00:0[0-9],[0-9]\{3\}$' ||
        fail "first SubRip timing: $(head -n 3 "$work/w.srt")"
    ;;
atomic)
    # a sidecar that cannot be written: nothing appears, the old output stays
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/s.opus" -q 2>"$work/err" || fail "first render"
    cp "$work/s.opus" "$work/before.opus"
    mkdir "$work/s.srt"
    status=0
    "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/s.opus" --captions vtt,srt --page 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] || fail "exit $status when s.srt is a folder"
    grep -q "s.srt" "$work/err" || fail "the message does not name s.srt: $(cat "$work/err")"
    cmp -s "$work/s.opus" "$work/before.opus" || fail "the old output was replaced"
    for f in s.vtt s.html s.chapters.vtt; do
        [ ! -e "$work/$f" ] || fail "$f appeared although the render failed"
    done
    no_leftovers "$work"
    rmdir "$work/s.srt"
    # a cancelled render (SIGINT while speaking) leaves no sidecar either
    "$ROSTRUM" render "$samples/session_transcript.md" -o "$work/t.opus" --page -j 1 2>"$work/err" &
    pid=$!
    sleep 1
    kill -INT $pid 2>/dev/null || true
    wait $pid || true
    if [ -e "$work/t.opus" ]; then
        for f in t.vtt t.html t.chapters.vtt; do [ -e "$work/$f" ] || fail "t.opus without $f"; done
    else
        for f in t.vtt t.html t.chapters.vtt; do [ ! -e "$work/$f" ] || fail "$f without t.opus"; done
    fi
    no_leftovers "$work"
    ;;
batch)
    mkdir -p "$work/in/sub"
    cp "$samples/en_wrapped.txt" "$work/in/"
    cp "$samples/fr_declaration.md" "$work/in/sub/"
    fast="--bitrate 16 --complexity 0"
    # shellcheck disable=SC2086
    "$ROSTRUM" batch "$work/in" -o "$work/out" --captions vtt,srt --page --manifest $fast 2>"$work/err" ||
        fail "batch with captions"
    expected="./en_wrapped.chapters.vtt ./en_wrapped.html ./en_wrapped.json ./en_wrapped.opus ./en_wrapped.srt \
./en_wrapped.vtt ./sub/fr_declaration.chapters.vtt ./sub/fr_declaration.html ./sub/fr_declaration.json \
./sub/fr_declaration.opus ./sub/fr_declaration.srt ./sub/fr_declaration.vtt "
    [ "$(files "$work/out" | tr '\n' ' ')" = "$expected" ] || fail "batch outputs: $(files "$work/out")"
    $checker "$work/out/sub/fr_declaration" "$work/in/sub/fr_declaration.md" >"$work/check" ||
        { cat "$work/check" >&2; fail "batch sidecars"; }
    grep -q '<html lang="fr">' "$work/out/sub/fr_declaration.html" || fail "the French page is not in French"
    # the French statement of the transcript is marked French on its English page
    "$ROSTRUM" render "$samples/session_transcript.md" -o "$work/session.opus" --page $fast -q 2>"$work/err" ||
        fail "transcript with --page"
    grep -q '<html lang="en">' "$work/session.html" || fail "the transcript's page is not in English"
    grep -q '<p data-paragraph="[0-9]*" lang="fr"><span class="cue"[^>]*>Madame la Présidente' "$work/session.html" ||
        fail "the French statement is not marked lang=fr"
    # up to date: skipped; a missing sidecar: that input only is rendered again
    # shellcheck disable=SC2086
    "$ROSTRUM" batch "$work/in" -o "$work/out" --captions vtt,srt --page --manifest $fast 2>"$work/err" ||
        fail "second batch"
    [ "$(grep -c '\] skipped ' "$work/err")" -eq 2 ] || fail "second run: $(cat "$work/err")"
    rm "$work/out/sub/fr_declaration.srt"
    # shellcheck disable=SC2086
    "$ROSTRUM" batch "$work/in" -o "$work/out" --captions vtt,srt --page --manifest $fast 2>"$work/err" ||
        fail "third batch"
    grep -q '\] rendered .*fr_declaration.md' "$work/err" || fail "a missing sidecar was not noticed: $(cat "$work/err")"
    grep -q '\] skipped .*en_wrapped.txt' "$work/err" || fail "en_wrapped.txt rendered again"
    [ -s "$work/out/sub/fr_declaration.srt" ] || fail "the missing sidecar was not written again"
    no_leftovers "$work/out"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "captions $case_name: ok"
