#!/bin/sh
# The catalogue of bad inputs: each case feeds rostrum something hostile
# (broken encodings, binary junk, absurd sizes, impossible paths) and checks
# that it fails cleanly: exit status 1 or 2 (never a signal), one line on
# stderr that names the file and the cause, and no output or temporary
# file left behind; an existing good output is never touched. The inputs
# that are only big (3,000 paragraphs, a 5 MB paragraph) must work instead.
#   bad_inputs.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (no way to make an unwritable folder here).
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
fast="--complexity 0 --bitrate 16"

need_python() {
    command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed" >&2; exit 77; }
}

# run ARGS...: runs rostrum with stderr in work/err; sets status
run() {
    status=0
    "$ROSTRUM" "$@" >"$work/stdout" 2>"$work/err" || status=$?
}

# one_line_error WANT PATTERN: the run failed with exit WANT (1 or 2) and
# said so in one line matching PATTERN (a grep regular expression, which
# should hold the file's name); a usage error may add the "Try" hint
one_line_error() {
    [ "$status" -lt 128 ] || fail "killed by signal $((status - 128))"
    [ "$status" -eq "$1" ] || fail "exit $status, wanted $1"
    lines=$(grep -vcx 'Try "rostrum --help".' "$work/err" || true)
    [ "$lines" -eq 1 ] || fail "$lines lines on stderr, wanted one"
    grep -q "^rostrum: $2" "$work/err" || fail "the message does not match \"$2\""
}

# good_output: a good render at work/out.opus, copied to work/out.copy,
# that no failed run may replace
good_output() {
    printf 'A short statement for the record.\n' >"$work/short.txt"
    "$ROSTRUM" render "$work/short.txt" -o "$work/out.opus" --quiet $fast || fail "the good render"
    cp "$work/out.opus" "$work/out.copy"
}

# untouched: the good output is as it was, and nothing else was left
untouched() {
    cmp -s "$work/out.opus" "$work/out.copy" || fail "a failed run changed the existing output"
    no_leftovers "$work"
}

# bad_text NAME PATTERN: work/NAME fails in render, text and batch, each
# with one line matching PATTERN, and nothing is written
bad_text() {
    good_output
    run render "$work/$1" -o "$work/out.opus"
    one_line_error 1 "$2"
    untouched
    run text "$work/$1"
    one_line_error 1 "$2"
    [ ! -s "$work/stdout" ] || fail "text printed something for a bad input"
    run batch "$work/$1" -o "$work/batch" $fast
    [ "$status" -eq 1 ] || fail "batch: exit $status"
    grep -q "^  $2" "$work/err" || fail "batch: the summary does not match \"$2\""
    [ -z "$(find "$work/batch" -type f 2>/dev/null)" ] || fail "batch wrote output for a bad input"
    no_leftovers "$work"
}

# interrupted_render INPUT: a render that would take long is cancelled by
# SIGTERM after a few seconds: exit 143, and no output and no temporary file
interrupted_render() {
    good_output
    "$ROSTRUM" render "$1" -o "$work/out.opus" $fast 2>"$work/err" &
    pid=$!
    sleep 3
    kill -TERM $pid
    status=0
    wait $pid || status=$?
    [ "$status" -eq 143 ] || fail "the render of $1 ended with $status, not cancelled with 143"
    grep -q "interrupted" "$work/err" || fail "no word of the interruption"
    untouched
}

case $case_name in
empty)
    : >"$work/empty.txt"
    bad_text empty.txt ".*/empty.txt: no text to speak"
    printf '' | "$ROSTRUM" render - -o "$work/stdin.opus" 2>"$work/err" && fail "empty stdin rendered"
    grep -q "<stdin>: no text to speak" "$work/err" || fail "empty stdin: $(cat "$work/err")"
    [ ! -e "$work/stdin.opus" ] || fail "output written for empty stdin"
    ;;
xml_malformed)
    printf '<?xml version="1.0"?>\n<publicwhip>\n<speech speakername="A"><p>x</speech>\n</publicwhip>\n' >"$work/bad.xml"
    bad_text bad.xml ".*/bad.xml:3: malformed XML: .*mismatch"
    ;;
xml_other)
    printf '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>Hello</text></svg>\n' >"$work/pic.xml"
    bad_text pic.xml ".*/pic.xml:2: XML whose root element is <svg>"
    ;;
