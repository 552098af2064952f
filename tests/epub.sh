#!/bin/sh
# End-to-end checks of the EPUB 3 talking book: epubcheck, the zip as unzip
# lists it, the overlays against the manifest (check_epub.py), word level,
# a transcript's content documents, refusals and failures that cost nothing.
#   epub.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped.
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
checker="python3 $SOURCE_DIR/tests/check_epub.py"

# Debian's epubcheck is a jar; /usr/bin/epubcheck runs only where
# binfmt_misc knows jars, so java runs it
epubcheck_jar=/usr/share/java/epubcheck.jar
have_epubcheck() {
    [ -r "$epubcheck_jar" ] && command -v java >/dev/null 2>&1
}

# Whether this rostrum writes MP3: the default audio of a book then, and
# the one epubcheck 4.2.6 accepts without a word (it knows no Ogg Opus).
has_mp3() {
    "$ROSTRUM" --list-formats | grep -q '^output mp3 '
}

# epubcheck BOOK: zero errors and zero warnings; with Opus audio, whose
# media type epubcheck 4.2.6 does not know (MED-005), nothing else
run_epubcheck() {
    have_epubcheck || { echo "  epubcheck: not installed (scripts/install-deps --test), not run"; return 0; }
    java -jar "$epubcheck_jar" "$1" >"$work/epubcheck" 2>&1 || true
    summary=$(grep '^Messages:' "$work/epubcheck" || true)
    if has_mp3; then
        echo "$summary" | grep -q '0 fatals / 0 errors / 0 warnings' || { cat "$work/epubcheck" >&2; fail "epubcheck of $1: $summary"; }
    else
        if grep -E '^(FATAL|ERROR|WARNING)' "$work/epubcheck" | grep -v 'MED-005' | grep -q .; then
            cat "$work/epubcheck" >&2
            fail "epubcheck of $1: more than the Opus media type: $summary"
        fi
    fi
    echo "  epubcheck: $summary"
}

# unzip -l lists mimetype first, and zipinfo says it is stored
zip_layout() {
    first=$(unzip -Z1 "$1" | head -n 1)
    [ "$first" = mimetype ] || fail "$1: the first entry is $first"
    unzip -Z -v "$1" mimetype | grep -q 'compression method:.*none (stored)' || fail "$1: mimetype is not stored"
    unzip -l "$1" | sed -n 4p | grep -q ' mimetype$' || fail "$1: unzip -l does not list mimetype first"
}

# book INPUT STEM [ARGS...]: renders INPUT to STEM.epub with its manifest
book() {
    input=$1 stem=$2
    shift 2
    "$ROSTRUM" render "$input" -o "$stem.epub" --manifest "$stem.json" --quiet "$@" 2>"$work/err" ||
        fail "render of $input to $stem.epub"
    zip_layout "$stem.epub"
}

case $case_name in
statement)
    book "$samples/en_statement.md" "$work/statement"
    $checker "$work/statement.epub" "$work/statement.json" || fail "the book of en_statement.md"
    run_epubcheck "$work/statement.epub"
    # the same input and options write the same bytes
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/again.epub" --quiet 2>"$work/err" || fail "second render"
    cmp -s "$work/statement.epub" "$work/again.epub" || fail "two renders of one input differ"
    # --format epub names the format whatever the extension
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/named.bin" --format epub --quiet 2>"$work/err" ||
        fail "render with --format epub"
    cmp -s "$work/statement.epub" "$work/named.bin" || fail "--format epub wrote another book"
    no_leftovers "$work"
    ;;
transcript)
    book "$samples/session_transcript.md" "$work/transcript"
    $checker "$work/transcript.epub" "$work/transcript.json" --statements || fail "the book of the transcript"
    run_epubcheck "$work/transcript.epub"
    ;;
word)
    book "$samples/session_transcript.md" "$work/words" --epub-level word
    $checker "$work/words.epub" "$work/words.json" --word --statements || fail "the book at word level"
    run_epubcheck "$work/words.epub"
    # more pars than the sentence level has: one per written word
    sentence_pars=$(unzip -p "$work/words.epub" 'EPUB/text/*.smil' | grep -c 'text src="[^"]*#s' || true)
    word_pars=$(unzip -p "$work/words.epub" 'EPUB/text/*.smil' | grep -c 'text src="[^"]*#w' || true)
    [ "$sentence_pars" -eq 0 ] && [ "$word_pars" -gt 100 ] || fail "word level: $word_pars word pars, $sentence_pars sentence pars"
    ;;
opus)
    # Ogg Opus audio inside, as asked
    book "$samples/en_statement.md" "$work/opus" --epub-audio opus
    unzip -Z1 "$work/opus.epub" | grep -qx 'EPUB/audio/speech.opus' || fail "no Opus audio in the book"
    $checker "$work/opus.epub" "$work/opus.json" || fail "the book with Opus audio"
    ;;
refusals)
    # a book on stdout: refused before anything is spoken
    status=0
    "$ROSTRUM" render "$samples/en_statement.md" -o - --format epub >"$work/stdout" 2>"$work/err" || status=$?
    [ "$status" -eq 2 ] || fail "EPUB to stdout exits $status, not 2"
    grep -q 'EPUB cannot be written to stdout' "$work/err" || fail "EPUB to stdout: $(cat "$work/err")"
    [ ! -s "$work/stdout" ] || fail "EPUB to stdout wrote bytes"
    status=0
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/x.epub" --epub-audio wav 2>"$work/err" || status=$?
    [ "$status" -eq 2 ] || fail "--epub-audio wav exits $status, not 2"
    status=0
    "$ROSTRUM" render "$samples/en_statement.md" -o "$work/x.epub" --epub-level paragraph 2>"$work/err" || status=$?
    [ "$status" -eq 2 ] || fail "--epub-level paragraph exits $status, not 2"
    [ ! -e "$work/x.epub" ] || fail "a refused render left x.epub"
    ;;
failure)
    # a failed render leaves no partial book and keeps the good one
    book "$samples/en_statement.md" "$work/good"
    cp "$work/good.epub" "$work/kept.epub"
    printf '\377\376 not text' >"$work/bad.md"
    status=0
    "$ROSTRUM" render "$work/bad.md" -o "$work/good.epub" --quiet 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] || fail "a bad input exits $status, not 1"
    grep -q 'bad.md' "$work/err" || fail "the error does not name the input: $(cat "$work/err")"
    cmp -s "$work/good.epub" "$work/kept.epub" || fail "a failed render changed the existing book"
    # a folder that cannot be written
    mkdir "$work/locked"
    chmod 555 "$work/locked"
    if [ ! -w "$work/locked" ]; then
        status=0
        "$ROSTRUM" render "$samples/en_statement.md" -o "$work/locked/book.epub" --quiet 2>"$work/err" || status=$?
        [ "$status" -eq 1 ] || fail "an unwritable folder exits $status, not 1"
        grep -q 'locked/book.epub' "$work/err" || fail "the error does not name the book: $(cat "$work/err")"
        [ -z "$(ls -A "$work/locked")" ] || fail "files left in the unwritable folder"
    fi
    chmod 755 "$work/locked"
    no_leftovers "$work"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "PASS: epub $case_name"
