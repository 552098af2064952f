/* Unit tests of the JSON manifest: its strings, and a whole manifest of a
 * small transcript read back by a strict parser (json.h), value by value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"
#include "check.h"
#include "fake_words.h"
#include "json.h"

static void test_manifest_json(void)
{
    rs_buf b = {0};
    rs__json_string(&b, "quote \" backslash \\ newline \n tab \t ctl \x01 é");
    CHECK_STR(b.data, "\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 é\"");
    rs__buf_free(&b);
}

/* The checker itself: what the manifest test relies on it to refuse. */
static void test_json_checker(void)
{
    static const char *const good[] = {
        "{}", " [ ] ", "0", "-0", "\"\"", "null",
        "{\"a\": [1, -0.5, 2e10, 1E-2, 0.25e+3, true, false, null, {\"b\": []}]}",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83c\\udfa4 caf\xC3\xA9 \xF0\x9F\x8E\xA4 \x7F\"",
    };
    static const char *const bad[] = {
        "", " ", "{", "}", "[1,]", "{\"a\": 1,}", "[1 2]", "[,1]", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}",
        "{a: 1}", "{'a': 1}", "{1: 2}", "{\"a\": 1, \"a\": 2}", "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[+1]",
        "[0x10]", "[NaN]", "[Infinity]", "[tru]", "[nul]", "[True]", "\"abc", "[\"\\x\"]", "[\"\\u12\"]",
        "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"a\tb\"]", "[\"a\nb\"]", "[\"\x01\"]",
        "[\"\x1F\"]", "[\"\xC3\"]", "[\"\xC0\x80\"]", "[\"\xED\xA0\x80\"]", "[\"\xF4\x90\x80\x80\"]", "[\"\xFF\"]",
        "{\"a\": 1}{}", "[1] x", "[1]\f", "1 2",
    };
    size_t i;
    char error[160];
    json_value v;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = json_parse(good[i], strlen(good[i]), &v, error, sizeof error);
        if (rc != 0)
            fprintf(stderr, "refused good JSON %s: %s\n", good[i], error);
        CHECK(rc == 0);
        json_free(&v);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = json_parse(bad[i], strlen(bad[i]), &v, error, sizeof error);
        if (rc == 0)
            fprintf(stderr, "took bad JSON: %s\n", bad[i]);
        CHECK(rc == -1);
        json_free(&v);
    }
    /* a NUL byte inside the text is not white space */
    CHECK(json_parse("[1]\0", 4, &v, error, sizeof error) == -1);
    /* nesting has a limit, not a stack overflow */
    {
        char deep[2 * (JSON_MAX_DEPTH + 1) + 1];
        memset(deep, '[', JSON_MAX_DEPTH + 1);
        memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
        CHECK(json_parse(deep + 1, 2 * JSON_MAX_DEPTH, &v, error, sizeof error) == 0);
        json_free(&v);
        CHECK(json_parse(deep, 2 * (JSON_MAX_DEPTH + 1), &v, error, sizeof error) == -1);
    }
    /* values, decoded, by path */
    CHECK(json_parse(good[6], strlen(good[6]), &v, error, sizeof error) == 0);
    CHECK(json_at(&v, "a") && json_at(&v, "a")->count == 9);
    CHECK(json_at(&v, "a[1]") && json_at(&v, "a[1]")->number == -0.5);
    CHECK(json_at(&v, "a[2]") && json_at(&v, "a[2]")->number == 2e10);
    CHECK_STR(json_at(&v, "a[4]") ? json_at(&v, "a[4]")->string : NULL, "0.25e+3");
    CHECK(json_at(&v, "a[5]") && json_at(&v, "a[5]")->type == JSON_TRUE);
    CHECK(json_at(&v, "a[7]") && json_at(&v, "a[7]")->type == JSON_NULL);
    CHECK(json_at(&v, "a[8].b") && json_at(&v, "a[8].b")->type == JSON_ARRAY);
    CHECK(json_at(&v, "a[9]") == NULL && json_at(&v, "b") == NULL && json_at(&v, "a.b") == NULL);
    json_free(&v);
    CHECK(json_parse(good[7], strlen(good[7]), &v, error, sizeof error) == 0);
    CHECK_STR(v.string, "\" \\ / \b \f \n \r \t \xC3\xA9 \xF0\x9F\x8E\xA4 caf\xC3\xA9 \xF0\x9F\x8E\xA4 \x7F");
    json_free(&v);
    CHECK(json_parse("\"a\\u0000b\"", 10, &v, error, sizeof error) == 0);
    CHECK(v.length == 3 && memcmp(v.string, "a\0b", 3) == 0);
    json_free(&v);
}