xml_laughs)
    # a billion laughs: refused by libxml2's entity checks, in little memory
    {
        printf '<?xml version="1.0"?>\n<!DOCTYPE publicwhip [\n<!ENTITY l0 "lol">\n'
        for i in 1 2 3 4 5 6 7 8 9; do
            printf '<!ENTITY l%d "' $i
            for k in 1 2 3 4 5 6 7 8 9 10; do printf '&l%d;' $((i - 1)); done
            printf '">\n'
        done
        printf ']>\n<publicwhip><speech speakername="A"><p>x &l9; y</p></speech></publicwhip>\n'
    } >"$work/laughs.xml"
    # 1 GB of address space, unless AddressSanitizer (which reserves
    # terabytes of it for its shadow) is in the program
    limit=1000000
    if ldd "$ROSTRUM" 2>/dev/null | grep -q libasan; then limit=unlimited; fi
    (ulimit -v "$limit" && "$ROSTRUM" text "$work/laughs.xml") >"$work/stdout" 2>"$work/err" && status=0 || status=$?
    [ "$status" -eq 1 ] || fail "exit $status"
    grep -q "laughs.xml:[0-9]*: malformed XML: .*entity" "$work/err" || fail "message: $(cat "$work/err")"
    bad_text laughs.xml ".*/laughs.xml:[0-9]*: malformed XML"
    ;;
xml_external)
    # an external entity is never read: the text goes on without it
    printf '<?xml version="1.0"?>\n<!DOCTYPE publicwhip [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<publicwhip><speech speakername="A"><p>Before &x; after.</p></speech></publicwhip>\n' >"$work/ext.xml"
    run text "$work/ext.xml"
    [ "$status" -eq 0 ] || fail "exit $status: $(cat "$work/err")"
    if grep -q "root:" "$work/stdout"; then fail "/etc/passwd was read"; fi
    grep -q "Before after." "$work/stdout" || fail "text: $(cat "$work/stdout")"
    ;;
docx_not_docx | docx_truncated | docx_malformed | docx_bomb)
    # a zip that is no DOCX, a DOCX cut short, one whose body is not
    # well formed, and one whose body inflates past the reader's limit
    [ -n "${MAKE_DOCX:-}" ] || { echo "skipped: MAKE_DOCX not set" >&2; exit 77; }
    "$MAKE_DOCX" "$work/good.docx" "$SOURCE_DIR/tests/docx_sitting" || fail "make_docx"
    case $case_name in
    docx_not_docx)
        "$MAKE_DOCX" "$work/parts.docx" "$SOURCE_DIR/tests/docx_sitting" docProps/core.xml || fail "make_docx"
        bad_text parts.docx ".*/parts.docx: a zip archive that is not a Word DOCX" ;;
    docx_truncated)
        head -c $(($(wc -c <"$work/good.docx") / 2)) "$work/good.docx" >"$work/cut.docx"
        bad_text cut.docx ".*/cut.docx: a damaged or truncated DOCX" ;;
    docx_malformed)
        mkdir -p "$work/parts/word"
        printf '<w:document xmlns:w="x"><w:body><w:p>\n</w:body></w:document>\n' >"$work/parts/word/document.xml"
        "$MAKE_DOCX" "$work/broken.docx" "$work/parts" || fail "make_docx"
        rm -r "$work/parts"
        bad_text broken.docx ".*/broken.docx: word/document.xml:2: malformed XML" ;;
    docx_bomb)
        mkdir -p "$work/parts/word"
        head -c 70000000 /dev/zero | tr '\0' ' ' >"$work/parts/word/document.xml"
        "$MAKE_DOCX" "$work/bomb.docx" "$work/parts" || fail "make_docx"
        rm -r "$work/parts"
        [ "$(wc -c <"$work/bomb.docx")" -lt 1000000 ] || fail "the bomb is not small"
        bad_text bomb.docx ".*/bomb.docx: word/document.xml is larger than 64 MB once uncompressed" ;;
    esac
    rm -f "$work/good.docx"
    ;;
doc_binary)
    # old binary Word: refused with the way to convert it
    { printf '\320\317\021\340\241\261\032\341'; head -c 4000 /dev/zero; } >"$work/old.doc"
    bad_text old.doc ".*/old.doc: an old binary Word .doc.*soffice --headless --convert-to docx"
    ;;
html_empty)
    # a page of nothing but furniture: scripts, navigation, an empty paragraph
    printf '<!DOCTYPE html>\n<html><head><script>go()</script></head><body>\n<nav><a href="/">Home Page</a></nav>\n<p>&nbsp;</p>\n</body></html>\n' >"$work/empty.html"
    bad_text empty.html ".*/empty.html: no text to speak"
    ;;
