#!/bin/sh
# End-to-end checks of transcripts and statements in many languages: turns,
# chapters, voices and the languages the manifest gives, found without --lang.
#   languages.sh CASE   with ROSTRUM, PROBE and SOURCE_DIR in the environment
# Exit 0 pass, 1 fail, 77 skipped (the shared corpus is missing). Renders are
# fast (WAV at the fastest rate, or Opus at complexity 0): the readers, turns
# and voices are what is tried here, the encoders elsewhere.
set -eu

case_name=$1
. "$(dirname "$0")/common.sh"

# get FILE EXPR: a Python expression over the manifest m, printed
get() {
    python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# fast_render INPUT [rostrum options...]: WAV at 450 words a minute with a
# manifest (work/out.json) and WebVTT captions (work/out.vtt)
fast_render() {
    input=$1
    shift
    "$ROSTRUM" render "$input" -o "$work/out.wav" --manifest "$work/out.json" --captions vtt --rate 450 --quiet "$@" ||
        fail "render of $input failed"
    [ -s "$work/out.wav" ] || fail "no audio for $input"
}

# the speakers of the statements, "-" for the record's, one per line
speakers() {
    get "$work/out.json" '"\n".join(s["speaker"] or "-" for s in m["statements"])'
}

corpus=${ROSTRUM_CORPUS_DIR:-$SOURCE_DIR/../shared/corpus}

case $case_name in
ukrainian)
    # a committee stenogram: the chair's ГОЛОВА., members named by surname
    # and initials with their office, applause, and the record's closing line
    fast_render "$samples/uk_stenogram.txt"
    expected="-
Голова
Коваленко І.Б.
Голова
Мельничук О.Д.
Голова
-"
    [ "$(speakers)" = "$expected" ] || fail "speakers: $(speakers)"
    [ "$(get "$work/out.json" 'm["language"]')" = uk ] || fail "document language"
    [ "$(get "$work/out.json" 'm["language_found"]')" = True ] || fail "uk was given, not found"
    [ "$(get "$work/out.json" 'sorted(set(s["voice"] for s in m["statements"]))')" = "['uk-statement']" ] ||
        fail "voices: $(get "$work/out.json" '[s["voice"] for s in m["statements"]]')"
    [ "$(get "$work/out.json" 'sorted(set(p["language"] for p in m["paragraphs"] if p["kind"] == "paragraph"))')" = \
        "['uk']" ] || fail "paragraph languages"
    [ "$(manifest_chapters "$work/out.json")" -eq 7 ] || fail "chapters: $(manifest_chapters "$work/out.json")"
    [ "$(get "$work/out.json" 'm["chapters"][6]["name"]')" = "Засідання закривається о…" ] ||
        fail "the record's closing line has no chapter of its own"
    # the office is not spoken, the applause neither; the announcement is
    "$ROSTRUM" text "$samples/uk_stenogram.txt" >"$work/text" || fail "text"
    if grep -n 'Оплески\|виборчий округ\|секретар Комітету (' "$work/text"; then fail "a label's office or a direction spoken"; fi
    grep -qx 'Мельничук О.Д.' "$work/text" || fail "no announcement of the member"
    # the captions name every speaker; the record's line has no voice tag
    grep -q '^<v Коваленко І.Б.>Шановний пане голово' "$work/out.vtt" || fail "captions: no voice tag for the member"
    last_cue=$(awk 'BEGIN { RS = "" } { cue = $0 } END { print cue }' "$work/out.vtt")
    case $last_cue in
    *"<v "*) fail "the record's closing line has a voice tag: $last_cue" ;;
    *"Засідання закривається"*) ;;
    *) fail "last cue: $last_cue" ;;
    esac
    ;;
record)
    # the record's lines after a statement are not the last speaker's
    printf '%s\n\n' "The meeting was called to order at 10.05 a.m." \
        "The PRESIDENT: I call the meeting to order and give the floor to the representative of Veloria." \
        "Ms. Marwick (Veloria): Madam President, we support the proposal and thank the Bureau." \
        "The meeting was suspended at 11.10 a.m. and resumed at 11.25 a.m." \
        "The PRESIDENT: We resume our work. I give the floor to the representative of Senegal." \
        "M. Diallo (Sénégal) : Madame la Présidente, ma délégation partage pleinement l'analyse présentée par la Présidente." \
        "The meeting rose at 1.05 p.m." >"$work/record.md"
    fast_render "$work/record.md"
    expected="-
