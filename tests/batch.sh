#!/bin/sh
# End-to-end checks of "rostrum batch": a folder of the project's samples
# with bad inputs among them, re-runs that skip what is up to date (and
# render again exactly what an edited preset or lexicon changes), the cache
# outside the output folder, an interrupted run, and shards that add up to
# one full run.
#   batch.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail.
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
# the samples are short; a cheap encoder keeps every run quick
fast="--bitrate 16 --complexity 0 --rate 400"

# batch ARGS...: runs rostrum batch with stderr in work/err; sets status
batch() {
    status=0
    # shellcheck disable=SC2086
    "$ROSTRUM" batch "$@" $fast 2>"$work/err" || status=$?
}

# count WORD: log lines that say an input was WORD (rendered, skipped, failed)
count() {
    grep -c "^rostrum: \[[0-9]*/[0-9]*\] $1 " "$work/err" || true
}

# stamps DIR: inode and modification time of every output, to tell a
# skipped file from one written again
stamps() {
    (cd "$1" && find . -type f -exec stat -c '%n %i %Y %y' {} + | sort)
}

# good_inputs DIR: four samples, two of them in a subfolder
good_inputs() {
    mkdir -p "$1/2015"
    cp "$samples/en_wrapped.txt" "$samples/fr_declaration.md" "$1/"
    cp "$samples/es_declaracion.md" "$samples/en_numbered.txt" "$1/2015/"
}

case $case_name in
docx)
    # the formats' table drives the search: a .docx in a subfolder is found
    # and rendered, a .doc beside it fails with how to convert it, and a
    # second run skips the DOCX as up to date
    [ -n "${MAKE_DOCX:-}" ] || { echo "skipped: MAKE_DOCX not set" >&2; exit 77; }
    mkdir -p "$work/in/2026"
    "$MAKE_DOCX" "$work/in/2026/sitting.docx" "$SOURCE_DIR/tests/docx_sitting" || fail "make_docx"
    { printf '\320\317\021\340\241\261\032\341'; head -c 2000 /dev/zero; } >"$work/in/old.doc"
    batch "$work/in" -o "$work/out"
    [ "$status" -eq 1 ] || fail "exit $status, wanted 1 for the .doc"
    [ -f "$work/out/2026/sitting.opus" ] || fail "the DOCX was not rendered: $(cat "$work/err")"
    grep -q "^  .*/old.doc: an old binary Word .doc" "$work/err" || fail "no word of the .doc in the summary"
    [ "$(files "$work/out")" = "./2026/sitting.opus" ] || fail "outputs: $(files "$work/out")"
    batch "$work/in" -o "$work/out"
    [ "$(count skipped)" -eq 1 ] && [ "$(count rendered)" -eq 0 ] || fail "the DOCX was not skipped: $(cat "$work/err")"
    # the README's "batch samples": every file there is a statement (a
    # folder of a DOCX's .xml parts would be read as XML and refused)
    batch "$samples" -o "$work/all"
    [ "$status" -eq 0 ] || fail "batch of samples/: exit $status: $(cat "$work/err")"
    no_leftovers "$work"
    ;;
companion)
    # a corpus folder as ParlaMint publishes it: a sitting beside its
    # speaker register and a corpus root; the two are passed over, said
    # but not failures
    mkdir "$work/in"
    cp "$samples/tei_sitting.xml" "$work/in/"
    printf '%s\n' '<?xml version="1.0"?>' '<listPerson xmlns="http://www.tei-c.org/ns/1.0">' \
        '  <person xml:id="Someone"><persName>Some One</persName></person>' '</listPerson>' >"$work/in/listPerson.xml"
    printf '%s\n' '<?xml version="1.0"?>' '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' \
        '  <teiHeader><fileDesc><titleStmt><title>A corpus</title></titleStmt></fileDesc></teiHeader>' \
        '</teiCorpus>' >"$work/in/corpus.xml"
    batch "$work/in" -o "$work/out"
    [ "$status" -eq 0 ] || fail "exit $status: $(cat "$work/err")"
    [ "$(count rendered)" -eq 1 ] && [ "$(count 'passed over')" -eq 2 ] || fail "$(cat "$work/err")"
    grep -q 'listPerson.xml:2: a TEI <listPerson> file, not a sitting' "$work/err" || fail "register not named"
    grep -q '2 companion files of a corpus passed over' "$work/err" || fail "no summary: $(cat "$work/err")"
    [ "$(files "$work/out")" = "./tei_sitting.opus" ] || fail "outputs: $(files "$work/out")"
    # alone, a companion file is refused
    status=0
    "$ROSTRUM" render "$work/in/listPerson.xml" -o "$work/r.opus" 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] && [ ! -e "$work/r.opus" ] || fail "render of a register: exit $status"
    ;;