#define RATE 22050
/* Every time of the fixture is a multiple of 20 ms, a whole number of
 * samples, so the manifest's milliseconds are exact. */
#define MS(ms) ((uint64_t)(ms) * RATE / 1000)

static const char transcript[] =
    "---\ntitle: Front matter\nlanguage: en\n---\n\n"
    "## Opening of the \"session\"\n\n"
    "The PRESIDENT: I call the meeting to order. The caf\xC3\xA9 is open.\n\n"
    "Mr L G LEVER: Thank you, Madam President.\nWe paid $5 million on \"day one\".\n\n"
    "## D\xC3\xA9" "claration {lang=fr}\n\n"
    "M. Dupont : Je vous remercie.\n";

/* A title that needs every kind of escape: quotes, a backslash, control
 * characters with and without a short form, and UTF-8 of 2, 3 and 4 bytes
 * (and DEL, which JSON leaves as it is). */
static const char exotic_title[] =
    "Q&A: \"quoted\" \\ back\tslash\x01\x1F\r\n caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\xA4 \x7F end";

/* What a render hands the manifest, made without audio: the transcript
 * read and planned as render.c does, each segment given times (speech
 * after a two-second intro, a word every 300 ms) and captioned from its
 * words as render.c's build_captions does, an outro, two seams. */
typedef struct fixture {
    rs_document doc;
    rs_plan plan;
    rs_voice_slot slots[2];
    size_t statement_voice[3];
    rs_cast cast;
    rs_captions captions;
    rs_media media;
    uint64_t seams[2];
    rs_manifest_info info;
} fixture;

static int fixture_words(fixture *f, size_t index, uint64_t start_ms, uint64_t *end_ms)
{
    rs_segment *seg = &f->plan.segments[index];
    const rs_block *block = &f->doc.blocks[seg->block];
    const rs_norm_context *ctx = &f->slots[seg->voice].context;
    rs_spoken_word words[64];
    rs_caption_paragraph p;
    rs_span *map = NULL;
    char *spoken = rs__normalize_mapped(block->text, ctx, NULL, &map);
    size_t n;
    int rc;
    if (!spoken)
        return ROSTRUM_ENOMEM;
    CHECK_STR(spoken, seg->text);
    n = fake_words(spoken, words, 64, MS(start_ms + 100), MS(300));
    *end_ms = start_ms + 100 + 300 * n + 200;
    memset(&p, 0, sizeof p);
    p.paragraph = index;
    p.source = block->text;
    p.spoken = spoken;
    p.map = map;
    p.words = words;
    p.word_count = n;
    p.end_sample = MS(*end_ms);
    p.voice = f->doc.statements[seg->statement].speaker;
    p.display = ctx;
    rc = rs__captions_add_paragraph(&f->captions, &p);
    seg->word_count = n;
    rs__free(spoken);
    rs__free(map);
    return rc;
}

