#!/bin/bash
# The bash completion (completions/rostrum), driven as bash drives it: the
# words typed so far in COMP_WORDS, the candidates read from COMPREPLY.
#   ROSTRUM=build/rostrum SOURCE_DIR=. bash tests/completion.sh
set -eu
: "${ROSTRUM:?}" "${SOURCE_DIR:?}"
export ROSTRUM_DATA_DIR=$SOURCE_DIR
case_name=completion
# shellcheck source=scratch.sh
. "$(dirname "$0")/scratch.sh"

# shellcheck source=../completions/rostrum
. "$SOURCE_DIR/completions/rostrum"
complete -p rostrum | grep -q -- "-F _rostrum" || fail "no completion registered for rostrum"

# complete_words WORD...: the candidates for the last word, sorted, one a line
complete_words() {
    COMP_WORDS=("$ROSTRUM" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _rostrum 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}

# expect "WORDS" "CANDIDATES": exactly these candidates, in any order; a
# trailing space in WORDS completes an empty word
expect() {
    local got want words
    read -r -a words <<<"$1"
    [[ $1 == *" " ]] && words+=("")
    got=$(complete_words "${words[@]}" | tr '\n' ' ')
    # shellcheck disable=SC2086
    want=$(printf '%s\n' $2 | sed '/^$/d' | sort | tr '\n' ' ')
    [[ $got == "$want" ]] || fail "rostrum $1<TAB>: got \"$got\", want \"$want\""
}

expect " " "batch help render text voices"
expect "re" "render"
expect "render --chapters " "heading none paragraph statement"
expect "batch --chapters p" "paragraph"
expect "render --chapters = st" "statement"
expect "text --paragraphs " "auto blank line"
expect "render --announce " "name none"
expect "render --voices a" "alternate"
expect "render --cha" "--chapters --chapters-json --chapters-vtt"
expect "batch --fee" "--feed --feed-description --feed-title"
expect "render --pause" "--pause --pause-statement"
expect "render --rate " ""
# presets and espeak-ng voices from "rostrum voices"
expect "render --voice en-statement" "en-statement en-statement-f"
complete_words render -v gmw/e | grep -qx "gmw/en" || fail "espeak-ng voices are not offered for -v"
complete_words render --lang f | grep -qx "fr" || fail "languages are not offered for --lang"

# every option of --help, offered after "--" (so new options complete too)
"$ROSTRUM" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u >"$work/help"
[[ $(wc -l <"$work/help") -gt 20 ]] || fail "--help lists too few options"
complete_words render -- | sort -u >"$work/offered"
cmp -s "$work/help" "$work/offered" || fail "options offered differ from --help: $(diff "$work/help" "$work/offered" | tr '\n' ' ')"

# files: statements and folders as inputs, any file for --lexicon, folders for batch -o
mkdir -p "$work/in/sub"
touch "$work/in/a.md" "$work/in/b.txt" "$work/in/c.markdown" "$work/in/d.opus" "$work/in/x.lexicon"
cd "$work/in"
expect "render " "a.md b.txt c.markdown sub"
expect "text s" "sub"
expect "render --lexicon x" "x.lexicon"
expect "render -o d" "d.opus"
expect "batch -o " "sub"
expect "voices " ""

# formats: a file of every extension "rostrum --list-formats" gives an
# input is offered as an input, one of an output's is not; -o offers both
"$ROSTRUM" --list-formats >"$work/formats" || fail "rostrum --list-formats"
# (several readers take .xml: each extension once)
mapfile -t inputs < <(awk '$1 == "input" { for (i = 5; i <= NF; i++) print $i }' "$work/formats" | sort -u)
mapfile -t outputs < <(awk '$1 == "output" { for (i = 5; i <= NF; i++) print $i }' "$work/formats")
[[ ${#inputs[@]} -ge 2 && ${#outputs[@]} -ge 2 ]] || fail "--list-formats lists too few extensions: $(cat "$work/formats")"
mkdir "$work/formats.d"
cd "$work/formats.d"
for extension in "${inputs[@]}" "${outputs[@]}"; do
    touch "f$extension"
done
expect "render " "$(printf 'f%s ' "${inputs[@]}")"
expect "batch f" "$(printf 'f%s ' "${inputs[@]}")"
expect "render -o f" "$(printf 'f%s ' "${inputs[@]}" "${outputs[@]}")"