html_external)
    # what a page points at is never fetched or read: frames, objects, scripts
    printf '<!DOCTYPE html>\n<html><head><script src="file:///etc/passwd"></script><link rel="stylesheet" href="file:///etc/passwd"></head>\n<body><p>Before <iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>after.</p></body></html>\n' >"$work/ext.html"
    run text "$work/ext.html"
    [ "$status" -eq 0 ] || fail "exit $status: $(cat "$work/err")"
    if grep -q "root:" "$work/stdout"; then fail "/etc/passwd was read"; fi
    grep -q "Before after." "$work/stdout" || fail "text: $(cat "$work/stdout")"
    ;;
whitespace)
    printf '  \n\t\n\r\n   \n\n' >"$work/blank.txt"
    bad_text blank.txt ".*/blank.txt: no text to speak"
    # markup with no words in it is just as empty
    printf -- '---\ntitle: Nothing\n---\n\n# \n\n***\n\n> \n\n- \n' >"$work/markup.md"
    bad_text markup.md ".*/markup.md: no text to speak"
    ;;
invalid_utf8)
    printf 'Fine line.\nBad \377 byte.\n' >"$work/bad.txt"
    bad_text bad.txt ".*/bad.txt:2: invalid UTF-8 at byte 15"
    # Latin-1, as old archives have it; a truncated sequence at the very end
    printf 'Le d\351bat est ouvert.\n' >"$work/latin1.txt"
    bad_text latin1.txt ".*/latin1.txt:1: invalid UTF-8"
    printf 'Ends in the middle of a character \342\202' >"$work/cut.txt"
    bad_text cut.txt ".*/cut.txt:1: invalid UTF-8"
    ;;
nul_bytes)
    printf 'Hello\000world.\n' >"$work/nul.txt"
    bad_text nul.txt ".*/nul.txt:1: NUL byte at byte 5; this is not a text file"
    ;;
random_bytes)
    # 1 MB of random bytes, the same every run: a seeded generator
    need_python
    python3 -c 'import random, sys; random.seed(2015); sys.stdout.buffer.write(random.randbytes(1 << 20))' \
        >"$work/random.txt"
    [ "$(wc -c <"$work/random.txt")" -eq 1048576 ] || fail "random input not 1 MB"
    bad_text random.txt ".*/random.txt:[0-9]*: \(invalid UTF-8\|NUL byte\)"
    ;;
utf16)
    printf '\377\376H\000e\000l\000l\000o\000.\000\n\000' >"$work/le.txt"
    bad_text le.txt ".*/le.txt:1: the text is UTF-16; rostrum reads UTF-8"
    printf '\376\377\000H\000e\000l\000l\000o\000.\000\n' >"$work/be.txt"
    bad_text be.txt ".*/be.txt:1: the text is UTF-16; rostrum reads UTF-8"
    ;;
huge_paragraph)
    # 5 MB in one paragraph, a book without a line break: some ten hours of
    # speech. It is text like any other: "text" reads it (in linear time,
    # see bench/scaling.sh), and a render starts and can be cancelled.
    need_python
    python3 - "$samples/en_statement.md" "$work/huge.txt" <<'PY'
