#!/usr/bin/env python3
"""Checks the caption sidecars of one render against what the formats
require and against each other (standard library only).

  check_captions.py STEM SOURCE [--voices] [--onsets FILE]

STEM is the output without its extension (STEM.vtt, STEM.srt,
STEM.chapters.vtt, STEM.json must exist); SOURCE the input it was rendered
from. --voices: every cue must carry a voice tag. --onsets FILE: writes the
times (ms) where a cue starts after a pause (a sentence's start, or a cue
after a clause mark) for rostrum-probe --onsets. Exit 0 if all is well,
1 with one line per problem."""
import json
import re
import sys

problems = []
TIME = r"(\d{2,}):([0-5]\d):([0-5]\d)[.,](\d{3})"


def problem(text):
    problems.append(text)


def ms(match_groups):
    h, m, s, f = (int(x) for x in match_groups)
    return ((h * 60 + m) * 60 + s) * 1000 + f


def parse_vtt(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("WEBVTT\n"):
        problem(f"{path}: does not start with the WEBVTT header")
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip("\n").split("\n")
        if not lines or not lines[0]:
            continue
        timing = next((i for i, l in enumerate(lines) if "-->" in l), None)
        if timing is None:
            problem(f"{path}: a block without a timing line: {block!r}")
            continue
        m = re.fullmatch(TIME.replace("[.,]", r"\.") + " --> " + TIME.replace("[.,]", r"\."), lines[timing])
        if not m:
            problem(f"{path}: bad timing line {lines[timing]!r}")
            continue
        payload = lines[timing + 1:]
        for l in payload:
            if "-->" in l:
                problem(f"{path}: '-->' in cue text {l!r}")
            if re.search(r"&(?!amp;|lt;|gt;)", l):
                problem(f"{path}: unescaped & in {l!r}")
            if re.search(r"<(?!v [^<>]+>)", l):
                problem(f"{path}: a '<' that opens no voice tag in {l!r}")
        cues.append((ms(m.groups()[:4]), ms(m.groups()[4:]), payload))
    return cues


def parse_srt(path):
    text = open(path, encoding="utf-8").read()
    cues = []
    for n, block in enumerate(text.strip("\n").split("\n\n"), 1):
        lines = block.split("\n")
        if lines[0] != str(n):
            problem(f"{path}: cue {n} is numbered {lines[0]!r}")
        m = re.fullmatch(TIME.replace("[.,]", ",") + " --> " + TIME.replace("[.,]", ","), lines[1])
        if not m:
            problem(f"{path}: bad timing line {lines[1]!r}")
            continue
        cues.append((ms(m.groups()[:4]), ms(m.groups()[4:]), lines[2:]))
    return cues


def strip_voice(line):
    return re.sub(r"^<v [^>]*>", "", line)


def main():
    args = sys.argv[1:]
    stem, source = args[0], args[1]
    voices = "--voices" in args
    onsets = args[args.index("--onsets") + 1] if "--onsets" in args else None
    vtt = parse_vtt(stem + ".vtt")
    srt = parse_srt(stem + ".srt")
    chapters = parse_vtt(stem + ".chapters.vtt")
    manifest = json.load(open(stem + ".json", encoding="utf-8"))
    source_bytes = open(source, "rb").read()
    source_text = source_bytes.decode("utf-8")
    if not vtt:
        problem("no cues")
    # cues: in order, each ends after it starts and no later than the next starts
    for i, (start, end, payload) in enumerate(vtt):
        if end <= start:
            problem(f"cue {i + 1} ends at {end} ms, not after its start {start} ms")
        if i + 1 < len(vtt) and end > vtt[i + 1][0]:
            problem(f"cue {i + 1} ends at {end} ms, after cue {i + 2} starts ({vtt[i + 1][0]} ms)")
        if not 1 <= len(payload) <= 3:
            problem(f"cue {i + 1} has {len(payload)} lines")
        for line in payload:
            shown = strip_voice(line).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            if len(shown) > 42 and " " in shown:
                problem(f"cue {i + 1}: a line of {len(shown)} characters: {shown!r}")
        if voices and not payload[0].startswith("<v "):
            problem(f"cue {i + 1} has no voice tag: {payload[0]!r}")
        if len(payload) > 2:
            problem(f"cue {i + 1} is longer than two lines")
    # SubRip: the same cues, text without voice tags or escapes
    if [(s, e) for s, e, _ in srt] != [(s, e) for s, e, _ in vtt]:
        problem("the SubRip and WebVTT cue times differ")
    for (_, _, a), (_, _, b) in zip(vtt, srt):
        plain = [strip_voice(l).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for l in a]
        if plain != b:
            problem(f"SubRip text {b!r} is not WebVTT's {plain!r}")
    # chapters: those of the Ogg tags (the manifest lists them), back to back
    want = [(c["start_ms"], c["name"]) for c in manifest["chapters"]]
    got = [(s, "\n".join(p).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) for s, _, p in chapters]
    if want != got:
        problem(f"chapters.vtt {got} is not the chapters {want}")
    for i in range(len(chapters) - 1):
        if chapters[i][1] != chapters[i + 1][0]:
            problem(f"chapter {i + 1} does not end where chapter {i + 2} starts")
    if chapters and chapters[-1][1] != manifest["duration_ms"]:
        problem(f"the last chapter ends at {chapters[-1][1]} ms, the audio at {manifest['duration_ms']} ms")
    # the manifest: sentences and words point at their text in the source
    sentences, words = manifest["sentences"], manifest["words"]
    if not sentences or not words:
        problem("the manifest has no sentences or words")
    for w in words:
        a, b = w["source"]
        written = source_bytes[a:b].decode("utf-8")
        if re.sub(r"[*_`]", "", written) != w["text"]:
            problem(f"word {w['text']!r} is {written!r} in the source at bytes {a}-{b}")
        c, d = w["chars"]
        if source_text[c:d] != written:
            problem(f"word {w['text']!r} is {source_text[c:d]!r} at characters {c}-{d}, not {written!r}")
        if source_bytes[:a].count(b"\n") + 1 != w["line"]:
            problem(f"word {w['text']!r} is not on line {w['line']}")
        if w["end_ms"] < w["start_ms"]:
            problem(f"word {w['text']!r} ends before it starts")
    cue_starts = {s for s, _, _ in vtt}
    for s in sentences:
        if s["start_ms"] not in cue_starts:
            problem(f"sentence at {s['start_ms']} ms starts no cue")
        a, b = s["source"]
        if source_text[s["chars"][0]:s["chars"][1]] != source_bytes[a:b].decode("utf-8"):
            problem(f"sentence {s['text']!r}: its characters and its bytes are not the same text")
        first = words[s["words"][0]]
        if not (a <= first["source"][0] < b):
            problem(f"sentence {s['text']!r} does not hold its first word")
    if onsets:
        times = {s["start_ms"] for s in sentences}
        for i in range(1, len(vtt)):
            last = strip_voice(vtt[i - 1][2][-1]).rstrip()
            if last and last[-1] in ",;:\u2014\u2013":
                times.add(vtt[i][0])
        with open(onsets, "w") as f:
            f.write("\n".join(str(t) for t in sorted(times)) + "\n")
        print(f"check_captions: {len(times)} cue starts after a pause of {len(vtt)} cues")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
