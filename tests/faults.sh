#!/bin/sh
# Faults while writing: a full disk (the file size limit, a small tmpfs) and
# SIGINT/SIGTERM at seeded random moments of a render and of a batch. An
# existing output is never replaced by a broken one, no temporary file
# survives, and the exit status says what happened: 1 for a failed write,
# 128 + the signal when interrupted, 0 (and a whole file) when the signal
# came too late to matter.
#   faults.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (no prlimit, or no tmpfs mount allowed).
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"
fast="--complexity 0 --bitrate 16"

# delays SEED COUNT MIN MAX: COUNT seeded pseudo-random delays in seconds
delays() {
    awk -v seed="$1" -v n="$2" -v lo="$3" -v hi="$4" \
        'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.2f\n", lo + rand() * (hi - lo) }'
}

# good_output PATH: a good render there, and a copy beside it
good_output() {
    printf 'A short statement for the record.\n' >"$work/short.txt"
    "$ROSTRUM" render "$work/short.txt" -o "$1" --quiet $fast || fail "the good render"
    cp "$1" "$work/good.copy"
}

# failed_write STATUS WHAT: the write failed with exit 1, one line that
# names the output and the cause, the old output as it was
failed_write() {
    [ "$status" -eq 1 ] || fail "$2: exit $status, wanted 1"
    [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$2: more than one line on stderr"
    grep -q "^rostrum: .*$3" "$work/err" || fail "$2: message: $(cat "$work/err")"
}

case $case_name in
file_size_limit)
    # RLIMIT_FSIZE: writes past it fail with EFBIG (rostrum ignores
    # SIGXFSZ, which would kill it). Here the spooled audio hits it first.
    # The limit is above 64 MB because espeak-ng's audio library (libpulse)
    # makes a 64 MB shared memory file at start, and complains when it
    # cannot; the input is long enough (~29 minutes) to pass the limit.
    command -v prlimit >/dev/null 2>&1 || { echo "skipped: no prlimit" >&2; exit 77; }
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do
        cat "$samples/en_wrapped.txt"
    done >"$work/long.txt"
    # (WAV spools the speech; a .opus is encoded while it is spoken, and its
    # stretches and their speech wait in temporary files for the end)
    for ext in opus wav; do
        good_output "$work/out.$ext"
        status=0
        prlimit --fsize=67108864 "$ROSTRUM" render "$work/long.txt" -o "$work/out.$ext" -j 1 $fast 2>"$work/err" || status=$?
        failed_write "$status" "file size limit, .$ext" "out.$ext: cannot write temporary audio: File too large"
        cmp -s "$work/out.$ext" "$work/good.copy" || fail ".$ext: the existing output was changed"
        no_leftovers "$work"
    done
    ;;
disk_full)
    # a 200 kB tmpfs: the old output fits, the new one does not
    mkdir "$work/small"
    if ! mount -t tmpfs -o size=200k tmpfs "$work/small" 2>/dev/null; then
        echo "skipped: mounting a tmpfs is not allowed here" >&2
        exit 77
    fi
    trap 'umount "$work/small"; rm -rf "$work"' EXIT
    for ext in opus wav flac; do
        good_output "$work/small/out.$ext"
        status=0
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/small/out.$ext" --quiet 2>"$work/err" || status=$?
        failed_write "$status" "full disk, .$ext" "small/out.$ext: cannot write the output (disk full?)"
        cmp -s "$work/small/out.$ext" "$work/good.copy" || fail ".$ext: the existing output was changed"
        no_leftovers "$work/small"
        rm "$work/small/out.$ext"
    done
    # the audio fits, its manifest does not: neither is written
    head -c 150000 /dev/zero >"$work/small/filler"
    good_output "$work/small/s.opus"
    status=0
    "$ROSTRUM" render "$work/short.txt" -o "$work/small/s.opus" --manifest "$work/small/s.json" \
        --title "$(head -c 1000 /dev/zero | tr '\0' x)" $fast 2>"$work/err" || status=$?
    if [ "$status" -eq 0 ]; then
        # it all fitted after all: then both are whole
        "$PROBE" "$work/small/s.opus" >/dev/null || fail "s.opus is broken"
        grep -q '"paragraphs"' "$work/small/s.json" || fail "s.json is broken"
    else
        [ "$status" -eq 1 ] || fail "audio and manifest on a full disk: exit $status"
        cmp -s "$work/small/s.opus" "$work/good.copy" || fail "the audio was replaced though its manifest failed"
        [ ! -e "$work/small/s.json" ] || fail "a manifest was left"
    fi
    no_leftovers "$work/small"
    rm -f "$work/small/filler" "$work/small/s.opus" "$work/small/s.json"
    # batch: the input fails, says why, and leaves nothing
    status=0
    "$ROSTRUM" batch "$samples/en_wrapped.txt" -o "$work/small/batch" --quiet 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] || fail "batch on a full disk: exit $status"
    grep -q "en_wrapped.txt: .*en_wrapped.opus: cannot write the output (disk full?)" "$work/err" ||
        fail "batch message: $(cat "$work/err")"
    # no output, no temporary file (the cache is elsewhere, in XDG_CACHE_HOME)
    left=$(find "$work/small/batch" -type f -print)
    [ -z "$left" ] || fail "batch left a file: $left"
    ;;
