#!/bin/sh
# End-to-end checks of the podcast feed of a batch (rostrum batch --feed)
# and of the JSON chapters beside an output (--chapters-json): the feed read
# by a real feed parser (Debian's python3-feedparser) and every chapters
# file held to the JSON chapters rules and to ffprobe's chapters of its
# audio; re-runs that update the feed in place; bad usage and a folder
# where the feed cannot be written.
#   feed.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (no feedparser, ffprobe or unwritable folder).
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
fast="--bitrate 16 --complexity 0 --rate 400"
base=https://example.org/debates/

# Debian's python3 holds python3-feedparser; a python3 earlier on PATH
# (pyenv, a virtual environment) may not
python=python3
[ ! -x /usr/bin/python3 ] || python=/usr/bin/python3

need_clients() {
    "$python" -c 'import feedparser' 2>/dev/null || { echo "skipped: no feedparser (python3-feedparser)" >&2; exit 77; }
    command -v ffprobe >/dev/null 2>&1 || { echo "skipped: no ffprobe" >&2; exit 77; }
}

# run ARGS...: runs rostrum with stderr in work/err; sets status
run() {
    status=0
    # shellcheck disable=SC2086
    "$ROSTRUM" "$@" >"$work/stdout" 2>"$work/err" || status=$?
}

# count WORD: log lines that say an input was WORD (rendered, skipped, failed)
count() {
    grep -c "^rostrum: \[[0-9]*/[0-9]*\] $1 " "$work/err" || true
}

# check_feed COUNT [GUIDS]: the feed of work/out parses with COUNT items
# that all hold (see check_feed.py)
check_feed() {
    "$python" "$SOURCE_DIR/tests/check_feed.py" "$work/out/feed.xml" "$work/out" "$base" "$@" >"$work/check" ||
        fail "check_feed.py: $(cat "$work/check")"
}

# inputs: a statement, a transcript, a French one and, in a subfolder, one
# whose name needs escaping in a URL
inputs() {
    mkdir -p "$work/in/2026"
    cp "$samples/en_statement.md" "$samples/session_transcript.md" "$samples/fr_declaration.md" "$work/in/"
    cp "$samples/es_declaracion.md" "$work/in/2026/es declaración & más.md"
}

case $case_name in
e2e)
    need_clients
    inputs
    ffmpeg -v error -f lavfi -i "color=c=navy:s=64x64:d=1" -frames:v 1 "$work/logo.png" || fail "ffmpeg: no PNG"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" --cover "$work/logo.png" -j 2 $fast
    [ "$status" -eq 0 ] || fail "exit $status"
    check_feed 4 "$work/guids1"
    # the cover is the channel's image, published beside the feed
    cmp -s "$work/logo.png" "$work/out/feed.png" || fail "the cover is not copied to feed.png"
    grep -q "^    <itunes:image href=\"${base}feed.png\"/>\$" "$work/out/feed.xml" || fail "no itunes:image"
    "$python" -c 'import feedparser, sys; sys.exit(feedparser.parse(sys.argv[1]).feed.image.href != sys.argv[2])' \
        "$work/out/feed.xml" "${base}feed.png" || fail "feedparser finds no image"
    grep -q '2026/es%20declaraci%C3%B3n%20%26%20m%C3%A1s.opus' "$work/out/feed.xml" || fail "the URL is not escaped"
    # the channel as made from the inputs: the folder's name, the most
    # common language
    grep -q '^    <title>in</title>$' "$work/out/feed.xml" || fail "channel title"
    grep -q '^    <language>en</language>$' "$work/out/feed.xml" || fail "channel language"
    grep -q '<pubDate>Mon, 07 Dec 2026 12:00:00 +0000</pubDate>' "$work/out/feed.xml" || fail "the transcript's date"
    grep -q '^      <title>Statement on Victims and Reparations</title>$' "$work/out/feed.xml" || fail "an item's title"
    # --feed brings the captions and chapters of every output
    for name in en_statement session_transcript fr_declaration "2026/es declaración & más"; do
        [ -s "$work/out/$name.vtt" ] && [ -s "$work/out/$name.chapters.json" ] || fail "no sidecars of $name"
    done
    # a transcript's cues say who speaks, and so do a statement's whose
    # front matter names its speaker
    grep -q '^<v The President>' "$work/out/session_transcript.vtt" || fail "no <v Speaker> in the transcript's captions"
    grep -q '^<v Ambassador Elena Marwick of the Republic of Veloria>' "$work/out/en_statement.vtt" ||
        fail "no <v Speaker> in the statement's captions"
    # a re-run skips everything and keeps every guid
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" --cover "$work/logo.png" -j 2 $fast
    [ "$status" -eq 0 ] && [ "$(count skipped)" -eq 4 ] || fail "re-run: exit $status, $(count skipped) skipped"
    check_feed 4 "$work/guids2"
    cmp -s "$work/guids1" "$work/guids2" || fail "the guids changed: $(diff "$work/guids1" "$work/guids2")"
    no_leftovers "$work/out"
    ;;
