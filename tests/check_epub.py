#!/usr/bin/env python3
"""Checks an EPUB that rostrum wrote against the manifest of the same render.

    check_epub.py BOOK.epub MANIFEST.json [--word] [--statements]

The zip (mimetype first, stored, no extra field), every overlay's text
reference against the ids of its content document, every clip against the
manifest's sentence (or word) times within 1 ms, the durations, and the
navigation against the manifest's chapters. Prints what it checked; exits 1
with the first failures.
"""
import json
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "smil": "http://www.w3.org/ns/SMIL",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "ocf": "urn:oasis:names:tc:opendocument:xmlns:container",
    "epub": "http://www.idpf.org/2007/ops",
}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def clock_ms(value):
    """A SMIL clock value (H:MM:SS.mmm, MM:SS.mmm or 12.345s) in ms."""
    m = re.fullmatch(r"(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", value)
    if m:
        hours = int(m.group(1) or 0)
        return round((hours * 3600 + int(m.group(2)) * 60 + float(m.group(3))) * 1000)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)s", value)
    if m:
        return round(float(m.group(1)) * 1000)
    raise ValueError("not a clock value: " + value)


def main():
    book_path, manifest_path = sys.argv[1], sys.argv[2]
    word_level = "--word" in sys.argv[3:]
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    book = zipfile.ZipFile(book_path)
    infos = book.infolist()

    # the container: what reading systems look for at fixed offsets
    first = infos[0]
    check(first.filename == "mimetype", "the first entry is %s, not mimetype" % first.filename)
    check(first.compress_type == zipfile.ZIP_STORED, "mimetype is compressed")
    check(first.extra == b"", "mimetype has an extra field")
    check(book.read("mimetype") == b"application/epub+zip", "mimetype holds %r" % book.read("mimetype"))
    container = ET.fromstring(book.read("META-INF/container.xml"))
    opf_path = container.find(".//ocf:rootfile", NS).get("full-path")
    opf = ET.fromstring(book.read(opf_path))
    base = posixpath.dirname(opf_path)
    items = {i.get("id"): i for i in opf.find("opf:manifest", NS)}

    def href(item):
        return posixpath.normpath(posixpath.join(base, item.get("href")))

    metas = {}
    for m in opf.find("opf:metadata", NS).findall("opf:meta", NS):
        if m.get("property"):
            metas.setdefault((m.get("property"), m.get("refines")), []).append(m.text)
    for prop in ("dcterms:modified", "media:duration", "media:active-class"):
        check((prop, None) in metas, "no " + prop)
    for mode in ("textual", "auditory"):
        check(mode in metas.get(("schema:accessMode", None), []), "no schema:accessMode " + mode)
    check("synchronizedAudioText" in metas.get(("schema:accessibilityFeature", None), []),
          "no schema:accessibilityFeature synchronizedAudioText")
    for prop in ("schema:accessModeSufficient", "schema:accessibilityHazard", "schema:accessibilitySummary"):
        check((prop, None) in metas, "no " + prop)
    identifier = opf.find("opf:metadata/dc:identifier", NS)
    check(identifier is not None and identifier.text, "no dc:identifier")

    # every overlay: its text references and its clips
    ids_of = {}

    def ids(path):
        if path not in ids_of:
            doc = ET.fromstring(book.read(path))
            ids_of[path] = {e.get("id") for e in doc.iter() if e.get("id")}
        return ids_of[path]

    spine = [items[r.get("idref")] for r in opf.find("opf:spine", NS)]
    sentences, words = manifest["sentences"], manifest["words"]
    seen_sentences, seen_words = set(), set()
    pars, total_ms = 0, 0
    for item in spine:
        overlay_id = item.get("media-overlay")
        if not overlay_id:
            continue
        smil_path = href(items[overlay_id])
        smil = ET.fromstring(book.read(smil_path))
        overlay_ms = 0
        for par in smil.iter("{%s}par" % NS["smil"]):
            pars += 1
            text = par.find("smil:text", NS).get("src")
            audio = par.find("smil:audio", NS)
            doc, _, fragment = text.partition("#")
            doc_path = posixpath.normpath(posixpath.join(posixpath.dirname(smil_path), doc))
            check(doc_path == href(item), "%s: %s is not the overlay's document" % (smil_path, doc))
            check(fragment in ids(doc_path), "%s: %s has no id %s" % (smil_path, doc, fragment))
            audio_path = posixpath.normpath(posixpath.join(posixpath.dirname(smil_path), audio.get("src")))
            check(audio_path in book.namelist(), "%s: no audio %s" % (smil_path, audio_path))
            begin, end = clock_ms(audio.get("clipBegin")), clock_ms(audio.get("clipEnd"))
            overlay_ms += end - begin
            kind, index = fragment[0], int(fragment[1:])
            if word_level:
                if not check(kind == "w" and index < len(words), "%s: par of %s at word level" % (smil_path, fragment)):
                    continue
                seen_words.add(index)
                check(abs(begin - words[index]["start_ms"]) <= 1,
                      "%s: word %d starts at %d ms, the manifest says %d" % (smil_path, index, begin, words[index]["start_ms"]))
                # a written word read as several ends with the last of them
                ends = [w["end_ms"] for w in words[index:index + 8]]
                check(any(abs(end - e) <= 1 for e in ends),
                      "%s: word %d ends at %d ms, the manifest says %s" % (smil_path, index, end, ends[:3]))
            else:
                if not check(kind == "s" and index < len(sentences), "%s: par of %s at sentence level" % (smil_path, fragment)):
                    continue
                seen_sentences.add(index)
                s = sentences[index]
                check(abs(begin - s["start_ms"]) <= 1 and abs(end - s["end_ms"]) <= 1,
                      "%s: sentence %d is [%d, %d] ms, the manifest says [%d, %d]"
                      % (smil_path, index, begin, end, s["start_ms"], s["end_ms"]))
        duration = metas.get(("media:duration", "#" + overlay_id), [None])[0]
        if check(duration is not None, "no media:duration of " + overlay_id):
            check(abs(clock_ms(duration) - overlay_ms) <= 1,
                  "%s lasts %s, its clips %d ms" % (overlay_id, duration, overlay_ms))
        total_ms += clock_ms(duration) if duration else 0
    if ("media:duration", None) in metas:
        check(abs(clock_ms(metas[("media:duration", None)][0]) - total_ms) <= 1,
              "the book lasts %s, its overlays %d ms" % (metas[("media:duration", None)][0], total_ms))

    if word_level:
        # every word of the manifest has its par, but those read from the
        # written word before it ("10.05": three words)
        for j, w in enumerate(words):
            if j in seen_words:
                continue
            earlier = [v["source"][1] for v in words[max(0, j - 8):j] if v["paragraph"] == w["paragraph"]]
            check(earlier and w["source"][0] < max(earlier), "word %d (%r) has no par" % (j, w["text"]))
    else:
        check(seen_sentences == set(range(len(sentences))),
              "sentences without a par: %s" % sorted(set(range(len(sentences))) - seen_sentences)[:10])

    # the navigation: the audio's chapters, each a link that resolves
    nav_item = [i for i in items.values() if "nav" in (i.get("properties") or "").split()][0]
    nav = ET.fromstring(book.read(href(nav_item)))
    toc = [n for n in nav.iter("{%s}nav" % NS["xhtml"]) if n.get("{%s}type" % NS["epub"]) == "toc"][0]
    links = toc.findall(".//xhtml:a", NS)
    chapters = [c for c in manifest["chapters"] if "paragraph" in c]
    check(len(links) == max(1, len(chapters)), "%d links in the navigation, %d chapters" % (len(links), len(chapters)))
    for a, c in zip(links, chapters):
        check("".join(a.itertext()) == c["name"], "navigation names %r, the chapter %r" % ("".join(a.itertext()), c["name"]))
        doc, _, fragment = a.get("href").partition("#")
        doc_path = posixpath.normpath(posixpath.join(posixpath.dirname(href(nav_item)), doc))
        check(fragment in ids(doc_path), "navigation: %s has no id %s" % (doc, fragment))

    if "--statements" in sys.argv[3:]:
        statements = len(manifest["statements"])
        check(len(spine) == statements, "%d content documents for %d statements" % (len(spine), statements))

    print("epub: %d content documents, %d pars, %d ms, %d chapters" % (len(spine), pars, total_ms, len(links)))
    if failures:
        for f in failures[:20]:
            print("FAIL: " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