errors)
    good_inputs "$work/in"
    # skipped: hidden files and folders, names that are not text
    mkdir "$work/in/.hidden"
    cp "$samples/en_statement.md" "$work/in/.hidden/"
    cp "$samples/en_statement.md" "$work/in/.draft.md"
    echo '{}' >"$work/in/notes.json"
    printf 'Fine line.\nBad \377 byte.\n' >"$work/in/2015/bad.txt"
    if [ "$(id -u)" -eq 0 ]; then
        # root reads any file whatever its mode: a link to nothing cannot be read
        ln -s no-such-file.md "$work/in/unreadable.md"
    else
        cp "$samples/en_statement.md" "$work/in/unreadable.md"
        chmod 000 "$work/in/unreadable.md"
    fi
    batch "$work/in" -o "$work/out" --manifest -j 2
    [ "$status" -eq 1 ] || fail "exit $status with two bad inputs, wanted 1"
    expected="./2015/en_numbered.json
./2015/en_numbered.opus
./2015/es_declaracion.json
./2015/es_declaracion.opus
./en_wrapped.json
./en_wrapped.opus
./fr_declaration.json
./fr_declaration.opus"
    [ "$(files "$work/out")" = "$expected" ] || fail "outputs: $(files "$work/out")"
    for f in en_wrapped fr_declaration 2015/es_declaracion 2015/en_numbered; do
        chapters=$(manifest_chapters "$work/out/$f.json")
        duration=$(json_number "$work/out/$f.json" duration_ms)
        "$PROBE" "$work/out/$f.opus" --chapters "$chapters" --duration-ms "$duration" >/dev/null || fail "probe of $f.opus"
        # what batch keeps to skip it next time is in the cache, not in the file
        ! grep -aq 'ROSTRUM_KEY' "$work/out/$f.opus" || fail "$f.opus carries a ROSTRUM_KEY tag"
    done
    "$PROBE" "$work/out/fr_declaration.opus" --tag LANGUAGE=fr >/dev/null || fail "French sample not in French"
    [ "$(count rendered)" -eq 4 ] || fail "$(count rendered) rendered, wanted 4"
    sed -n '/inputs failed:$/,$p' "$work/err" >"$work/summary"
    grep -q "2 of 6 inputs failed" "$work/summary" || fail "summary: $(cat "$work/summary")"
    grep -q "in/2015/bad.txt:2: invalid UTF-8 at byte 15" "$work/summary" || fail "bad.txt not in the summary"
    grep -q "in/unreadable.md: cannot read: " "$work/summary" || fail "unreadable.md not in the summary"
    no_leftovers "$work/out"
    # two inputs for one output: the second fails and says why
    printf 'Hello.\n' >"$work/in/en_wrapped.md"
    batch "$work/in/en_wrapped.txt" "$work/in/en_wrapped.md" -o "$work/twice"
    [ "$status" -eq 1 ] || fail "two inputs for one output: exit $status"
    grep -q "en_wrapped.md: would write the same en_wrapped.opus as .*in/en_wrapped.txt" "$work/err" ||
        fail "no reason given for the second input"
    [ "$(files "$work/twice")" = "./en_wrapped.opus" ] || fail "outputs: $(files "$work/twice")"
    ;;