import re, sys
body = open(sys.argv[1], encoding="utf-8").read().split("---")[-1]
words = re.sub(r"[#*_\s]+", " ", body)
text = (words * (5 * 2**20 // len(words) + 1))[: 5 * 2**20]
open(sys.argv[2], "w", encoding="utf-8").write(text.rsplit(" ", 1)[0] + ".\n")
PY
    "$ROSTRUM" text "$work/huge.txt" >"$work/text" 2>"$work/err" || fail "text of a 5 MB paragraph"
    [ "$(grep -c . "$work/text")" -eq 1 ] || fail "one paragraph in, $(grep -c . "$work/text") out"
    [ "$(wc -c <"$work/text")" -gt 4500000 ] || fail "text lost most of the paragraph"
    interrupted_render "$work/huge.txt"
    ;;
many_paragraphs)
    # 1,050 paragraphs: rendered, 1000 chapters kept (headings first) and a
    # warning (this case took over e2e.sh's chapter_limit)
    i=0
    while [ $i -lt 1050 ]; do
        i=$((i + 1))
        if [ $((i % 200)) -eq 0 ]; then printf '## Part %d\n\n' $i; else printf 'Yes.\n\n'; fi
    done >"$work/many.md"
    "$ROSTRUM" render "$work/many.md" -o "$work/many.opus" --manifest "$work/many.json" --chapters paragraph \
        --pause 250 --rate 450 $fast 2>"$work/err" || fail "render of 1,050 paragraphs"
    grep -q "warning: .*many.md has 1[0-9]* chapter boundaries; Ogg Opus allows 1000: kept 1000" "$work/err" ||
        fail "no chapter warning: $(cat "$work/err")"
    "$PROBE" "$work/many.opus" --chapters 1000 --chapter-name "0=Yes" --tolerance-ms 40 >"$work/probe" ||
        fail "probe: $(grep FAIL "$work/probe" | head -n 5)"
    for part in 200 600 1000; do
        grep -q "\"name\": \"Part $part\"" "$work/many.json" || fail "heading Part $part lost its chapter"
    done
    no_leftovers "$work"
    ;;
long_word)
    # a line of 1 MB with no space (a pasted blob): read as one word in
    # linear time; espeak-ng spells it out, hours of it, so the render is
    # only started and cancelled
    awk 'BEGIN { s = "QmFzZTY0"; while (length(s) < 1048576) s = s s; printf "%s\n", substr(s, 1, 1048576) }' \
        >"$work/blob.txt"
    "$ROSTRUM" text "$work/blob.txt" >"$work/text" 2>"$work/err" || fail "text of a 1 MB word"
    [ "$(wc -c <"$work/text")" -ge 1048576 ] || fail "text lost the word"
    interrupted_render "$work/blob.txt"
    ;;
nested_markdown)
    # 10,000 levels of quotes, lists, emphasis, links and headings: read
    # without recursion, the markup dropped, the words kept
    need_python
    python3 - "$work/deep.md" <<'PY'
import sys
n = 10000
lines = [">" * n + " Quoted very deep.", "> " * n + "Quoted with spaces.", "  " * n + "- A deep item.",
         "    " * n + "1. A deep number.", "*" * n + "Emphasis" + "*" * n, "_" * n + "Underlined" + "_" * n,
         "[" * n + "Linked" + "]" * n + "(" * n, "#" * n + " Heading", "- " * n + "Listed."]
lines += ["  " * i + "- Step %d." % i for i in range(50)]
open(sys.argv[1], "w").write("\n\n".join(lines) + "\n")
PY
    "$ROSTRUM" text "$work/deep.md" >"$work/text" 2>"$work/err" || fail "text of deep Markdown"
    for words in "Quoted very deep." "Quoted with spaces." "A deep item." "A deep number." Emphasis Underlined \
        "Step 49." "Listed."; do
        grep -q "$words" "$work/text" || fail "\"$words\" was lost"
    done
    if grep -q '[>*_]\|- -' "$work/text"; then fail "markup left in the spoken text"; fi
    "$ROSTRUM" render "$work/deep.md" -o "$work/deep.opus" --rate 450 --quiet $fast ||
        fail "render of deep Markdown"
    "$PROBE" "$work/deep.opus" >/dev/null || fail "probe of the deep Markdown render"
    no_leftovers "$work"
    ;;
unknown_voice)
    good_output
    cp "$samples/en_wrapped.txt" "$work/w.txt"
    run render "$work/w.txt" -o "$work/out.opus" --voice no-such-voice
    one_line_error 1 ".*/w.txt: unknown voice \"no-such-voice\""
    untouched
    # asked for by the front matter: the message names the file that asks
    printf -- '---\nvoice: no-such-voice\n---\nHello.\n' >"$work/fm.md"
    run render "$work/fm.md" -o "$work/out.opus"
    one_line_error 1 ".*/fm.md: unknown voice \"no-such-voice\""
    untouched
    run batch "$work/fm.md" -o "$work/batch" $fast
    [ "$status" -eq 1 ] && grep -q "^  .*/fm.md: unknown voice" "$work/err" || fail "batch: exit $status"
    no_leftovers "$work"
    ;;
unknown_language)
    good_output
    cp "$samples/en_wrapped.txt" "$work/w.txt"
    run render "$work/w.txt" -o "$work/out.opus" --lang xx-nowhere
    one_line_error 1 ".*/w.txt: unknown language \"xx-nowhere\""
    untouched
    printf -- '---\nlanguage: zz\n---\nHello.\n' >"$work/fm.md"
    run render "$work/fm.md" -o "$work/out.opus"
    one_line_error 1 ".*/fm.md: unknown language \"zz\""
    untouched
    ;;
