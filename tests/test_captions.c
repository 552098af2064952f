/* Unit tests of the captions: the normalizer's map back to the text as
 * written, sentences, cue splitting and wrapping, WebVTT and SubRip. */
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"
#include "check.h"
#include "fake_words.h"

#define RATE 22050

static rs_norm_context english = {"en", NULL, 0, 0};
static rs_norm_context french = {"fr", NULL, 0, 0};
static rs_norm_context spanish = {"es", NULL, 0, 0};
static const rs_norm_context *paragraph_context = &english; /* of add_paragraph */

/* Whether s is valid UTF-8 throughout. */
static int valid_utf8(const char *s)
{
    size_t len = strlen(s), step;
    for (; len > 0; s += step, len -= step) {
        step = rs__utf8_valid_len((const unsigned char *)s, len);
        if (step == 0)
            return 0;
    }
    return 1;
}

/* The longest line of text, in code points, and the number of lines. */
static size_t longest_line(const char *text, size_t *lines)
{
    size_t longest = 0;
    *lines = 0;
    for (;;) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        size_t chars = rs__utf8_count(text, len);
        if (chars > longest)
            longest = chars;
        (*lines)++;
        if (!nl)
            return longest;
        text = nl + 1;
    }
}

static void test_map(void)
{
    const char *source = "Hello **world**, we paid $810 million.";
    rs_span *map = NULL;
    char *spoken = rs__normalize_mapped(source, &english, NULL, &map);
    const char *w, *dollars;
    size_t i;
    CHECK(spoken != NULL && map != NULL);
    if (!spoken || !map)
        return;
    /* the same text as without a map */
    {
        char *plain = rs__normalize(source, &english, NULL);
        CHECK_STR(spoken, plain);
        rs__free(plain);
    }
    w = strstr(spoken, "world");
    CHECK(w != NULL);
    if (w) {
        CHECK(map[w - spoken].start == 8); /* after "Hello **" */
        CHECK(map[w - spoken + 4].end == 13);
    }
    /* every byte of the spoken currency comes from "$810 million" */
    dollars = strstr(spoken, "dollars");
    CHECK(dollars != NULL);
    if (dollars) {
        size_t from = (size_t)(strstr(source, "$") - source);
        CHECK(map[dollars - spoken].start >= from);
        CHECK(map[dollars - spoken].end <= from + strlen("$810 million"));
    }
    /* spans lie in the source and never go backwards */
    for (i = 0; spoken[i]; i++) {
        CHECK(map[i].start < map[i].end && map[i].end <= strlen(source));
        if (i > 0 && spoken[i] != ' ')
            CHECK(map[i].start >= map[i - 1].start || spoken[i - 1] == ' ');
    }
    rs__free(spoken);
    rs__free(map);
    /* an empty result has an empty map */
    spoken = rs__normalize_mapped("**", &english, NULL, &map);
    CHECK(spoken && spoken[0] == '\0' && map != NULL);
    rs__free(spoken);
    rs__free(map);
}

static size_t sentences_of(const char *text, rs_span **spans)
{
    size_t n = rs__split_sentences(text, spans);
    CHECK(n != (size_t)-1);
    return n;
}

static void test_sentences(void)
{
    rs_span *s = NULL;
    const char *t = "I thank you. The Court is here! Is it? Yes\xE2\x80\xA6 Done";
    size_t n = sentences_of(t, &s);
    CHECK(n == 5);
    if (n == 5) {
        CHECK(s[0].start == 0 && s[0].end == 12);
        CHECK(strncmp(t + s[1].start, "The Court is here!", s[1].end - s[1].start) == 0);
        CHECK(strncmp(t + s[3].start, "Yes\xE2\x80\xA6", s[3].end - s[3].start) == 0);
        CHECK(s[4].end == strlen(t));
    }
    rs__free(s);
    /* initials and spelled acronyms end no sentence; lower case goes on */
    n = sentences_of("The I.C.C. Prosecutor met L. G. Lever. Then etc. and more. End", &s);
    CHECK(n == 3);
    rs__free(s);
    /* closing quotes belong to the sentence they close */
    t = "He said \"no.\" Then he left.";
    n = sentences_of(t, &s);
    CHECK(n == 2);
    if (n == 2)
        CHECK(s[0].end == strlen("He said \"no.\""));
    rs__free(s);
    /* decimals and a trailing sentence without a mark */
    n = sentences_of("It grew by 3.5 percent and more", &s);
    CHECK(n == 1);
    rs__free(s);
    n = sentences_of("   ", &s);
    CHECK(n == 0);
    rs__free(s);
}