update)
    need_clients
    inputs
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 0 ] || fail "exit $status"
    check_feed 4 "$work/guids1"
    # an edited input gets a new guid, the others keep theirs, also those
    # renumbered (and rendered again) by a new input before them; the
    # channel takes the title given
    printf '\nOne more paragraph, added later.\n' >>"$work/in/fr_declaration.md"
    cp "$samples/en_wrapped.txt" "$work/in/2026/"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" --feed-title 'Debates & more' $fast
    [ "$status" -eq 0 ] && [ "$(count rendered)" -ge 2 ] || fail "exit $status, $(count rendered) rendered"
    check_feed 5 "$work/guids2"
    grep -q '^    <title>Debates &amp; more</title>$' "$work/out/feed.xml" || fail "--feed-title"
    [ "$(grep -v fr_declaration "$work/guids1")" = "$(grep -v -e fr_declaration -e en_wrapped "$work/guids2")" ] ||
        fail "unchanged outputs changed guid"
    [ "$(grep fr_declaration "$work/guids1")" != "$(grep fr_declaration "$work/guids2")" ] ||
        fail "the edited input kept its guid"
    # an input that fails now keeps the item of the output it made before;
    # one removed with its output is dropped from the feed
    cp "$work/out/feed.xml" "$work/feed.before"
    printf 'bad \377 bytes\n' >"$work/in/en_statement.md"
    rm "$work/in/2026/en_wrapped.txt" "$work/out/2026/en_wrapped.opus"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 1 ] || fail "exit $status with a bad input"
    check_feed 4
    grep -q 'en_statement.opus' "$work/check" || fail "the failed input's earlier item was dropped"
    grep -q 'en_wrapped' "$work/out/feed.xml" && fail "the removed output is still in the feed"
    # the kept item is as it was
    sed -n '/en_statement.opus/,/<\/item>/p' "$work/feed.before" >"$work/item.before"
    sed -n '/en_statement.opus/,/<\/item>/p' "$work/out/feed.xml" >"$work/item.after"
    cmp -s "$work/item.before" "$work/item.after" || fail "the kept item changed"
    # newest first, then by path
    sed -n 's/.*<enclosure url="\([^"]*\)".*/\1/p' "$work/out/feed.xml" >"$work/order"
    [ "$(head -n 1 "$work/order")" = "${base}session_transcript.opus" ] || fail "order: $(cat "$work/order")"
    no_leftovers "$work/out"
    ;;
chapters_json)
    need_clients
    # render --chapters-json: the chapters of the audio, the intro's and
    # the outro's included, as ffprobe lists them
    ffmpeg -v error -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=1.5" "$work/jingle.wav" ||
        fail "ffmpeg could not make a jingle"
    mkdir "$work/out"
    run render "$samples/session_transcript.md" -o "$work/out/s.opus" --chapters-json --intro "$work/jingle.wav" \
        --outro "$work/jingle.wav" $fast
    [ "$status" -eq 0 ] || fail "exit $status"
    ls "$work/out" >"$work/files"
    [ "$(cat "$work/files")" = "$(printf 's.chapters.json\ns.opus')" ] || fail "files: $(cat "$work/files")"
    "$python" - "$work/out/s.chapters.json" "$work/out/s.opus" "$SOURCE_DIR/tests" <<'PY' || fail "chapters JSON"
import json, subprocess, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
titles = [c["title"] for c in doc["chapters"]]
assert doc["version"] == "1.2.0" and titles[0] == "Introduction" and titles[-1] == "Closing", titles
probed = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", sys.argv[2]],
                                   capture_output=True, text=True, check=True).stdout)["chapters"]
