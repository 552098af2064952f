"""Checks a podcast feed that rostrum batch --feed wrote, from outside.

    check_feed.py FEED OUTDIR BASE_URL COUNT [GUIDS]

Parses FEED with a real feed parser (feedparser) and checks: no parse
error (bozo 0), COUNT items, each enclosure's URL under BASE_URL naming a
file of OUTDIR whose length and MIME type it gives, a guid, a pubDate and a
duration; its podcast:chapters and podcast:transcript URLs name files that
exist; each chapters file obeys the JSON chapters rules (version "1.2.0",
a "chapters" array, numeric startTime ascending, title strings) and agrees
with ffprobe's chapters of the audio within 20 ms; each transcript is
WebVTT. Prints one line per item, "PATH GUID", and writes the lines to
GUIDS when it is given. Exit 0 pass, 1 fail.
"""
import json
import os
import subprocess
import sys
import urllib.parse

import feedparser

MIME_TYPES = {".opus": "audio/ogg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav",
              ".flac": "audio/flac", ".m4b": "audio/mp4", ".m4a": "audio/mp4", ".mp3": "audio/mpeg"}


def fail(message):
    print("check_feed: " + message, file=sys.stderr)
    sys.exit(1)


def local_path(url, outdir, base):
    """The file of OUTDIR an URL under base names."""
    if not url.startswith(base):
        fail(f"{url} is not under {base}")
    relative = urllib.parse.unquote(url[len(base):])
    if relative.startswith("/") or ".." in relative.split("/"):
        fail(f"{url} leaves the output folder")
    path = os.path.join(outdir, relative)
    if not os.path.isfile(path):
        fail(f"{url}: no file {path}")
    return path


def check_chapters(path, audio):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("version") != "1.2.0":
        fail(f"{path}: version {doc.get('version')!r}, not \"1.2.0\"")
    chapters = doc.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        fail(f"{path}: no chapters array")
    last = -1.0
    for c in chapters:
        start = c.get("startTime")
        if isinstance(start, bool) or not isinstance(start, (int, float)) or start < 0:
            fail(f"{path}: startTime {start!r} is not a number of seconds")
        if start <= last:
            fail(f"{path}: startTime {start} does not ascend")
        last = start
        if not isinstance(c.get("title"), str) or not c["title"]:
            fail(f"{path}: a chapter without a title string")
    probe = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", audio],
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        fail(f"ffprobe {audio}: {probe.stderr.strip()}")
    probed = json.loads(probe.stdout)["chapters"]
    if len(probed) != len(chapters):
        fail(f"{path}: {len(chapters)} chapters, ffprobe lists {len(probed)} in {audio}")
    for mine, theirs in zip(chapters, probed):
        if abs(mine["startTime"] - float(theirs["start_time"])) > 0.020:
            fail(f"{path}: chapter {mine['title']!r} at {mine['startTime']}, ffprobe says {theirs['start_time']}")
        if mine["title"] != theirs.get("tags", {}).get("title"):
            fail(f"{path}: chapter {mine['title']!r}, ffprobe says {theirs.get('tags', {}).get('title')!r}")
    return len(chapters)


def main():
    feed_path, outdir, base, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    guids_path = sys.argv[5] if len(sys.argv) > 5 else None
    feed = feedparser.parse(feed_path)
    if feed.bozo:
        fail(f"{feed_path} does not parse: {feed.bozo_exception}")
    if feed.version != "rss20":
        fail(f"{feed_path}: {feed.version!r}, not RSS 2.0")
    for key in ("title", "link", "description", "language"):
        if not feed.feed.get(key):
            fail(f"{feed_path}: the channel has no {key}")
    if feed.feed.get("link") != base:
        fail(f"{feed_path}: link {feed.feed.get('link')!r}, not {base}")
    if len(feed.entries) != count:
        fail(f"{feed_path}: {len(feed.entries)} items, wanted {count}")
    lines, seen = [], set()
    for entry in feed.entries:
        if len(entry.get("enclosures", [])) != 1:
            fail(f"{entry.get('title')!r}: {len(entry.get('enclosures', []))} enclosures")
        enclosure = entry.enclosures[0]
        audio = local_path(enclosure["href"], outdir, base)
        if int(enclosure["length"]) != os.path.getsize(audio):
            fail(f"{audio}: length {enclosure['length']}, the file has {os.path.getsize(audio)} bytes")
        extension = os.path.splitext(audio)[1].lower()
        if enclosure["type"] != MIME_TYPES.get(extension):
            fail(f"{audio}: type {enclosure['type']}")
        guid = entry.get("id")
        if not guid or entry.get("guidislink") or guid in seen:
            fail(f"{audio}: guid {guid!r} missing, a link, or not unique")
        seen.add(guid)
        if not entry.get("published_parsed"):
            fail(f"{audio}: no pubDate a parser reads ({entry.get('published')!r})")
        if not entry.get("title") or not entry.get("itunes_duration"):
            fail(f"{audio}: no title or itunes:duration")
        chapters = entry.get("podcast_chapters") or {}
        if chapters.get("type") != "application/json+chapters":
            fail(f"{audio}: podcast:chapters {chapters!r}")
        check_chapters(local_path(chapters["url"], outdir, base), audio)
        transcript = entry.get("podcast_transcript") or {}
        if transcript.get("type") != "text/vtt" or transcript.get("rel") != "captions":
            fail(f"{audio}: podcast:transcript {transcript!r}")
        with open(local_path(transcript["url"], outdir, base), encoding="utf-8") as f:
            if not f.readline().startswith("WEBVTT"):
                fail(f"{transcript['url']} is not WebVTT")
        lines.append(f"{os.path.relpath(audio, outdir)} {guid}")
    lines.sort()
    if guids_path:
        with open(guids_path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


main()