The President
Ms. Marwick (Veloria)
-
The President
M. Diallo (Sénégal)
-"
    [ "$(speakers)" = "$expected" ] || fail "speakers: $(speakers)"
    # the record speaks in the document's voice, after a French statement too
    [ "$(get "$work/out.json" '[s["voice"] for s in m["statements"]]')" = \
        "['en-statement', 'en-statement', 'en-statement', 'en-statement', 'en-statement', 'fr-statement', 'en-statement']" ] ||
        fail "voices: $(get "$work/out.json" '[s["voice"] for s in m["statements"]]')"
    [ "$(manifest_chapters "$work/out.json")" -eq 7 ] || fail "chapters: $(manifest_chapters "$work/out.json")"
    grep -q '^The meeting rose at 1.05 p.m.$' "$work/out.vtt" || fail "the closing line's cue has a voice tag"
    if grep -q '<v [^>]*>.*meeting rose' "$work/out.vtt"; then fail "the closing line is a speaker's"; fi
    # the French line of the record after a French statement is the record's
    printf '%s\n\n' "Le PRÉSIDENT : Je donne maintenant la parole au représentant du Sénégal, qui s'exprimera sur la coopération des États avec la Cour." \
        "M. Diallo (Sénégal) : Monsieur le Président, ma délégation remercie le Bureau de son travail et partage pleinement l'analyse qui vient d'être présentée." \
        "La séance est levée à 13 h 5." >"$work/seance.md"
    fast_render "$work/seance.md"
    [ "$(get "$work/out.json" 'm["statements"][-1]["speaker"]')" = None ] || fail "La séance est levée: a speaker's"
    [ "$(get "$work/out.json" 'm["statements"][-1]["voice"]')" = fr-statement ] || fail "the French record's voice"
    ;;