assert len(probed) == len(titles), (len(probed), len(titles))
for mine, theirs in zip(doc["chapters"], probed):
    assert abs(mine["startTime"] - float(theirs["start_time"])) <= 0.020, (mine, theirs["start_time"])
    assert mine["title"] == theirs["tags"]["title"], (mine, theirs["tags"])
PY
    # not beside stdout
    run render "$samples/en_statement.md" -o - --chapters-json
    [ "$status" -eq 2 ] && grep -q -- '--chapters-json' "$work/err" || fail "-o - --chapters-json: exit $status"
    ;;
usage)
    # a feed needs a base URL, http or https with a host: usage errors
    # before any work, and nothing written
    cp "$samples/en_wrapped.txt" "$work/w.txt"
    for bad in "--feed" "--feed=" "--feed ftp://example.org/a/" "--feed example.org/a" "--feed https://" \
        "--feed https://example.org/a?b=c" "--feed-title Title"; do
        # shellcheck disable=SC2086
        run batch "$work/w.txt" -o "$work/out" $bad
        [ "$status" -eq 2 ] || fail "$bad: exit $status, wanted 2"
        grep -q -- '--feed' "$work/err" || fail "$bad: the message does not name --feed: $(cat "$work/err")"
        [ ! -e "$work/out" ] || fail "$bad: something was written"
    done
    run batch "$work/w.txt" -o "$work/out" --feed ''
    [ "$status" -eq 2 ] && grep -q 'base URL' "$work/err" || fail "--feed '': exit $status"
    run render "$work/w.txt" -o "$work/w.opus" --feed "$base"
    [ "$status" -eq 2 ] || fail "render --feed: exit $status"
    ;;
unwritable)
    # a folder where the feed cannot be written fails before any work, and
    # an existing feed survives; as root, a read-only bind mount of itself
    inputs
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 0 ] || fail "exit $status"
    cp "$work/out/feed.xml" "$work/feed.good"
    if [ "$(id -u)" -ne 0 ]; then
        chmod 555 "$work/out"
        trap 'chmod 755 "$work/out"; rm -rf "$work"' EXIT
        cause="Permission denied"
    elif mount --bind -o ro "$work/out" "$work/out" 2>/dev/null; then
        trap 'umount "$work/out"; rm -rf "$work"' EXIT
        cause="Read-only file system"
    else
        echo "skipped: root, and no read-only bind mount allowed here" >&2
        exit 77
    fi
    printf '\nAn edit.\n' >>"$work/in/fr_declaration.md"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 1 ] || fail "exit $status, wanted 1"
    [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "^rostrum: .*/out/feed.xml: cannot create the file: $cause$" "$work/err" ||
        fail "not one line naming feed.xml"
    cmp -s "$work/out/feed.xml" "$work/feed.good" || fail "the feed changed"
    no_leftovers "$work/out"
    ;;
interrupt)
    # an interrupted run leaves the feed as it was, and no temporary file;
    # the next run finishes the work and lists every output
    need_clients
    mkdir "$work/in"
    cp "$samples/en_wrapped.txt" "$work/in/a.txt"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 0 ] || fail "exit $status"
    cp "$work/out/feed.xml" "$work/feed.good"
    for name in b c d; do
        cat "$samples/en_numbered.txt" "$samples/en_numbered.txt" >"$work/in/$name.txt"
    done
    # shellcheck disable=SC2086
    "$ROSTRUM" batch "$work/in" -o "$work/out" --feed "$base" -j 1 $fast 2>"$work/err" &
    pid=$!
    i=0
    while [ "$(find "$work/out" -name '*.opus' | wc -l)" -le 1 ] && [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -INT $pid
    status=0
    wait $pid || status=$?
    [ "$status" -eq 130 ] || fail "SIGINT: exit $status, wanted 130"
    cmp -s "$work/out/feed.xml" "$work/feed.good" || fail "the interrupted run changed the feed"
    no_leftovers "$work/out"
    # shellcheck disable=SC2086
    run batch "$work/in" -o "$work/out" --feed "$base" $fast
    [ "$status" -eq 0 ] || fail "the run after: exit $status"
    check_feed 4
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 1
    ;;
esac
echo "ok: $case_name"
