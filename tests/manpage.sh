#!/bin/sh
# The manual page docs/rostrum.1: it lints clean, and it documents every
# subcommand, option, environment variable and exit status that
# "rostrum --help" names, and every extension of "rostrum --list-formats",
# read at test time so a new option or format fails here until documented.
#   ROSTRUM=build/rostrum SOURCE_DIR=. sh tests/manpage.sh lint|coverage
set -eu
case_name=${1:?usage: manpage.sh lint|coverage}
: "${ROSTRUM:?}" "${SOURCE_DIR:?}"
page=$SOURCE_DIR/docs/rostrum.1
. "$(dirname "$0")/scratch.sh"
command -v mandoc >/dev/null 2>&1 || fail "mandoc is not installed (scripts/install-deps --test)"

# undocumented PAGE: prints what --help names and PAGE does not (nothing when all is there)
undocumented() {
    # plain text: mandoc's ASCII output marks bold and underline by backspacing
    mandoc -T ascii "$1" | sed "s/.$(printf '\b')//g" >"$work/page.txt"
    # options: "  -o, --output FILE" and "      --rate WPM"
    sed -n 's/^ *\(-\([a-zA-Z]\), \)\{0,1\}--\([a-z][a-z-]*\).*/\3 \2/p' "$work/help" | while read -r long short; do
        grep -Eq -- "--$long([^a-z-]|\$)" "$work/page.txt" || echo "option --$long"
        [ -z "$short" ] || grep -Eq -- "(^|[^a-zA-Z-])-$short([^a-zA-Z-]|\$)" "$work/page.txt" || echo "option -$short"
    done
    # formats: every extension of an input or output format, as a word of
    # its own (".md", not "statement.md") where the commands are described
    sed -n '/^COMMANDS/,/^OPTIONS/p' "$work/page.txt" >"$work/commands.txt"
    while read -r kind _ _ _ extensions; do
        for extension in $extensions; do
            grep -Eq "(^|[^A-Za-z0-9_.])\\.${extension#.}([^A-Za-z0-9]|\$)" "$work/commands.txt" ||
                echo "$kind extension $extension"
        done
    done <"$work/formats"
    # subcommands: the usage lines "  rostrum COMMAND ..."
    sed -n 's/^  rostrum \([a-z][a-z]*\).*/\1/p' "$work/help" | while read -r command; do
        grep -Eq "^ +rostrum $command( |\$)" "$work/page.txt" || echo "command $command"
    done
    # environment variables: every NAME_WITH_UNDERSCORES in the help, and HOME
    for variable in $(grep -o '\b[A-Z][A-Z0-9]*_[A-Z0-9_]*\b' "$work/help" | sort -u) HOME; do
        sed -n '/^ENVIRONMENT/,/^[A-Z]/p' "$work/page.txt" | grep -Eq "^ +$variable( |\$)" || echo "variable $variable"
    done
    # exit statuses: the numbers of the help's "Exit status:" paragraph
    sed -n '/^Exit status:/,/^$/p' "$work/help" | grep -o '\b[0-9][0-9]*\b' | sort -u | while read -r status; do
        sed -n '/^EXIT STATUS/,/^EXAMPLES/p' "$work/page.txt" | grep -q "\b$status\b" || echo "exit status $status"
    done
    for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        grep -q "^$section\$" "$work/page.txt" || echo "section $section"
    done
}

case $case_name in
lint)
    # "referenced manual not found" depends on which other manuals this
    # machine has installed, and so do mandoc.db notices; nothing else may appear
    mandoc -T lint -W style "$page" >"$work/lint" 2>&1 || true
    grep -v -e 'STYLE: referenced manual not found' -e 'mandoc\.db' "$work/lint" >"$work/left" || true
    [ ! -s "$work/left" ] || fail "mandoc -T lint: $(cat "$work/left")"
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >/dev/null 2>"$work/groff"
        [ ! -s "$work/groff" ] || fail "man --warnings: $(cat "$work/groff")"
    fi
    ;;
coverage)
    "$ROSTRUM" --help >"$work/help" || fail "rostrum --help"
    [ "$(grep -c '^ *-' "$work/help")" -gt 20 ] || fail "--help lists too few options to check"
    "$ROSTRUM" --list-formats >"$work/formats" || fail "rostrum --list-formats"
    for kind in input output; do
        grep -q "^$kind [a-z].* \.[a-z0-9]" "$work/formats" ||
            fail "--list-formats lists no $kind extension: $(cat "$work/formats")"
    done
    undocumented "$page" >"$work/missing"
    [ ! -s "$work/missing" ] || fail "rostrum.1 does not document: $(tr '\n' ',' <"$work/missing")"
    # the check finds what is missing: a page without --pitch, -q, the
    # ENVIRONMENT entry of ROSTRUM_DATA_DIR, "rostrum batch", .oga and
    # .markdown fails it
    sed -e '/^\.It Fl -pitch/d' -e 's/^\.It Fl q , /.It /' -e '/^\.It Ev ROSTRUM_DATA_DIR/d' \
        -e '/^\.Cm batch$/d' -e '/^\.Pa \.oga$/d' -e '/^\.Pa \.markdown$/d' "$page" >"$work/cut.1"
    undocumented "$work/cut.1" >"$work/missing"
    for expected in "option --pitch" "option -q" "variable ROSTRUM_DATA_DIR" "command batch" \
        "output extension .oga" "input extension .markdown"; do
        grep -qx "$expected" "$work/missing" || fail "the check did not notice a missing $expected"
    done
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