static void test_word_span(void)
{
    rs_span span;
    const char *t = "Le caf\xC3\xA9 \xC3\xA9tait ouvert";
    rs__word_span(t, 3, 4, &span); /* "café" */
    CHECK(span.start == 3 && span.end == 8);
    rs__word_span(t, 8, 5, &span); /* "était" */
    CHECK(span.start == 9 && span.end == 15);
    rs__word_span(t, 100, 5, &span); /* past the end: clamped */
    CHECK(span.start == strlen(t) && span.end == strlen(t));
}

static void test_wrap(void)
{
    char *w = rs__wrap_caption("Short line.", 42, NULL);
    size_t lines, longest;
    CHECK_STR(w, "Short line.");
    rs__free(w);
    w = rs__wrap_caption("We therefore propose a standing contact group of focal points, meeting twice", 42, NULL);
    longest = longest_line(w, &lines);
    CHECK(lines == 2 && longest <= 42);
    /* even: the lines differ by less than a long word */
    CHECK(strchr(w, '\n') && (size_t)(strchr(w, '\n') - w) > 30);
    rs__free(w);
    /* 84 characters without an even break: three lines, none too long */
    w = rs__wrap_caption("Victims are not spectators to international justice; they are its reason for being.", 42, NULL);
    longest = longest_line(w, &lines);
    CHECK(lines == 3 && longest <= 42);
    rs__free(w);
    /* characters, not bytes: 40 accented letters (80 bytes) fit one line */
    {
        char text[200] = "";
        int i;
        for (i = 0; i < 40; i++)
            strcat(text, "\xC3\xA9");
        w = rs__wrap_caption(text, 42, NULL);
        CHECK_STR(w, text);
        rs__free(w);
        /* 50 of them and no space: cut between code points, never inside */
        for (i = 0; i < 10; i++)
            strcat(text, "\xC3\xA9");
        w = rs__wrap_caption(text, 42, NULL);
        longest = longest_line(w, &lines);
        CHECK(lines == 2 && longest == 42 && valid_utf8(w));
        rs__free(w);
    }
    /* cyrillic words: wrapped at spaces by characters */
    w = rs__wrap_caption("\xD0\x93\xD0\xBE\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xB0 \xD0\xB4\xD1\x8F\xD0\xBA\xD1\x83\xD1\x94 "
                         "\xD0\xB2\xD1\x81\xD1\x96\xD0\xBC \xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xB3\xD0\xB0\xD1\x82"
                         "\xD0\xB0\xD0\xBC \xD0\xB7\xD0\xB0 \xD1\x80\xD0\xBE\xD0\xB1\xD0\xBE\xD1\x82\xD1\x83",
                         20, NULL);
    longest = longest_line(w, &lines);
    CHECK(lines >= 2 && longest <= 20 && valid_utf8(w));
    rs__free(w);
}

static void test_time_format(void)
{
    char t[32];
    rs__caption_time(0, '.', t);
    CHECK_STR(t, "00:00:00.000");
    rs__caption_time(100 * 60000 + 5, '.', t); /* 100 minutes */
    CHECK_STR(t, "01:40:00.005");
    rs__caption_time((uint64_t)123 * 3600000 + 59 * 60000 + 59999, ',', t); /* hours grow past 99 */
    CHECK_STR(t, "123:59:59,999");
}