signal_render)
    # eight renders of about two seconds, each stopped at a seeded moment
    # between 0.05 s and 3.5 s: some while speaking, some while encoding,
    # some after the end
    good_output "$work/out.opus"
    signal=INT
    finished=0
    interrupted=0
    for delay in $(delays 5 8 0.05 3.5); do
        cp "$work/out.opus" "$work/before"
        "$ROSTRUM" render "$samples/en_wrapped.txt" -o "$work/out.opus" --complexity 5 --manifest "$work/out.json" \
            --quiet 2>"$work/err" &
        pid=$!
        sleep "$delay"
        kill -"$signal" $pid 2>/dev/null || true
        status=0
        wait $pid || status=$?
        want=130
        [ "$signal" = TERM ] && want=143
        if [ "$status" -eq 0 ]; then
            finished=$((finished + 1))
            "$PROBE" "$work/out.opus" --chapters 5 --duration-ms "$(json_number "$work/out.json" duration_ms)" \
                >/dev/null || fail "SIG$signal after $delay s: exit 0 but the output is not whole"
        elif [ "$status" -eq "$want" ]; then
            interrupted=$((interrupted + 1))
            cmp -s "$work/out.opus" "$work/before" || fail "SIG$signal after $delay s: the output was changed"
        else
            fail "SIG$signal after $delay s: exit $status, wanted $want or 0"
        fi
        no_leftovers "$work"
        echo "SIG$signal after $delay s: exit $status"
        if [ "$signal" = INT ]; then signal=TERM; else signal=INT; fi
    done
    [ "$interrupted" -gt 0 ] || fail "no render was interrupted: the input is too short for these delays"
    ;;
signal_batch)
    # a batch of six inputs on two workers, stopped at seeded moments; each
    # run goes on from the last, and the end equals a clean run
    mkdir -p "$work/in/sub"
    cp "$samples/en_wrapped.txt" "$samples/fr_declaration.md" "$samples/es_declaracion.md" "$work/in/"
    cp "$samples/en_numbered.txt" "$samples/en_statement.md" "$work/in/sub/"
    cat "$samples/en_numbered.txt" "$samples/en_numbered.txt" >"$work/in/sub/long.txt"
    signal=TERM
    for delay in $(delays 11 6 0.05 5); do
        "$ROSTRUM" batch "$work/in" -o "$work/out" -j 2 --manifest $fast 2>"$work/err" &
        pid=$!
        sleep "$delay"
        kill -"$signal" $pid 2>/dev/null || true
        status=0
        wait $pid || status=$?
        want=130
        [ "$signal" = TERM ] && want=143
        [ "$status" -eq "$want" ] || [ "$status" -eq 0 ] || fail "SIG$signal after $delay s: exit $status, wanted $want or 0"
        no_leftovers "$work/out"
        # what is there is whole
        for f in $(find "$work/out" -name '*.opus'); do
            "$PROBE" "$f" >/dev/null || fail "SIG$signal after $delay s left a broken $f"
        done
        echo "SIG$signal after $delay s: exit $status, $(find "$work/out" -name '*.opus' | wc -l) of 6 done"
        if [ "$signal" = INT ]; then signal=TERM; else signal=INT; fi
    done
    status=0
    "$ROSTRUM" batch "$work/in" -o "$work/out" -j 2 --manifest $fast 2>"$work/err" || status=$?
    [ "$status" -eq 0 ] || fail "the run after the interruptions: exit $status"
    "$ROSTRUM" batch "$work/in" -o "$work/clean" -j 2 --manifest $fast 2>"$work/err" || fail "clean run"
    same_files "$work/out" "$work/clean"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "ok: $case_name"