incremental)
    good_inputs "$work/in"
    printf 'Veloria = Velleria\n' >"$work/my.lexicon"
    batch "$work/in" -o "$work/out" --manifest
    [ "$status" -eq 0 ] && [ "$(count rendered)" -eq 4 ] || fail "first run: exit $status, $(count rendered) rendered"
    stamps "$work/out" >"$work/first"
    # the same again: nothing is written
    batch "$work/in" -o "$work/out" --manifest
    [ "$status" -eq 0 ] || fail "second run: exit $status"
    [ "$(count skipped)" -eq 4 ] && [ "$(count rendered)" -eq 0 ] || fail "second run rendered $(count rendered)"
    stamps "$work/out" | cmp -s - "$work/first" || fail "the second run rewrote outputs"
    # one input changes, one manifest is lost: only those are rendered again
    printf '\nOne more paragraph for the record.\n' >>"$work/in/fr_declaration.md"
    rm "$work/out/2015/en_numbered.json"
    batch "$work/in" -o "$work/out" --manifest
    [ "$(count rendered)" -eq 2 ] && grep -q "\] rendered .*/fr_declaration.md" "$work/err" &&
        grep -q "\] rendered .*/en_numbered.txt" "$work/err" || fail "after two changes: $(count rendered) rendered"
    [ -s "$work/out/2015/en_numbered.json" ] || fail "the lost manifest was not made again"
    stamps "$work/out" | grep -v -e fr_declaration -e en_numbered >"$work/now"
    grep -v -e fr_declaration -e en_numbered "$work/first" | cmp -s - "$work/now" ||
        fail "unchanged inputs were rendered again"
    # an option, and then the contents of the file it names, are in the key
    batch "$work/in" -o "$work/out" --manifest --lexicon "$work/my.lexicon"
    [ "$(count rendered)" -eq 4 ] || fail "new option: $(count rendered) rendered"
    printf 'Veloria = Vel-oria\n' >"$work/my.lexicon"
    batch "$work/in" -o "$work/out" --manifest --lexicon "$work/my.lexicon"
    [ "$(count rendered)" -eq 4 ] || fail "changed lexicon file: $(count rendered) rendered"
    stamps "$work/out" >"$work/before-force"
    batch "$work/in" -o "$work/out" --manifest --lexicon "$work/my.lexicon" --force
    [ "$status" -eq 0 ] && [ "$(count rendered)" -eq 4 ] || fail "--force rendered $(count rendered)"
    stamps "$work/out" | cmp -s - "$work/before-force" && fail "--force did not write the outputs"
    no_leftovers "$work/out"
    ;;
