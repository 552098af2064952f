# What every test script starts with, sourced after it sets case_name: a
# scratch folder removed at exit, HOME in it (never the real user's
# ~/.config/rostrum or ~/.cache/rostrum), and fail().
work=$(mktemp -d "${TMPDIR:-/tmp}/rostrum-$case_name.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"

# fail MESSAGE: the check failed; the last stderr kept in work/err helps
fail() {
    echo "FAIL: $*" >&2
    [ ! -s "$work/err" ] || sed 's/^/  last stderr: /' "$work/err" >&2
    exit 1
}
