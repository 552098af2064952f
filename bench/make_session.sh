#!/bin/sh
# Prints a General Assembly sitting built from the statements of
# ../shared/corpus/ungd-2015 (or $ROSTRUM_CORPUS_DIR/ungd-2015): a session
# title, then for each statement the President's call and the delegate's
# turn, as a verbatim record lays them out. 62 statements (the default)
# make some 112,000 words, twelve and a half hours of speech.
#   bench/make_session.sh [COUNT] > session.txt
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${ROSTRUM_CORPUS_DIR:-$here/../shared/corpus}/ungd-2015
count=${1:-62}
ls "$corpus"/*.txt >/dev/null 2>&1 || { echo "bench/make_session.sh: no statements in $corpus" >&2; exit 1; }
printf '# General Assembly, seventieth session, general debate\n\n'
n=0
for f in "$corpus"/*.txt; do
    [ "$n" -lt "$count" ] || break
    n=$((n + 1))
    code=$(basename "$f" .txt | cut -d_ -f1)
    printf 'The PRESIDENT: I now give the floor to the representative of %s.\n\n' "$code"
    # the delegate's turn opens the first paragraph; blank lines between paragraphs
    awk -v code="$code" 'NF { if (!done) { printf "Mr. Delegate (%s): ", code; done = 1 } print; print "" }' "$f"
done