static int add_paragraph(rs_captions *c, size_t index, const char *source, const char *voice, uint64_t start,
                         uint64_t *end, uint64_t gap_samples)
{
    rs_span *map = NULL;
    rs_spoken_word words[256];
    rs_caption_paragraph p;
    char *spoken = rs__normalize_mapped(source, paragraph_context, NULL, &map);
    int rc;
    if (!spoken)
        return ROSTRUM_ENOMEM;
    memset(&p, 0, sizeof p);
    p.paragraph = index;
    p.source = source;
    p.spoken = spoken;
    p.map = map;
    p.words = words;
    p.word_count = fake_words(spoken, words, 256, start, RATE * 3 / 10 + gap_samples);
    p.end_sample = words[p.word_count - 1].start + RATE / 2;
    p.voice = voice;
    p.display = paragraph_context;
    rc = rs__captions_add_paragraph(c, &p);
    *end = p.end_sample;
    rs__free(spoken);
    rs__free(map);
    return rc;
}

static void test_cues(void)
{
    rs_captions c;
    uint64_t end;
    size_t i, lines;
    const char *long_one = "Cooperation is not a favour that States grant the Court; it is the duty we accepted "
                           "when we ratified the Rome Statute, and fourteen warrants remain outstanding today.";
    memset(&c, 0, sizeof c);
    CHECK(add_paragraph(&c, 0, "**Good** morning. I call the [meeting](http://x.org) to order.", "Mr <Lever>", 1000,
                        &end, 0) == 0);
    CHECK(add_paragraph(&c, 1, long_one, NULL, end + RATE, &end, 0) == 0);
    rs__captions_finish(&c);
    CHECK(c.sentence_count == 3);
    CHECK(c.cue_count >= 4);
    if (c.cue_count < 4)
        goto done;
    /* the text as written, markup and link targets gone */
    CHECK_STR(c.cues[0].text, "Good morning.");
    CHECK_STR(c.cues[1].text, "I call the meeting to order.");
    CHECK(c.cues[0].start == 1000);
    CHECK(c.cues[1].start == 1000 + 2 * (RATE * 3 / 10));
    CHECK(c.cues[0].voice && strcmp(c.cues[0].voice, "Mr <Lever>") == 0);
    /* the long sentence is split at clauses, into cues of two lines at most */
    for (i = 2; i < c.cue_count; i++) {
        size_t longest = longest_line(c.cues[i].text, &lines);
        CHECK(lines <= 2 && longest <= 42);
        CHECK(c.cues[i].sentence == 2);
    }
    CHECK(strstr(c.cues[2].text, "Court;") != NULL);
    {
        const char *last = c.cues[c.cue_count - 2].text;
        size_t len = strlen(last);
        CHECK(len > 0 && (last[len - 1] == ',' || last[len - 1] == ';'));
    }
    /* in order, each ending no later than the next starts */
    for (i = 0; i + 1 < c.cue_count; i++) {
        CHECK(c.cues[i].start < c.cues[i].end);
        CHECK(c.cues[i].end <= c.cues[i + 1].start);
    }
    /* sentence and word spans point at the source */
    CHECK(c.sentences[0].source.start == 2 && c.sentences[0].source.end == 17);
    CHECK(c.words[0].source.start == 2 && c.words[0].source.end == 6);
    CHECK(c.sentences[1].start == c.cues[1].start && c.sentences[1].end == c.cues[1].end);
done:
    rs__captions_free(&c);

    /* a short sentence spoken slowly is split by time, at its comma */
    memset(&c, 0, sizeof c);
    CHECK(add_paragraph(&c, 0, "Madam President, my delegation thanks you warmly.", NULL, 0, &end, RATE * 9 / 10) == 0);
    rs__captions_finish(&c);
    CHECK(c.cue_count == 2);
    if (c.cue_count == 2) {
        CHECK_STR(c.cues[0].text, "Madam President,");
        CHECK_STR(c.cues[1].text, "my delegation thanks you warmly.");
    }
    rs__captions_free(&c);
}

/* The last word of a line, or of the whole text when there is one line:
 * the bytes before '\n' (or the end) back to a space. */