batch)
    # ten languages in one folder, not one --lang: every output in its
    # language's voice, its LANGUAGE tag and manifest saying so
    batch_out=$work/out
    # complexity 5: half the encoding of the default, as the outputs are
    # checked for their languages and voices, not their sound
    "$ROSTRUM" batch "$samples/languages" -o "$batch_out" --manifest --complexity 5 -q ||
        fail "batch of samples/languages failed"
    count=0
    for input in "$samples"/languages/*; do
        name=$(basename "$input")
        name=${name%.*}
        lang=${name%%_*}
        json=$batch_out/$name.json
        [ -f "$json" ] || fail "$name: no manifest"
        [ "$(get "$json" 'm["language"]')" = "$lang" ] || fail "$name: language $(get "$json" 'm["language"]')"
        [ "$(get "$json" 'm["language_found"]')" = True ] || fail "$name: language not found but given"
        [ "$(get "$json" 'm["voice"]')" = "$lang-statement" ] || fail "$name: voice $(get "$json" 'm["voice"]')"
        [ "$(get "$json" 'sorted(set(p["language"] for p in m["paragraphs"]))')" = "['$lang']" ] ||
            fail "$name: paragraphs in $(get "$json" '[p["language"] for p in m["paragraphs"]]')"
        "$PROBE" "$batch_out/$name.opus" --tag "LANGUAGE=$lang" || fail "$name: LANGUAGE tag"
        count=$((count + 1))
    done
    [ "$count" -eq 10 ] || fail "$count statements in samples/languages, wanted 10"
    no_leftovers "$work"
    ;;
mixed)
    # a transcript in English with one statement in French, nothing labelled
    printf '%s\n\n' \
        "The PRESIDENT: Good morning. I call the meeting to order and give the floor to the representative of Veloria." \
        "Ms. Marwick (Veloria): Madam President, my delegation thanks you for guiding our work. Cooperation with the Court remains the condition of its success." \
        "The PRESIDENT: I thank the representative of Veloria. I now give the floor to the representative of Senegal." \
        "M. Diallo (Sénégal) : Madame la Présidente, je vous remercie de me donner la parole. Ma délégation partage pleinement l'analyse qui vient d'être présentée, et les victimes attendent depuis trop longtemps." \
        "The PRESIDENT: I thank the representative of Senegal for his statement. The next speaker is the representative of Norvania." \
        "Mr. Okafor (Norvania): Madam President, we support the proposal of Veloria and pledge our support to the Trust Fund for Victims." \
        >"$work/transcript.md"
    fast_render "$work/transcript.md"
    [ "$(get "$work/out.json" 'm["language"]')" = en ] || fail "document language"
    [ "$(get "$work/out.json" '[(s["language"], s["voice"]) for s in m["statements"]][3]')" = "('fr', 'fr-statement')" ] ||
        fail "the French statement: $(get "$work/out.json" 'm["statements"][3]')"
    [ "$(get "$work/out.json" 'm["statements"][3]["language_found"]')" = True ] || fail "French given, not found"
    [ "$(get "$work/out.json" '[s["language"] for s in m["statements"]].count("en")')" -eq 5 ] ||
        fail "statements: $(get "$work/out.json" '[s["language"] for s in m["statements"]]')"
    # a Spanish paragraph quoted in a Russian statement is read in Spanish
    printf '%s\n\n' \
        "Уважаемый господин Председатель, наша делегация благодарит Вас за созыв этого заседания и за внимание к вопросам сотрудничества с Судом." \
        "Позвольте мне процитировать слова нашего коллеги, сказанные вчера на заседании группы латиноамериканских государств." \
        "Los Estados de nuestra región reafirman su compromiso con la justicia internacional y con los derechos de las víctimas, que esperan desde hace demasiado tiempo una respuesta clara." \
        "Мы полностью разделяем эту позицию и призываем все государства выполнять свои обязательства без промедления." \
        >"$work/zayavlenie.txt"
    fast_render "$work/zayavlenie.txt"
    [ "$(get "$work/out.json" '[(p["language"], p["language_found"]) for p in m["paragraphs"]]')" = \
        "[('ru', True), ('ru', True), ('es', True), ('ru', True)]" ] ||
        fail "paragraphs: $(get "$work/out.json" '[p["language"] for p in m["paragraphs"]]')"
    [ "$(get "$work/out.json" 'm["voice"]')" = ru-statement ] || fail "document voice"
    # a short English quotation inside a French paragraph keeps the French voice
    printf '%s\n\n' \
        "Madame la Présidente, comme l'a rappelé notre Secrétaire général, « we must never forget the victims of these crimes », et ma délégation fait sienne cette exigence." \
        "Nous appelons donc tous les États à coopérer pleinement avec la Cour et à exécuter les mandats d'arrêt." \
        >"$work/declaration.md"
    fast_render "$work/declaration.md"
    [ "$(get "$work/out.json" '[p["language"] for p in m["paragraphs"]]')" = "['fr', 'fr']" ] ||
        fail "paragraphs: $(get "$work/out.json" '[p["language"] for p in m["paragraphs"]]')"
    [ "$(get "$work/out.json" 'm["voice"]')" = fr-statement ] || fail "the quotation took the voice"
    ;;
corpus_zh)
    # Hong Kong LegCo records (Traditional Chinese, pdfbox text): members'
    # turns 何俊仁議員：, the chair's 主席：, each a chapter, in Chinese voices
    found=0
    for f in "$corpus"/formats/zh-hant_legco_*.txt; do
        [ -f "$f" ] || continue
        found=1
        fast_render "$f"
        statements=$(get "$work/out.json" 'len(m["statements"])')
        speakers=$(get "$work/out.json" 'len([s for s in m["statements"] if s["speaker"]])')
        # (the chair's turns with only a bell or a count between are one)
        [ "$speakers" -ge 4 ] || fail "$f: $speakers speakers"
        [ "$(manifest_chapters "$work/out.json")" -eq "$statements" ] || fail "$f: not a chapter per statement"
        get "$work/out.json" '"\n".join(s["speaker"] or "" for s in m["statements"])' | grep -q '議員$' ||
            fail "$f: no member's turn"
        get "$work/out.json" '"\n".join(s["speaker"] or "" for s in m["statements"])' | grep -q '^主席$' ||
            fail "$f: no chair's turn"
        [ "$(get "$work/out.json" 'm["language"]')" = zh ] || fail "$f: language $(get "$work/out.json" 'm["language"]')"
        [ "$(get "$work/out.json" 'sorted(set(s["voice"] for s in m["statements"]))')" = "['zh-statement']" ] ||
            fail "$f: voices $(get "$work/out.json" 'sorted(set(s["voice"] for s in m["statements"]))')"
        # the speech of a turn is not its label
        if grep -q '^<v 主席>主席：' "$work/out.vtt"; then fail "$f: a label in the captions"; fi
    done
    [ "$found" -eq 1 ] || { echo "skipped: no LegCo records under $corpus/formats" >&2; exit 77; }
    ;;
corpus_records)
    # published records of the shared corpus: the record's closing lines are
    # nobody's in the structured readers too (a ParlaMint TEI sitting), and
    # the Rada's stenogram page keeps its first turn, the chair's
    gb=$corpus/formats/en_parlamint-gb_2022-07-21_commons_SAMPLE.tei.xml
    rada=$corpus/../eval/corpus/uk_parlamintua_2002-10-08_rada_plenary_multispeaker_EXCERPT.htm
    [ -f "$gb" ] || { echo "skipped: no corpus at $gb (set ROSTRUM_CORPUS_DIR)" >&2; exit 77; }
    fast_render "$gb" --pause 0 --pause-statement 0
    [ "$(speakers | tail -n 2 | tr '\n' '|')" = "Eleanor Laing|-|" ] || fail "$gb: speakers end $(speakers | tail -n 2)"
    [ "$(get "$work/out.json" '[p["text"] for p in m["paragraphs"] if p["statement"] == len(m["statements"]) - 1]')" = \
        "['Question put and agreed to.']" ] || fail "$gb: the record's statement"
    [ "$(get "$work/out.json" 'm["chapters"][-1]["name"]')" = "Question put and agreed to" ] ||
        fail "$gb: last chapter $(get "$work/out.json" 'm["chapters"][-1]["name"]')"
    grep -q '^Question put and agreed to.$' "$work/out.vtt" || fail "$gb: the record's cue has a voice tag"
    if [ -f "$rada" ]; then
        "$ROSTRUM" text "$rada" >"$work/rada.txt" || fail "text of $rada"
        # the chair's announcement, then the chair's first words
        grep -m1 -A2 '^Голова\.$' "$work/rada.txt" | tail -n 1 | grep -q '^Доброго ранку, шановні' ||
            fail "$rada: the chair's first turn: $(head -n 12 "$work/rada.txt")"
        if grep -q '<pre>\|ГОЛОВА\. Доброго' "$work/rada.txt"; then fail "$rada: read as text, tags and all"; fi
    fi
    ;;
corpus_ru)
    # a Russian statement to the General Assembly (OCR text): Russian found,
    # the Russian voice, a chapter per paragraph, Cyrillic throughout
    f=$corpus/formats/ru_ungd79_2024_BLR_statement_ocr.txt
    [ -f "$f" ] || { echo "skipped: no corpus at $f (set ROSTRUM_CORPUS_DIR)" >&2; exit 77; }
    fast_render "$f"
    [ "$(get "$work/out.json" 'm["language"]')" = ru ] || fail "language"
    [ "$(get "$work/out.json" 'm["voice"]')" = ru-statement ] || fail "voice"
    [ "$(get "$work/out.json" 'len(m["statements"])')" -eq 1 ] || fail "one statement, by one speaker"
    paragraphs=$(get "$work/out.json" 'len([p for p in m["paragraphs"] if p["kind"] == "paragraph"])')
    russian=$(get "$work/out.json" 'len([p for p in m["paragraphs"] if p["language"] == "ru"])')
    [ "$paragraphs" -ge 40 ] || fail "$paragraphs paragraphs"
    # an English word list or a heading may be read in English; the speech is Russian
    [ $((russian * 100)) -ge $((paragraphs * 95)) ] || fail "$russian of $paragraphs paragraphs in Russian"
    [ "$(manifest_chapters "$work/out.json")" -ge "$((paragraphs * 9 / 10))" ] || fail "not a chapter per paragraph"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "$case_name: ok"