missing_input)
    good_output
    run render "$work/missing.md" -o "$work/out.opus"
    one_line_error 1 ".*/missing.md: cannot read: No such file or directory"
    untouched
    run text "$work/missing.md"
    one_line_error 1 ".*/missing.md: cannot read: No such file or directory"
    # a link to nothing is just as missing
    ln -s nowhere.md "$work/dangling.md"
    run render "$work/dangling.md" -o "$work/out.opus"
    one_line_error 1 ".*/dangling.md: cannot read"
    untouched
    run batch "$work/missing.md" -o "$work/batch"
    [ "$status" -eq 1 ] && grep -q "^  .*/missing.md: cannot read" "$work/err" || fail "batch: exit $status"
    ;;
input_folder)
    good_output
    mkdir "$work/folder"
    run render "$work/folder" -o "$work/out.opus"
    one_line_error 1 ".*/folder: is a folder, not a text file"
    untouched
    run text "$work/folder"
    one_line_error 1 ".*/folder: is a folder, not a text file"
    ;;
no_output_folder)
    cp "$samples/en_wrapped.txt" "$work/w.txt"
    run render "$work/w.txt" -o "$work/no/such/folder/x.opus"
    one_line_error 1 ".*/no/such/folder/x.opus: cannot create the file: No such file or directory"
    # a file used as a folder
    run render "$work/w.txt" -o "$work/w.txt/x.opus"
    one_line_error 1 ".*/w.txt/x.opus: cannot create the file: Not a directory"
    run render "$work/w.txt" -o "$work/x.opus" --manifest "$work/no/such/x.json"
    one_line_error 1 ".*/no/such/x.json: cannot create the file"
    [ ! -e "$work/x.opus" ] || fail "audio written though its manifest could not be"
    run batch "$work/w.txt" -o "$work/w.txt/out"
    [ "$status" -eq 1 ] || [ "$status" -eq 2 ] || fail "batch into a file's folder: exit $status"
    no_leftovers "$work"
    ;;
unwritable_output)
    # root writes into any folder whatever its mode, so as root the folder
    # is a read-only bind mount of itself: really unwritable, EROFS
    cp "$samples/en_wrapped.txt" "$work/w.txt"
    mkdir "$work/locked"
    if [ "$(id -u)" -ne 0 ]; then
        chmod 555 "$work/locked"
        cause="Permission denied"
    elif mount --bind -o ro "$work/locked" "$work/locked" 2>/dev/null; then
        trap 'umount "$work/locked"; rm -rf "$work"' EXIT
        cause="Read-only file system"
    else
        echo "skipped: root, and no read-only bind mount allowed here" >&2
        exit 77
    fi
    if touch "$work/locked/probe" 2>/dev/null; then fail "the locked folder is writable"; fi
    run render "$work/w.txt" -o "$work/locked/x.opus"
    one_line_error 1 ".*/locked/x.opus: cannot create the file: $cause"
    run batch "$work/w.txt" -o "$work/locked" $fast
    [ "$status" -eq 1 ] && grep -q "^  .*w.txt: .*locked/w.opus: cannot create the file: $cause" "$work/err" ||
        fail "batch into the locked folder: exit $status"
    [ -z "$(ls -A "$work/locked")" ] || fail "something was written: $(ls -A "$work/locked")"
    ;;
output_is_input)
    # by any spelling, extension or link: refused, and the input unharmed
    for name in w.txt w.md w.opus; do
        cp "$samples/en_wrapped.txt" "$work/$name"
        for spelling in "$work/$name" "$work/./$name"; do
            run render "$work/$name" -o "$spelling"
            one_line_error 1 ".*$name: the output would overwrite the input"
            cmp -s "$work/$name" "$samples/en_wrapped.txt" || fail "the input $name was damaged"
        done
    done
    ln -s w.txt "$work/link.opus"
    run render "$work/w.txt" -o "$work/link.opus"
    one_line_error 1 ".*/link.opus: the output would overwrite the input"
    run render "$work/w.txt" -o "$work/x.opus" --manifest "$work/w.txt"
    one_line_error 1 ".*/w.txt: the manifest would overwrite the input"
    [ ! -e "$work/x.opus" ] || fail "audio written though the manifest was the input"
    (cd "$work" && "$ROSTRUM" render w.opus 2>"$work/err") && fail "the default output named the input"
    grep -q "w.opus: the output would overwrite the input" "$work/err" || fail "default output: $(cat "$work/err")"
    cmp -s "$work/w.txt" "$samples/en_wrapped.txt" && cmp -s "$work/w.opus" "$samples/en_wrapped.txt" ||
        fail "an input was damaged"
    no_leftovers "$work"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "ok: $case_name"