key)
    # an output is up to date with the library's render key: the options by
    # their effect, not as spelled, and the text of the presets and lexicons
    # actually used, the user's own included
    mkdir -p "$work/in" "$XDG_CONFIG_HOME/rostrum"
    cp "$samples/en_wrapped.txt" "$samples/en_numbered.txt" "$samples/fr_declaration.md" "$work/in/"
    # rendered: the names of the inputs the log says were rendered, sorted
    rendered() {
        sed -n 's/^rostrum: \[[0-9]*\/[0-9]*\] rendered .*\/\([^/ ]*\) (.*/\1/p' "$work/err" | sort | tr '\n' ' '
    }
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$status" -eq 0 ] && [ "$(count rendered)" -eq 3 ] || fail "first run: exit $status, $(count rendered) rendered"
    stamps "$work/out" >"$work/first"
    # the same options in another order and spelling, a default given
    # outright, and more encoding threads (with a cache, any count encodes
    # in stretches, to the same bytes): nothing to do
    status=0
    # shellcheck disable=SC2086
    "$ROSTRUM" batch --pause=600 $fast --manifest -o "$work/out" "$work/in" --loudness -19.0 --threads 3 \
        2>"$work/err" || status=$?
    [ "$status" -eq 0 ] && [ "$(count skipped)" -eq 3 ] || fail "reordered options: exit $status, rendered $(rendered)"
    stamps "$work/out" | cmp -s - "$work/first" || fail "reordered options rewrote outputs"
    # which is right: rendered so, the outputs are the same, byte for byte
    batch "$work/in" -o "$work/threads" --manifest --pause 600 --threads 3
    same_files "$work/out" "$work/threads"
    # a user lexicon of English: the two English inputs, not the French one
    printf 'Veloria = Velleria\n' >"$XDG_CONFIG_HOME/rostrum/en.lexicon"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "en_numbered.txt en_wrapped.txt " ] || fail "a new user lexicon rendered: $(rendered)"
    [ "$(count skipped)" -eq 1 ] || fail "a new user lexicon skipped $(count skipped), wanted 1"
    printf 'Veloria = Vel-oria\n' >"$XDG_CONFIG_HOME/rostrum/en.lexicon"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "en_numbered.txt en_wrapped.txt " ] || fail "an edited user lexicon rendered: $(rendered)"
    # a user preset in place of the built-in French one: the French input only
    sed 's/^pitch: .*/pitch: 60/' "$SOURCE_DIR/voices/fr-statement.voice" >"$XDG_CONFIG_HOME/rostrum/fr-statement.voice"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "fr_declaration.md " ] || fail "a French user preset rendered: $(rendered)"
    printf 'description: edited\n' >>"$XDG_CONFIG_HOME/rostrum/fr-statement.voice"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "fr_declaration.md " ] || fail "an edited French user preset rendered: $(rendered)"
    # a preset no input uses, a lexicon of a language none speaks: nothing
    sed 's/^name: .*/name: es-other/; s/^default: .*/default: no/' "$SOURCE_DIR/voices/es-statement.voice" \
        >"$XDG_CONFIG_HOME/rostrum/es-other.voice"
    printf 'uno = una\n' >"$XDG_CONFIG_HOME/rostrum/es.lexicon"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(count skipped)" -eq 3 ] || fail "an unused preset or lexicon rendered $(rendered)"
    # the preset --voice names: rendered again when it is edited
    sed 's/^name: .*/name: en-mine/; s/^default: .*/default: no/' "$SOURCE_DIR/voices/en-statement.voice" \
        >"$XDG_CONFIG_HOME/rostrum/en-mine.voice"
    batch "$work/in/en_wrapped.txt" -o "$work/mine" --voice en-mine
    [ "$(count rendered)" -eq 1 ] || fail "--voice en-mine: $(count rendered) rendered"
    batch "$work/in/en_wrapped.txt" -o "$work/mine" --voice en-mine
    [ "$(count skipped)" -eq 1 ] || fail "the same --voice preset again: $(count rendered) rendered"
    sed -i 's/^pitch: .*/pitch: 30/' "$XDG_CONFIG_HOME/rostrum/en-mine.voice"
    batch "$work/in/en_wrapped.txt" -o "$work/mine" --voice en-mine
    [ "$(count rendered)" -eq 1 ] || fail "an edited --voice preset: $(count skipped) skipped"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(count skipped)" -eq 3 ] || fail "a preset only --voice uses rendered $(rendered)"
    # made the user's default for English, it speaks the English inputs
    sed -i 's/^default: .*/default: yes/' "$XDG_CONFIG_HOME/rostrum/en-mine.voice"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "en_numbered.txt en_wrapped.txt " ] || fail "a new default English preset rendered: $(rendered)"
    # an output replaced by another file is not up to date
    cp "$work/out/en_numbered.opus" "$work/out/en_wrapped.opus"
    batch "$work/in" -o "$work/out" --manifest --pause 600
    [ "$(rendered)" = "en_wrapped.txt " ] || fail "a replaced output: rendered $(rendered)"
    # --manifest after a run without it: the manifest is made
    batch "$work/in/en_wrapped.txt" -o "$work/manifest"
    batch "$work/in/en_wrapped.txt" -o "$work/manifest" --manifest
    [ "$(count rendered)" -eq 1 ] && [ -s "$work/manifest/en_wrapped.json" ] || fail "the manifest was not made"
    no_leftovers "$work/out"
    ;;
