# What the end-to-end scripts (e2e.sh, batch.sh) share, sourced after they
# set case_name: the environment they run in, a scratch folder removed at
# exit, and the helpers both use.
: "${ROSTRUM:?}" "${PROBE:?}" "${SOURCE_DIR:?}"
samples=$SOURCE_DIR/samples
. "$(dirname "$0")/scratch.sh"
export ROSTRUM_DATA_DIR="$SOURCE_DIR"

# json_number FILE KEY: the first number after "KEY": in FILE
json_number() {
    sed -n "s/.*\"$2\": \(-\{0,1\}[0-9][0-9.]*\).*/\1/p" "$1" | head -n 1
}

# count of chapters the manifest says were written
manifest_chapters() {
    grep -c '"name": .*"paragraph": [0-9]*}' "$1" || true
}

no_leftovers() {
    leftovers=$(find "$1" \( -name '.*.rostrum-*' -o -name '*.rsc.*' \) | head -n 5)
    [ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"
}

# files DIR: every file under DIR, relative, sorted
files() {
    (cd "$1" && find . -type f -print | sort)
}

# same_files A B: the same file names, byte for byte the same
same_files() {
    [ "$(files "$1")" = "$(files "$2")" ] || fail "$1 and $2 hold different files: $(files "$1") / $(files "$2")"
    for f in $(files "$1"); do
        cmp -s "$1/$f" "$2/$f" || fail "$f differs between $1 and $2"
    done
}