static void last_word(const char *text, const char *line_end, char *out, size_t size)
{
    const char *start = line_end;
    size_t n;
    while (start > text && start[-1] != ' ' && start[-1] != '\n')
        start--;
    n = (size_t)(line_end - start) < size - 1 ? (size_t)(line_end - start) : size - 1;
    memcpy(out, start, n);
    out[n] = '\0';
}

/* Long sentences without a clause mark: no cue, and no first line of a
 * cue, ends on a word that leans on the next while another break exists. */
static void test_leaning_words(void)
{
    static const struct {
        const rs_norm_context *context;
        const char *text;
        const char *lean[12];
    } cases[] = {
        {&english,
         "We therefore propose a standing contact group of focal points meeting twice a year to follow every request "
         "for assistance from the day it is sent to the day it is answered by the State that received it.",
         {"a", "the", "of", "to", "for", "from", "by", "every", "that", NULL}},
        {&french,
         "Ma d\xC3\xA9l\xC3\xA9gation partage pleinement l'analyse qui vient d'\xC3\xAAtre pr\xC3\xA9sent\xC3\xA9""e "
         "car la coop\xC3\xA9ration des \xC3\x89tats reste la condition premi\xC3\xA8re de l'efficacit\xC3\xA9 "
         "de la Cour et les victimes attendent depuis trop longtemps une r\xC3\xA9paration que nous leur devons.",
         {"la", "de", "des", "les", "que", "qui", "une", "et", "car", NULL}},
        {&spanish,
         "Mi delegaci\xC3\xB3n apoya plenamente la propuesta de crear un grupo de contacto que siga cada solicitud "
         "de asistencia de la Secretar\xC3\xAD""a de la Corte desde el d\xC3\xAD""a en que se env\xC3\xAD""a "
         "hasta el d\xC3\xAD""a en que recibe una respuesta completa.",
         {"la", "de", "el", "que", "un", "en", "una", "se", NULL}},
    };
    size_t k, i, j;
    char word[64];
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rs_captions c;
        uint64_t end;
        memset(&c, 0, sizeof c);
        paragraph_context = cases[k].context;
        CHECK(add_paragraph(&c, 0, cases[k].text, NULL, 0, &end, 0) == 0);
        paragraph_context = &english;
        rs__captions_finish(&c);
        CHECK(c.cue_count >= 3);
        for (i = 0; i < c.cue_count; i++) {
            const char *nl = strchr(c.cues[i].text, '\n');
            const char *ends[2];
            ends[0] = nl;
            ends[1] = i + 1 < c.cue_count ? c.cues[i].text + strlen(c.cues[i].text) : NULL;
            for (j = 0; j < 2; j++) {
                size_t m;
                if (!ends[j])
                    continue;
                last_word(c.cues[i].text, ends[j], word, sizeof word);
                for (m = 0; cases[k].lean[m]; m++)
                    if (strcmp(word, cases[k].lean[m]) == 0) {
                        printf("case %zu, cue %zu ends a %s on \"%s\": %s\n", k, i, j ? "cue" : "line", word,
                               c.cues[i].text);
                        CHECK(!"a line or cue ends on a word that leans on the next");
                    }
            }
        }
        rs__captions_free(&c);
    }
    /* the wrap alone: the even break would end the line on "the" */
    {
        static const char text[] = "to follow every request for assistance from the day it is sent";
        char *w = rs__wrap_caption(text, 42, "en");
        char *plain = rs__wrap_caption(text, 42, NULL);
        char *region = rs__wrap_caption(text, 42, "EN_gb");
        char *letter = rs__wrap_caption(text, 42, "x");
        CHECK(w && strchr(w, '\n'));
        if (w && strchr(w, '\n')) {
            last_word(w, strchr(w, '\n'), word, sizeof word);
            CHECK(strcmp(word, "the") != 0 && strcmp(word, "from") != 0);
        }
        CHECK(plain && strcmp(plain, w ? w : "") != 0); /* without a language, no word leans */
        /* a region or case in the tag changes nothing; a tag of one letter
         * or an unknown language has no words that lean */
        CHECK(region && w && strcmp(region, w) == 0);
        CHECK(letter && plain && strcmp(letter, plain) == 0);
        rs__free(w);
        rs__free(plain);
        rs__free(region);
        rs__free(letter);
    }
    /* a word in capitals leans as it does in small letters: "TRÈS" as "très" */
    {
        char *small = rs__wrap_caption("notre délégation reste très attachée aux travaux de la Cour", 42, "fr");
        char *caps = rs__wrap_caption("NOTRE DÉLÉGATION RESTE TRÈS ATTACHÉE AUX TRAVAUX DE LA COUR", 42, "fr");
        CHECK_STR(small, "notre délégation reste\ntrès attachée aux travaux de la Cour");
        CHECK_STR(caps, "NOTRE DÉLÉGATION RESTE\nTRÈS ATTACHÉE AUX TRAVAUX DE LA COUR");
        rs__free(small);
        rs__free(caps);
    }
}