cache_folder)
    # the cache, and what batch keeps to tell what is up to date, are in
    # $XDG_CACHE_HOME/rostrum (else ~/.cache/rostrum): the output folder
    # holds the outputs and nothing else
    good_inputs "$work/in"
    batch "$work/in" -o "$work/out" --manifest --captions vtt
    [ "$status" -eq 0 ] || fail "first run: exit $status"
    listing=$(cd "$work/out" && find . | sort | tr '\n' ' ')
    expected=". ./2015 ./2015/en_numbered.json ./2015/en_numbered.opus ./2015/en_numbered.vtt \
./2015/es_declaracion.json ./2015/es_declaracion.opus ./2015/es_declaracion.vtt ./en_wrapped.json \
./en_wrapped.opus ./en_wrapped.vtt ./fr_declaration.json ./fr_declaration.opus ./fr_declaration.vtt "
    [ "$listing" = "$expected" ] || fail "the output folder holds more than the outputs: $listing"
    [ -n "$(find "$XDG_CACHE_HOME/rostrum" -maxdepth 1 -name '*.rsc')" ] || fail "no stretches in XDG_CACHE_HOME/rostrum"
    [ "$(find "$XDG_CACHE_HOME/rostrum/batch" -name '*.state' | wc -l)" -eq 4 ] || fail "no state in XDG_CACHE_HOME"
    [ ! -e "$HOME/.cache" ] || fail "XDG_CACHE_HOME is set, yet ~/.cache was made"
    batch "$work/in" -o "$work/out" --manifest --captions vtt
    [ "$(count skipped)" -eq 4 ] || fail "second run skipped $(count skipped)"
    # the cache is what tells an output up to date: without it, all again
    rm -r "$XDG_CACHE_HOME/rostrum"
    batch "$work/in" -o "$work/out" --manifest --captions vtt
    [ "$(count rendered)" -eq 4 ] || fail "without its cache: $(count rendered) rendered"
    # XDG_CACHE_HOME unset, empty or relative: ~/.cache/rostrum
    for value in unset "" relative/cache; do
        rm -rf "$HOME/.cache" "$work/relative"
        (
            cd "$work"
            if [ "$value" = unset ]; then unset XDG_CACHE_HOME; else export XDG_CACHE_HOME="$value"; fi
            batch "$work/in/en_wrapped.txt" -o "$work/home-out" --force
            [ "$status" -eq 0 ]
        ) || fail "XDG_CACHE_HOME=\"$value\": the batch failed"
        [ -n "$(find "$HOME/.cache/rostrum" -name '*.state')" ] || fail "XDG_CACHE_HOME=\"$value\": no ~/.cache/rostrum"
        [ ! -e "$work/relative" ] || fail "XDG_CACHE_HOME=\"$value\" was used"
    done
    [ "$(files "$work/home-out")" = "./en_wrapped.opus" ] || fail "outputs: $(files "$work/home-out")"
    # --cache DIR: the cache and the state there
    batch "$work/in/en_wrapped.txt" -o "$work/dir-out" --cache "$work/my-cache"
    [ -n "$(find "$work/my-cache/batch" -name '*.state')" ] || fail "--cache DIR: no state there"
    batch "$work/in/en_wrapped.txt" -o "$work/dir-out" --cache "$work/my-cache"
    [ "$(count skipped)" -eq 1 ] || fail "--cache DIR: not skipped the second time"
    ;;
