#!/bin/sh
# The end-to-end paths of rostrum under valgrind's memcheck: renders to
# .opus, .wav, .flac and a pipe, text --explain, a transcript with
# alternating voices, failures, and a batch and its re-run (workers too). Any invalid
# access, use of an uninitialised value, or definite/indirect leak fails.
# Inputs are short and the encoder cheap: valgrind is some 30 times slower.
#   tests/valgrind.sh BUILD_DIR      (scripts/test runs it on build-test)
# Third-party false positives are in tests/valgrind.supp, each with its
# reason; our own code gets no suppression.
set -eu

build=${1:?usage: tests/valgrind.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
ROSTRUM=$(cd "$build" && pwd)/rostrum
PROBE=$(cd "$build" && pwd)/tests/rostrum-probe
SOURCE_DIR=$(dirname "$here")
case_name=valgrind
. "$here/common.sh"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed (scripts/install-deps --test)" >&2; exit 1; }

fast="--complexity 0 --bitrate 16 --quiet"
# one log per process (batch workers are children), errors counted from them
vg() {
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --suppressions="$here/valgrind.supp" --trace-children=yes --child-silent-after-fork=no \
        --log-file="$work/vg.%p.log" "$ROSTRUM" "$@"
}
# valgrind 3.19 (Debian 12) cannot decode RDTSCP, which libhwy (loaded
# with FFmpeg's libavcodec, through libjxl) runs in its initializer on
# processors that have it. rostrum loads FFmpeg only for M4B and MP3, so
# those are left out here; should anything else bring such a library in,
# the check says so and is skipped rather than failing on every command.
status=0
valgrind "$ROSTRUM" --help >"$work/probe.out" 2>&1 || status=$?
if [ "$status" -ne 0 ] && grep -q "unhandled instruction" "$work/probe.out"; then
    echo "tests/valgrind.sh: SKIPPED: valgrind cannot run rostrum here:" \
        "$(grep -m 1 ' at 0x' "$work/probe.out" | sed 's/^==[0-9]*== *//')" >&2
    exit 0
fi
runs=0
# check WANT ARGS...: runs rostrum under valgrind and wants exit WANT
check() {
    want=$1
    shift
    runs=$((runs + 1))
    status=0
    vg "$@" >"$work/stdout" 2>"$work/err" || status=$?
    [ "$status" -ne 99 ] || fail "valgrind found errors in: rostrum $*: $(cat "$work"/vg.*.log)"
    [ "$status" -eq "$want" ] || fail "rostrum $*: exit $status, wanted $want"
    echo "clean: rostrum $*"
}

cat >"$work/short.md" <<'EOF'
---
title: A Short Statement
speaker: Ms. Example
language: en
---

## Cooperation

Mr. President, the ICC needs $5 million in 2026.

We thank you.
EOF
cat >"$work/session.md" <<'EOF'
---
language: en
---

# Test session {.session}

The PRESIDENT: I give the floor to Veloria.

Ms. Marwick (Veloria): We thank you.

## Sénégal {lang=fr}

M. Diallo (Sénégal) : Je vous remercie.

Mr. Okafor (Norvania): We support it.
EOF
printf 'Fine line.\nBad \377 byte.\n' >"$work/bad.txt"
mkdir "$work/in"
printf 'First input.\n' >"$work/in/a.txt"
printf 'Second input.\n' >"$work/in/b.md"

check 0 render "$work/short.md" -o "$work/out.opus" --manifest "$work/out.json" $fast
"$PROBE" "$work/out.opus" --chapters "$(manifest_chapters "$work/out.json")" >/dev/null || fail "out.opus"
check 0 render "$work/short.md" -o "$work/out.wav" $fast
check 0 render "$work/short.md" -o "$work/out.flac" $fast
check 0 render "$work/short.md" -o - $fast
"$PROBE" "$work/stdout" >/dev/null || fail "the piped stream"
check 0 text --explain "$work/short.md"
check 0 render "$work/session.md" -o "$work/session.opus" --voices alternate --captions vtt,srt --page \
    --manifest "$work/session.json" $fast
[ -s "$work/session.vtt" ] && [ -s "$work/session.srt" ] && [ -s "$work/session.html" ] || fail "sidecars"
check 1 render "$work/bad.txt" -o "$work/bad.opus"
check 1 render "$work/short.md" -o "$work/x.opus" --voice no-such-voice
check 1 render "$work/short.md" -o "$work/no/such/x.opus"
check 2 render "$work/short.md" --rate 5
check 0 batch "$work/in" -o "$work/batch" -j 1 --bitrate 16 --complexity 0 --quiet
[ -s "$work/batch/a.opus" ] && [ -s "$work/batch/b.opus" ] || fail "batch outputs"
# again: every worker finds its output up to date by its key
check 0 batch "$work/in" -o "$work/batch" -j 1 --complexity 0 --bitrate 16
grep -q "2 up to date" "$work/err" || fail "the second batch rendered again: $(cat "$work/err")"
processes=$(ls "$work"/vg.*.log | wc -l)
if grep -l "ERROR SUMMARY: [1-9]" "$work"/vg.*.log >/dev/null 2>&1; then
    fail "valgrind errors: $(cat "$work"/vg.*.log)"
fi
no_leftovers "$work"
echo "valgrind: $runs runs, $processes processes, no errors and no leaks"