static void test_formats(void)
{
    rs_cue cues[2];
    rs_buf out = {0};
    memset(cues, 0, sizeof cues);
    cues[0].start = 22;   /* 0.998 ms: rounds to 1 */
    cues[0].end = RATE;
    cues[0].text = "Fish & chips <b>, a --> b\nsecond line";
    cues[0].voice = "Mr <Lever> & Co";
    cues[1].start = (uint64_t)RATE * 6000; /* 100 minutes */
    cues[1].end = (uint64_t)RATE * 6001;
    cues[1].text = "Last.";
    CHECK(rs__captions_vtt(&out, cues, 2, RATE) == 0);
    CHECK_STR(out.data, "WEBVTT\n"
                        "\n1\n00:00:00.001 --> 00:00:01.000\n"
                        "<v Mr &lt;Lever&gt; &amp; Co>Fish &amp; chips &lt;b&gt;, a --&gt; b\nsecond line\n"
                        "\n2\n01:40:00.000 --> 01:40:01.000\nLast.\n");
    CHECK(strstr(out.data + 7, "-->") && !strstr(strchr(out.data + 8, '\n') + 1, "a -->"));
    rs__buf_free(&out);
    CHECK(rs__captions_srt(&out, cues, 2, RATE) == 0);
    CHECK_STR(out.data, "1\n00:00:00,001 --> 00:00:01,000\nFish & chips <b>, a --> b\nsecond line\n"
                        "\n2\n01:40:00,000 --> 01:40:01,000\nLast.\n");
    rs__buf_free(&out);
    /* a cue never ends before it starts */
    cues[0].end = cues[0].start;
    CHECK(rs__captions_vtt(&out, cues, 1, RATE) == 0);
    CHECK(strstr(out.data, "00:00:00.001 --> 00:00:00.002") != NULL);
    rs__buf_free(&out);
}

/* The JSON chapters: seconds rounded to the millisecond with a full stop,
 * titles escaped, a chapter without a name titled by its number. */
static void test_chapters_json(void)
{
    rs_cue cues[3];
    rs_buf out = {0};
    memset(cues, 0, sizeof cues);
    cues[0].start = 0;
    cues[0].text = "Intro \"one\"";
    cues[1].start = (uint64_t)RATE * 3723 + RATE / 2000 + 11; /* 1:02:03.5005 rounds up */
    cues[1].text = "";
    cues[2].start = (uint64_t)RATE * 7200 + 10; /* 0.45 ms rounds down */
    cues[2].text = "Closing";
    CHECK(rs__chapters_json(&out, cues, 3, RATE) == 0);
    CHECK_STR(out.data, "{\n  \"version\": \"1.2.0\",\n  \"chapters\": [\n"
                        "    {\"startTime\": 0.000, \"title\": \"Intro \\\"one\\\"\"},\n"
                        "    {\"startTime\": 3723.001, \"title\": \"2\"},\n"
                        "    {\"startTime\": 7200.000, \"title\": \"Closing\"}\n  ]\n}\n");
    rs__buf_free(&out);
    CHECK(rs__chapters_json(&out, cues, 0, RATE) == 0);
    CHECK_STR(out.data, "{\n  \"version\": \"1.2.0\",\n  \"chapters\": []\n}\n");
    rs__buf_free(&out);
}

