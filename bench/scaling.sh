#!/bin/sh
# Resource bounds of reading and normalization: "rostrum text" (no
# synthesis) on a large statement repeated 1, 4 and 16 times, as it is and
# as one single paragraph, with the CPU time and peak memory of each (the
# start-up's taken off) and their ratios to the size before. Linear work
# shows ratios near the size ratio (4 from 1x to 4x to 16x) and a steady
# MB/s; at 1x the work is a few milliseconds, so its figures are the noisiest.
#   bench/scaling.sh [STATEMENT] [FACTOR...]
# STATEMENT defaults to the largest statement of ../shared/corpus/ungd-2015/
# (or $ROSTRUM_CORPUS_DIR/ungd-2015); FACTORs default to 1 4 16. Needs a
# build in build/ (scripts/quickstart) or $ROSTRUM, and GNU time
# (scripts/install-deps --bench).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
rostrum=${ROSTRUM:-$root/build/rostrum}
[ -x "$rostrum" ] || { echo "bench/scaling.sh: no $rostrum; build first (scripts/quickstart)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/scaling.sh: no /usr/bin/time (scripts/install-deps --bench)" >&2; exit 1; }
corpus=${ROSTRUM_CORPUS_DIR:-$root/../shared/corpus}
statement=${1:-$(ls -S "$corpus"/ungd-2015/*.txt 2>/dev/null | head -n 1)}
[ -f "$statement" ] || { echo "bench/scaling.sh: no statement (give one, or set ROSTRUM_CORPUS_DIR)" >&2; exit 1; }
[ $# -gt 0 ] && shift
factors=${*:-1 4 16}
export ROSTRUM_DATA_DIR="$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/rostrum-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT

# cpu_per_run FILE RUNS: user + system seconds of one "rostrum text FILE",
# averaged over RUNS runs (GNU time counts the children of the loop)
cpu_per_run() {
    /usr/bin/time -f '%U %S' -o "$work/time" sh -c '
        i=0
        while [ $i -lt "$3" ]; do "$1" text "$2" >/dev/null || exit 1; i=$((i + 1)); done' sh "$rostrum" "$1" "$2" ||
        { echo "bench/scaling.sh: rostrum text $1 failed" >&2; exit 1; }
    awk -v n="$2" '{ printf "%.4f", ($1 + $2) / n }' "$work/time"
}

# peak_kb FILE: the peak resident memory of "rostrum text FILE", in kB
peak_kb() {
    /usr/bin/time -f '%M' -o "$work/time" "$rostrum" text "$1" >/dev/null
    cat "$work/time"
}

echo "statement: $statement ($(wc -c <"$statement") bytes)"
# the start-up (data folder, voice presets, lexicons) is taken off every figure
printf 'Hello.\n' >"$work/hello.txt"
startup_cpu=$(cpu_per_run "$work/hello.txt" 50)
startup_kb=$(peak_kb "$work/hello.txt")
echo "start-up: $startup_cpu s CPU, $startup_kb kB (taken off the figures below)"
largest=$(echo $factors | tr ' ' '\n' | sort -n | tail -n 1)
for shape in paragraphs one-paragraph; do
    echo
    echo "$shape:"
    printf '  %6s %10s %9s %9s %9s %9s %9s\n' size bytes cpu_ms MB_per_s peak_MB cpu_step mem_step
    base_cpu=0
    base_mem=0
    for factor in $factors; do
        input=$work/$shape-$factor.txt
        i=0
        while [ $i -lt "$factor" ]; do
            cat "$statement"
            echo
            i=$((i + 1))
        done >"$work/copies"
        if [ "$shape" = one-paragraph ]; then
            tr '\n' ' ' <"$work/copies" >"$input"
            echo >>"$input"
        else
            mv "$work/copies" "$input"
        fi
        bytes=$(wc -c <"$input")
        # about as many bytes read at every size: many runs of the small ones
        runs=$((16 * largest / factor))
        cpu=$(awk -v c="$(cpu_per_run "$input" "$runs")" -v s="$startup_cpu" 'BEGIN { printf "%.4f", (c > s ? c - s : 0) }')
        mem=$(($(peak_kb "$input") - startup_kb))
        printf '  %5sx %10d %9.1f %9.1f %9.1f %9s %9s\n' "$factor" "$bytes" \
            "$(awk -v c="$cpu" 'BEGIN { print c * 1000 }')" \
            "$(awk -v c="$cpu" -v b="$bytes" 'BEGIN { if (c > 0) print b / c / 1e6; else print 0 }')" \
            "$(awk -v m="$mem" 'BEGIN { print m / 1024 }')" \
            "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')" \
            "$(awk -v a="$mem" -v b="$base_mem" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')"
        base_cpu=$cpu
        base_mem=$mem
    done
done
