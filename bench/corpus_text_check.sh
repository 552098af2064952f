#!/bin/sh
# Runs `rostrum text` on every file of ../shared/corpus/ and samples/ (each
# under a 20 s timeout) and prints what should never be spoken: markup
# characters, page furniture and stage directions, plus failures and
# timeouts. Then times the reader and normalizer alone over ungd-2015.
#   bench/corpus_text_check.sh [BUILD_DIR]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
corpus=$here/../shared/corpus
export ROSTRUM_DATA_DIR="$here"
files=0 failed=0 timeouts=0 markup=0 furniture=0 directions=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in "$corpus"/statements/* "$corpus"/ungd-2015/*.txt "$here"/samples/*_*.md "$here"/samples/*.txt; do
    [ -f "$f" ] || continue
    files=$((files + 1))
    timeout 20 "$build/rostrum" text "$f" >"$out" 2>/dev/null
    status=$?
    if [ $status -eq 124 ]; then timeouts=$((timeouts + 1)); echo "timeout: $f"; continue; fi
    if [ $status -ne 0 ]; then failed=$((failed + 1)); echo "failed ($status): $f"; continue; fi
    markup=$((markup + $(grep -cE '[#*_`|<>]|\]\(|&[a-z]+;' "$out")))
    furniture=$((furniture + $(grep -cE '[0-9]{2}-[0-9]{5} [0-9]+/[0-9]+|/PV\.[0-9]+ [0-9]{2}/[0-9]{2}/[0-9]{4}' "$out")))
    directions=$((directions + $(grep -ciE '\[(applause|laughter)|\((spoke in|applause|aplausos|rires|vifs applaudissements)' "$out")))
done
echo "rostrum text over $files files: $failed failed, $timeouts timed out"
echo "paragraphs with markup characters: $markup, page furniture: $furniture, stage directions: $directions"
"$build/normalize_corpus" "$corpus"/ungd-2015/*.txt