static void test_page(void)
{
    rs_captions c;
    rs_plan plan;
    rs_segment segments[2];
    rs_cue chapters[1];
    rs_page_info page;
    rs_buf out = {0};
    uint64_t end;
    memset(&c, 0, sizeof c);
    memset(&plan, 0, sizeof plan);
    memset(segments, 0, sizeof segments);
    memset(chapters, 0, sizeof chapters);
    segments[0].is_heading = 1;
    plan.segments = segments;
    plan.count = 2;
    CHECK(add_paragraph(&c, 0, "Caf\xC3\xA9 & <Co>", "O'Brien", 0, &end, 0) == 0);
    CHECK(add_paragraph(&c, 1, "We begin. Then we end.", "O'Brien", end + RATE, &end, 0) == 0);
    rs__captions_finish(&c);
    chapters[0].start = 0;
    chapters[0].end = end;
    chapters[0].text = "Caf\xC3\xA9 & <Co>";
    memset(&page, 0, sizeof page);
    page.title = "A \"title\" <here>";
    page.language = "fr";
    /* file names as relative URLs: "#" would start a fragment, "&" and
     * "%" mean something too; UTF-8 bytes are encoded one by one */
    page.audio_name = "Q&A #2 s\"x.opus";
    page.captions_name = "caf\xC3\xA9 100%<'>?.vtt";
    page.chapters_name = "AZaz09-._~/x:y+,;=@!$()*[].chapters.vtt";
    page.plan = &plan;
    page.chapters = chapters;
    page.chapter_count = 1;
    page.captions = &c;
    page.rate = RATE;
    CHECK(rs__page_html(&out, &page) == 0);
    CHECK(strstr(out.data, "<html lang=\"fr\">") != NULL);
    CHECK(strstr(out.data, "<title>A &quot;title&quot; &lt;here&gt;</title>") != NULL);
    CHECK(strstr(out.data, "src=\"Q%26A%20%232%20s%22x.opus\"") != NULL);
    CHECK(strstr(out.data, "<track kind=\"captions\" src=\"caf%C3%A9%20100%25%3C%27%3E%3F.vtt\" srclang=\"fr\" "
                           "label=\"Sous-titres\" default>"));
    CHECK(strstr(out.data, "<track kind=\"chapters\" src=\"AZaz09-._~/x%3Ay%2B%2C%3B%3D%40%21%24%28%29%2A%5B%5D"
                           ".chapters.vtt\"") != NULL);
    CHECK(strstr(out.data, "Caf\xC3\xA9 &amp; &lt;Co&gt;") != NULL);
    CHECK(strstr(out.data, "<p class=\"who\">O&#39;Brien</p>") != NULL);
    CHECK(strstr(out.data, "<h3 data-paragraph=\"0\">") != NULL);
    CHECK(strstr(out.data, "class=\"cue\" tabindex=\"0\" data-start=\"") != NULL);
    CHECK(strstr(out.data, "<main") && strstr(out.data, "<nav") && strstr(out.data, "<header>"));
    CHECK(strstr(out.data, "prefers-reduced-motion") != NULL);
    /* nothing from the network */
    CHECK(!strstr(out.data, "http://") && !strstr(out.data, "https://") && !strstr(out.data, "//fonts"));
    /* the voice is named once for its two paragraphs, under the heading */
    CHECK(strstr(strstr(out.data, "O&#39;Brien</p>") + 1, "class=\"who\"") == NULL);
    CHECK(strstr(out.data, "</h3>\n<p class=\"who\">O&#39;Brien</p>\n<p data-paragraph=\"1\">") != NULL);
    rs__buf_free(&out);
    rs__captions_free(&c);
}

int main(void)
{
    test_map();
    test_sentences();
    test_word_span();
    test_wrap();
    test_time_format();
    test_cues();
    test_leaning_words();
    test_formats();
    test_chapters_json();
    test_page();
    return check_report("test_captions");
}
