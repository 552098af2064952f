#!/bin/sh
# The listening page in a real browser: renders the session transcript with
# --page into OUTDIR and drives Debian's headless Chromium over it
# (tests/browser_page.py), leaving OUTDIR/page.png to look at.
#   browser.sh OUTDIR   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail; 77 (skipped) only outside CI with ROSTRUM_SKIP_BROWSER=1.
set -eu

case_name=browser
. "$(dirname "$0")/common.sh"
outdir=$1
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    if [ "${ROSTRUM_SKIP_BROWSER:-}" = 1 ] && [ -z "${CI:-}" ]; then
        echo "SKIP: no chromium (ROSTRUM_SKIP_BROWSER=1); scripts/install-deps --test installs it"
        exit 77
    fi
    fail "chromium is not installed: run scripts/install-deps --test (or set ROSTRUM_SKIP_BROWSER=1 outside CI)"
fi
rm -rf "$outdir"
mkdir -p "$outdir"
# a name that is no URL as it stands: the page must percent-encode it for
# the browser to find the audio ("#" would start a fragment)
name=$(printf 'Q&A #2 caf\303\251')
"$ROSTRUM" render "$samples/session_transcript.md" -o "$outdir/$name.opus" --page -q 2>"$work/err" ||
    fail "render with --page"
python3 "$SOURCE_DIR/tests/browser_page.py" "$chromium" "$outdir/$name.html" "$outdir" || fail "the page in Chromium"
[ -s "$outdir/page.png" ] || fail "no screenshot"