static int fixture_build(fixture *f)
{
    const rs_norm_context *contexts[3];
    rs_plan_options po = {ROSTRUM_CHAPTERS_AUTO, 1000, 0, 1};
    char err[RS__ERRMSG_SIZE];
    uint64_t at_ms = 2000, end_ms = 0;
    size_t i;
    int rc;
    memset(f, 0, sizeof *f);
    f->slots[0].language = "en";
    f->slots[0].label = "en \"plenary\"";
    f->slots[0].context = (rs_norm_context){"en", NULL, 0, 0};
    f->slots[1].language = "fr";
    f->slots[1].label = "fr-statement";
    f->slots[1].context = (rs_norm_context){"fr", NULL, 0, 0};
    f->cast.slots = f->slots;
    f->cast.count = 2;
    f->cast.statement_voice = f->statement_voice;
    rc = rs__read(&f->doc, "t.md", transcript, sizeof transcript - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    CHECK(rc == 0 && f->doc.statement_count == 3);
    if (rc != 0 || f->doc.statement_count != 3)
        return -1;
    f->doc.statements[1].lang = "en"; /* as if found by identification */
    f->doc.statements[1].lang_found = 1;
    for (i = 0; i < 3; i++) {
        f->statement_voice[i] = f->doc.statements[i].lang && strcmp(f->doc.statements[i].lang, "fr") == 0;
        contexts[i] = &f->slots[f->statement_voice[i]].context;
    }
    rc = rs__plan_build(&f->plan, &f->doc, NULL, contexts, &po);
    CHECK(rc == 0 && f->plan.count == 8);
    if (rc != 0 || f->plan.count != 8)
        return -1;
    for (i = 0; rc == 0 && i < f->plan.count; i++) {
        rs_segment *seg = &f->plan.segments[i];
        seg->voice = f->statement_voice[seg->statement];
        seg->start_sample = MS(at_ms);
        if (seg->is_announcement)
            end_ms = at_ms + 600;
        else
            rc = fixture_words(f, i, at_ms, &end_ms);
        seg->end_sample = MS(end_ms);
        at_ms = end_ms + 400;
    }
    if (rc != 0)
        return rc;
    rs__captions_finish(&f->captions);
    f->media.parts[RS__INTRO].path = "jingles/in \"tro\".wav";
    f->media.parts[RS__INTRO].audio.count = 1;
    f->media.parts[RS__INTRO].audio.lufs = -18.456;
    f->media.parts[RS__INTRO].start = 0;
    f->media.parts[RS__INTRO].end = MS(1600);
    f->media.parts[RS__INTRO].gain_db = 2.5;
    f->media.parts[RS__OUTRO].path = "outro.flac";
    f->media.parts[RS__OUTRO].audio.count = 1;
    f->media.parts[RS__OUTRO].audio.lufs = -20.0;
    f->media.parts[RS__OUTRO].start = MS(at_ms);
    f->media.parts[RS__OUTRO].end = MS(at_ms + 1000);
    f->media.parts[RS__OUTRO].gain_db = -0.004;
    f->seams[0] = MS(1800);
    f->seams[1] = f->plan.segments[5].start_sample - MS(200);
    f->info.input_name = "in/Q&A \"2\".md";
    f->info.title = exotic_title;
    f->info.album = NULL;
    f->info.media = &f->media;
    f->info.part_chapters = 1;
    f->info.speaker = "Ms. Example";
    f->info.date = "2024-05-01";
    f->info.doc = &f->doc;
    f->info.source = transcript;
    f->info.source_size = sizeof transcript - 1;
    f->info.plan = &f->plan;
    f->info.cast = &f->cast;
    f->info.captions = &f->captions;
    f->info.seams = f->seams;
    f->info.seam_count = 2;
    f->info.language = "en";
    f->info.voice = f->slots[0].label;
    f->info.rate = RATE;
    f->info.total_samples = MS(at_ms + 1000);
    f->info.measured_lufs = -21.376;
    f->info.true_peak_db = -1.004;
    f->info.target_lufs = -16.0;
    f->info.gain_db = 5.375;
    f->info.output_lufs = -HUGE_VAL; /* silence: no number JSON can hold */
    return 0;
}

static void fixture_free(fixture *f)
{
    rs__captions_free(&f->captions);
    rs__plan_free(&f->plan);
    rs__document_free(&f->doc);
}

/* Lookups that fail a CHECK, not the test, when the path is missing. */
static double number_at(const json_value *root, const char *path)
{
    const json_value *v = json_at(root, "%s", path);
    return v && v->type == JSON_NUMBER ? v->number : NAN;
}

static const char *string_at(const json_value *root, const char *path)
{
    const json_value *v = json_at(root, "%s", path);
    return v && v->type == JSON_STRING ? v->string : NULL;
}

static size_t count_at(const json_value *root, const char *path)
{
    const json_value *v = json_at(root, "%s", path);
    return v && (v->type == JSON_ARRAY || v->type == JSON_OBJECT) ? v->count : (size_t)-1;
}

/* The milliseconds of a sample of the fixture (all exact). */
static double ms_of(uint64_t sample)
{
    return (double)(sample * 1000 / RATE);
}

/* What the manifest says about where a span of the input lies, computed
 * again from the input: the line of its first byte and the code points
 * before it. */
static size_t line_of(size_t byte)
{
    size_t i, line = 1;
    for (i = 0; i < byte; i++)
        line += transcript[i] == '\n';
    return line;
}

static size_t chars_before(size_t byte)
{
    size_t i, chars = 0;
    for (i = 0; i < byte; i++)
        chars += ((unsigned char)transcript[i] & 0xC0) != 0x80;
    return chars;
}

/* A sentence or word entry: its times and place agree with the captions,
 * and its text is the input's bytes it points at. */
static void check_span(const json_value *e, const char *what, size_t i, size_t paragraph, uint64_t start,
                       uint64_t end)
{
    double from = number_at(e, "source[0]"), to = number_at(e, "source[1]");
    const char *text = string_at(e, "text");
    int placed = from >= 0 && to >= from && to <= sizeof transcript - 1;
    CHECK(number_at(e, "paragraph") == (double)paragraph);
    CHECK(number_at(e, "start_ms") == ms_of(start));
    CHECK(number_at(e, "end_ms") == ms_of(end));
    CHECK(placed);
    if (!placed || !text)
        return;
    if (strlen(text) != (size_t)(to - from) || memcmp(transcript + (size_t)from, text, (size_t)(to - from)) != 0)
        fprintf(stderr, "%s %zu: \"%s\" is not the input's bytes [%g, %g)\n", what, i, text, from, to);
    CHECK(strlen(text) == (size_t)(to - from) && memcmp(transcript + (size_t)from, text, strlen(text)) == 0);
    CHECK(number_at(e, "line") == (double)line_of((size_t)from));
    CHECK(number_at(e, "chars[0]") == (double)chars_before((size_t)from));
    CHECK(number_at(e, "chars[1]") == (double)chars_before((size_t)to));
}

/* A whole manifest parsed strictly, then looked at value by value. */
static void test_manifest_parsed(void)
{
    static const char *const keys[] = {"rostrum", "input", "title", "album", "speaker", "date", "language",
                                       "language_found", "voice", "sample_rate", "duration_ms", "loudness", "intro", "outro", "chapters",
                                       "statements", "sentences", "words", "seams_ms", "paragraphs"};
    static const char *const kinds[] = {"heading", "announcement", "paragraph", "announcement",
                                        "paragraph", "heading", "announcement", "paragraph"};
    static const char *const sentences[] = {"Opening of the \"session\"", "I call the meeting to order.",
                                            "The caf\xC3\xA9 is open.", "Thank you, Madam President.",
                                            "We paid $5 million on \"day one\".", "D\xC3\xA9" "claration",
                                            "Je vous remercie."};
    fixture f;
    rs_buf out = {0};
    json_value root;
    char error[160], path[64];
    const char *chapter = NULL;
    size_t i, chapter_index = 1, words_seen = 0;
    if (fixture_build(&f) != 0) {
        fixture_free(&f);
        return;
    }
    CHECK(rs__manifest_json(&out, &f.info) == 0);
    if (json_parse(out.data, out.len, &root, error, sizeof error) != 0) {
        fprintf(stderr, "the manifest is not JSON: %s\n%s\n", error, out.data);
        CHECK(!"the manifest parses");
        goto done;
    }
    /* every field, once (json_parse refuses a key twice) */
    CHECK(root.type == JSON_OBJECT && root.count == sizeof keys / sizeof keys[0]);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK(json_at(&root, "%s", keys[i]) != NULL);

    CHECK_STR(string_at(&root, "rostrum"), rostrum_version());
    CHECK_STR(string_at(&root, "input"), "in/Q&A \"2\".md");
    /* the title comes back byte for byte; the controls travel as escapes */
    CHECK_STR(string_at(&root, "title"), exotic_title);
    CHECK(strstr(out.data, "\\u0001\\u001f\\r\\n caf\xC3\xA9") != NULL);
    CHECK(json_at(&root, "album") && json_at(&root, "album")->type == JSON_NULL);
    CHECK_STR(string_at(&root, "speaker"), "Ms. Example");
    CHECK_STR(string_at(&root, "date"), "2024-05-01");
    CHECK_STR(string_at(&root, "language"), "en");
    CHECK_STR(string_at(&root, "voice"), "en \"plenary\"");
    CHECK(number_at(&root, "sample_rate") == RATE);
    CHECK(number_at(&root, "duration_ms") == ms_of(f.info.total_samples));

    /* loudness with two decimals, rounded; what is not finite is null */
    CHECK(count_at(&root, "loudness") == 5);
    CHECK_STR(json_at(&root, "loudness.measured_lufs") ? json_at(&root, "loudness.measured_lufs")->string : NULL,
              "-21.38");
    CHECK_STR(json_at(&root, "loudness.true_peak_dbtp") ? json_at(&root, "loudness.true_peak_dbtp")->string : NULL,
              "-1.00");
    CHECK(number_at(&root, "loudness.target_lufs") == -16.0);
    CHECK(number_at(&root, "loudness.gain_db") == 5.38);
    CHECK(json_at(&root, "loudness.output_lufs") && json_at(&root, "loudness.output_lufs")->type == JSON_NULL);

    CHECK_STR(string_at(&root, "intro.file"), "jingles/in \"tro\".wav");
    CHECK(number_at(&root, "intro.start_ms") == 0 && number_at(&root, "intro.end_ms") == 1600);
    CHECK(number_at(&root, "intro.source_lufs") == -18.46 && number_at(&root, "intro.gain_db") == 2.5);
    CHECK_STR(string_at(&root, "outro.file"), "outro.flac");
    CHECK(number_at(&root, "outro.start_ms") == ms_of(f.media.parts[RS__OUTRO].start));
    CHECK(number_at(&root, "outro.end_ms") == ms_of(f.media.parts[RS__OUTRO].end));
    CHECK_STR(json_at(&root, "outro.gain_db") ? json_at(&root, "outro.gain_db")->string : NULL, "0.00");

    /* chapters: the intro's, one per chapter of the plan, the outro's */
    CHECK(count_at(&root, "chapters") == f.plan.chapter_count + 2 && f.plan.chapter_count == 3);
    CHECK_STR(string_at(&root, "chapters[0].name"), rs__media_chapter_name(RS__INTRO));
    CHECK_STR(string_at(&root, "chapters[0].part"), "intro");
    CHECK(number_at(&root, "chapters[0].start_ms") == 0 && number_at(&root, "chapters[0].index") == 0);
    CHECK(json_at(&root, "chapters[0].paragraph") == NULL);
    for (i = 0; i < f.plan.count; i++) {
        const rs_segment *seg = &f.plan.segments[i];
        if (!seg->opens_chapter)
            continue;
        snprintf(path, sizeof path, "chapters[%zu]", chapter_index);
        CHECK(number_at(json_at(&root, "%s", path), "index") == (double)chapter_index);
        CHECK_STR(string_at(json_at(&root, "%s", path), "name"), seg->chapter_name);
        CHECK(number_at(json_at(&root, "%s", path), "start_ms") == ms_of(seg->start_sample));
        CHECK(number_at(json_at(&root, "%s", path), "paragraph") == (double)i);
        chapter_index++;
    }
    CHECK(chapter_index == 4);
    CHECK_STR(string_at(&root, "chapters[1].name"), "Opening of the \"session\"");
    CHECK_STR(string_at(&root, "chapters[3].name"), "D\xC3\xA9" "claration");
    CHECK_STR(string_at(&root, "chapters[4].name"), rs__media_chapter_name(RS__OUTRO));
    CHECK_STR(string_at(&root, "chapters[4].part"), "outro");
    CHECK(number_at(&root, "chapters[4].start_ms") == ms_of(f.media.parts[RS__OUTRO].start));

    /* statements: who, in which voice, from the first of their segments to the last */
    CHECK(count_at(&root, "statements") == 3);
    CHECK_STR(string_at(&root, "statements[0].speaker"), "The President");
    CHECK_STR(string_at(&root, "statements[1].speaker"), "Mr Lever");
    CHECK_STR(string_at(&root, "statements[2].speaker"), "M. Dupont");
    CHECK_STR(string_at(&root, "statements[1].name"), "Mr Lever");
    CHECK_STR(string_at(&root, "statements[0].language"), "en");
    CHECK_STR(string_at(&root, "statements[2].language"), "fr");
    CHECK_STR(string_at(&root, "statements[2].voice"), "fr-statement");
    /* given ({lang=fr}), found, or the document's, which was given */
    CHECK(json_at(&root, "language_found") && json_at(&root, "language_found")->type == JSON_FALSE);
    CHECK(json_at(&root, "statements[0].language_found") &&
          json_at(&root, "statements[0].language_found")->type == JSON_FALSE);
    CHECK(json_at(&root, "statements[1].language_found") &&
          json_at(&root, "statements[1].language_found")->type == JSON_TRUE);
    CHECK(json_at(&root, "statements[2].language_found") &&
          json_at(&root, "statements[2].language_found")->type == JSON_FALSE);
    CHECK(number_at(&root, "statements[1].line") == 10);
    CHECK(number_at(&root, "statements[0].start_ms") == 2000);
    CHECK(number_at(&root, "statements[0].end_ms") == ms_of(f.plan.segments[2].end_sample));
    CHECK(number_at(&root, "statements[2].start_ms") == ms_of(f.plan.segments[5].start_sample));
    CHECK(number_at(&root, "statements[2].end_ms") == ms_of(f.plan.segments[7].end_sample));

    /* sentences and words: as the captions have them, pointing at the input */
    CHECK(count_at(&root, "sentences") == f.captions.sentence_count && f.captions.sentence_count == 7);
    for (i = 0; i < f.captions.sentence_count && i < 7; i++) {
        const rs_caption_sentence *s = &f.captions.sentences[i];
        const json_value *e = json_at(&root, "sentences[%zu]", i);
        CHECK_STR(string_at(e, "text"), sentences[i]);
        check_span(e, "sentence", i, s->paragraph, s->start, s->end);
        CHECK(number_at(e, "words[0]") == (double)words_seen && number_at(e, "words[1]") == (double)s->word_count);
        words_seen += s->word_count;
    }
    CHECK(number_at(&root, "sentences[4].line") == 11); /* the second line of its paragraph */
    CHECK(count_at(&root, "words") == f.captions.word_count && words_seen == f.captions.word_count);
    for (i = 0; i < f.captions.word_count; i++) {
        const rs_caption_word *w = &f.captions.words[i];
        check_span(json_at(&root, "words[%zu]", i), "word", i, w->paragraph, w->start, w->end);
    }
    /* a word of four characters in five bytes */
    for (i = 0; i < f.captions.word_count; i++)
        if (string_at(json_at(&root, "words[%zu]", i), "text") &&
            strcmp(string_at(json_at(&root, "words[%zu]", i), "text"), "caf\xC3\xA9") == 0)
            break;
    CHECK(i == 11);
    CHECK(number_at(json_at(&root, "words[%zu]", i), "chars[1]") -
              number_at(json_at(&root, "words[%zu]", i), "chars[0]") == 4);
    CHECK(number_at(json_at(&root, "words[%zu]", i), "source[1]") -
              number_at(json_at(&root, "words[%zu]", i), "source[0]") == 5);

    CHECK(count_at(&root, "seams_ms") == 2);
    CHECK(number_at(&root, "seams_ms[0]") == 1800);
    CHECK(number_at(&root, "seams_ms[1]") == ms_of(f.seams[1]));

    /* paragraphs: one per segment, each in the chapter last opened */
    CHECK(count_at(&root, "paragraphs") == f.plan.count);
    for (i = 0; i < f.plan.count; i++) {
        const rs_segment *seg = &f.plan.segments[i];
        const json_value *e = json_at(&root, "paragraphs[%zu]", i);
        const json_value *opens = json_at(e, "opens_chapter");
        if (seg->opens_chapter)
            chapter = seg->chapter_name;
        CHECK(number_at(e, "index") == (double)i);
        CHECK_STR(string_at(e, "kind"), kinds[i]);
        CHECK(number_at(e, "statement") == (double)seg->statement);
        CHECK_STR(string_at(e, "chapter"), chapter);
        CHECK(opens && opens->type == (seg->opens_chapter ? JSON_TRUE : JSON_FALSE));
        CHECK(number_at(e, "start_ms") == ms_of(seg->start_sample));
        CHECK(number_at(e, "end_ms") == ms_of(seg->end_sample));
        CHECK(number_at(e, "line") == (double)seg->line);
        CHECK_STR(string_at(e, "text"), seg->text);
        if (!seg->is_announcement) {
            /* the voice's language; statement 1's was found */
            const json_value *found = json_at(e, "language_found");
            CHECK_STR(string_at(e, "language"), seg->statement == 2 ? "fr" : "en");
            CHECK(found && found->type == (seg->statement == 1 ? JSON_TRUE : JSON_FALSE));
        }
    }
    CHECK_STR(string_at(&root, "paragraphs[4].text"),
              "Thank you, Madam President. We paid 5 million dollars on \"day one\".");
    json_free(&root);
done:
    rs__buf_free(&out);
    fixture_free(&f);
}

/* A manifest of nothing: no paragraph, caption, part or seam, and no
 * loudness. Every list is empty and it is still JSON. */
static void test_manifest_empty(void)
{
    rs_plan plan;
    rs_cast cast;
    rs_manifest_info m;
    rs_buf out = {0};
    json_value root;
    char error[160];
    static const char *const lists[] = {"chapters", "statements", "sentences", "words", "paragraphs"};
    size_t i;
    memset(&plan, 0, sizeof plan);
    memset(&cast, 0, sizeof cast);
    memset(&m, 0, sizeof m);
    m.plan = &plan;
    m.cast = &cast;
    m.rate = RATE;
    m.measured_lufs = NAN;
    m.true_peak_db = HUGE_VAL;
    m.target_lufs = -1e13;
    m.gain_db = -HUGE_VAL;
    m.output_lufs = -HUGE_VAL;
    CHECK(rs__manifest_json(&out, &m) == 0);
    if (json_parse(out.data, out.len, &root, error, sizeof error) != 0) {
        fprintf(stderr, "the empty manifest is not JSON: %s\n%s\n", error, out.data);
        CHECK(!"the empty manifest parses");
        rs__buf_free(&out);
        return;
    }
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
        CHECK(count_at(&root, lists[i]) == 0);
    CHECK(json_at(&root, "intro") == NULL && json_at(&root, "outro") == NULL && json_at(&root, "seams_ms") == NULL);
    CHECK(json_at(&root, "title") && json_at(&root, "title")->type == JSON_NULL);
    CHECK(json_at(&root, "input") && json_at(&root, "input")->type == JSON_NULL);
    CHECK(number_at(&root, "duration_ms") == 0);
    CHECK(count_at(&root, "loudness") == 5);
    for (i = 0; i < root.count; i++)
        if (strcmp(root.keys[i], "loudness") == 0) {
            size_t k;
            for (k = 0; k < root.items[i].count; k++)
                CHECK(root.items[i].items[k].type == JSON_NULL);
        }
    json_free(&root);
    rs__buf_free(&out);
}

int main(void)
{
    test_manifest_json();
    test_json_checker();
    test_manifest_parsed();
    test_manifest_empty();
    return check_report("test_manifest");
}