interrupt)
    # one worker; long inputs (started first) and a short one: a signal arrives mid-run
    mkdir "$work/in"
    cp "$samples/en_wrapped.txt" "$work/in/a.txt"
    for name in b c d; do
        cat "$samples/en_numbered.txt" "$samples/en_numbered.txt" >"$work/in/$name.txt"
    done
    for signal in INT TERM; do
        before=$(find "$work/out" -name '*.opus' 2>/dev/null | wc -l)
        "$ROSTRUM" batch "$work/in" -o "$work/out" -j 1 $fast 2>"$work/err" &
        pid=$!
        i=0
        while [ "$(find "$work/out" -name '*.opus' 2>/dev/null | wc -l)" -le "$before" ] && [ $i -lt 600 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill -"$signal" $pid
        status=0
        wait $pid || status=$?
        want=130
        [ "$signal" = TERM ] && want=143
        [ "$status" -eq "$want" ] || fail "SIG$signal: exit $status, wanted $want"
        grep -q "interrupted" "$work/err" || fail "SIG$signal: no word of the interruption"
        no_leftovers "$work/out"
        # the input being rendered when the signal came was cancelled
        after=$(find "$work/out" -name '*.opus' | wc -l)
        [ "$after" -eq $((before + 1)) ] || fail "SIG$signal: $after outputs after it, wanted $((before + 1))"
        # what is there is whole: it decodes
        for f in "$work/out"/*.opus; do
            "$PROBE" "$f" >/dev/null || fail "SIG$signal left a broken $f"
        done
    done
    [ "$(find "$work/out" -name '*.opus' | wc -l)" -lt 4 ] || fail "the runs were not interrupted midway"
    batch "$work/in" -o "$work/out" -j 1
    [ "$status" -eq 0 ] || fail "the run after the interruptions: exit $status"
    [ "$(count skipped)" -ge 2 ] || fail "finished outputs were rendered again"
    batch "$work/in" -o "$work/clean" -j 2
    [ "$status" -eq 0 ] || fail "clean run: exit $status"
    same_files "$work/out" "$work/clean"
    ;;
shards)
    good_inputs "$work/in"
    batch "$work/in" -o "$work/full"
    [ "$status" -eq 0 ] || fail "full run: exit $status"
    batch "$work/in" -o "$work/sharded" --shard 1/2
    [ "$status" -eq 0 ] || fail "shard 1/2: exit $status"
    grep "\] rendered " "$work/err" >"$work/one" || true
    batch "$work/in" -o "$work/sharded" --shard 2/2 -j 1
    [ "$status" -eq 0 ] || fail "shard 2/2: exit $status"
    grep "\] rendered " "$work/err" >"$work/two" || true
    [ -s "$work/one" ] && [ -s "$work/two" ] || fail "a shard rendered nothing: the parts are not spread"
    [ "$(cat "$work/one" "$work/two" | wc -l)" -eq 4 ] || fail "the shards rendered $(cat "$work/one" "$work/two" | wc -l) files, wanted 4"
    sed 's/.*rendered \([^ ]*\) .*/\1/' "$work/one" "$work/two" | sort | uniq -d >"$work/twice"
    [ ! -s "$work/twice" ] || fail "rendered by both shards: $(cat "$work/twice")"
    same_files "$work/full" "$work/sharded"
    # the parts do not depend on the order of the arguments
    batch "$work/in/2015" "$work/in/fr_declaration.md" "$work/in/en_wrapped.txt" -o "$work/a" --shard 2/3
    batch "$work/in/en_wrapped.txt" "$work/in/fr_declaration.md" "$work/in/2015" -o "$work/b" --shard 2/3
    [ -n "$(files "$work/a")" ] || fail "shard 2/3 of these inputs is empty; pick another part for this check"
    [ "$(files "$work/a")" = "$(files "$work/b")" ] || fail "shard 2/3 depends on the order of the inputs"
    for bad in 0/2 3/2 1/0 x/2 1; do
        batch "$work/in" -o "$work/x" --shard "$bad"
        [ "$status" -eq 2 ] || fail "--shard $bad: exit $status, wanted 2"
    done
    ;;
cli)
    "$ROSTRUM" --help >"$work/help" || fail "--help"
    for option in jobs force shard manifest; do
        grep -q -- "--$option" "$work/help" || fail "--help does not document --$option"
    done
    grep -q "rostrum batch INPUT\.\.\. -o OUTDIR" "$work/help" || fail "--help has no batch usage"
    printf 'Hello.\n' >"$work/a.md"
    batch "$work/a.md"
    [ "$status" -eq 2 ] || fail "no -o: exit $status"
    batch -o "$work/out"
    [ "$status" -eq 2 ] || fail "no input: exit $status"
    batch "$work/a.md" -o "$work/a.md"
    [ "$status" -eq 2 ] || fail "-o names a file: exit $status"
    batch "$work/a.md" -o "$work/out" -j 0
    [ "$status" -eq 2 ] || fail "-j 0: exit $status"
    batch "$work/a.md" -o "$work/out" --manifest=x.json
    [ "$status" -eq 2 ] || fail "--manifest takes no value in batch: exit $status"
    batch "$work/a.md" -o "$work/out" --pitch 101
    [ "$status" -eq 2 ] || fail "bad --pitch: exit $status"
    [ ! -e "$work/out" ] || fail "a usage error wrote output"
    batch "$work/a.md" -o "$work/out" --quiet --voice en-us
    [ "$status" -eq 0 ] && [ ! -s "$work/err" ] || fail "--quiet: exit $status, stderr: $(cat "$work/err")"
    "$PROBE" "$work/out/a.opus" >/dev/null || fail "a.opus"
    batch "$work/a.md" -o "$work/out" --voice no-such-voice --quiet
    [ "$status" -eq 1 ] || fail "unknown voice: exit $status"
    grep -q 'a.md.*unknown voice "no-such-voice"' "$work/err" || fail "--quiet hid the failure"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "ok: $case_name"
