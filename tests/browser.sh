#!/bin/sh
# The listening page in a real browser: renders the session transcript with
# --page into OUTDIR (Ogg Opus; MP3 and M4B in OUTDIR/mp3 and OUTDIR/m4b)
# and drives Debian's headless Chromium over each (tests/browser_page.py),
# leaving page.png beside each page to look at.
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
# the same page plays MP3 and M4B (AAC), each in a folder of its own since
# the page is named after the audio's stem
for f in mp3 m4b; do
    mkdir -p "$outdir/$f"
    "$ROSTRUM" render "$samples/session_transcript.md" -o "$outdir/$f/$name.$f" --page -q 2>"$work/err" ||
        fail "render .$f with --page"
    python3 "$SOURCE_DIR/tests/browser_page.py" "$chromium" "$outdir/$f/$name.html" "$outdir/$f" ||
        fail "the page of the .$f in Chromium"
    [ -s "$outdir/$f/page.png" ] || fail "no screenshot of the .$f page"
done
