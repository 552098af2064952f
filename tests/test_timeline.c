/* Unit tests of the plan and timeline: chapter names, the chapter limit,
 * chapter time format, silence trimming and the peak limiter. */
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"
#include "check.h"

static void test_time_format(void)
{
    char text[32];
    rs__format_chapter_time(0, 22050, text);
    CHECK_STR(text, "00:00:00.000");
    rs__format_chapter_time(22050, 22050, text);
    CHECK_STR(text, "00:00:01.000");
    rs__format_chapter_time(11025 + 22050 * 61, 22050, text);
    CHECK_STR(text, "00:01:01.500");
    rs__format_chapter_time(22, 22050, text); /* 0.9977 ms rounds to 1 */
    CHECK_STR(text, "00:00:00.001");
    rs__format_chapter_time((uint64_t)22050 * (3 * 3600 + 25 * 60 + 7) + 2205, 22050, text);
    CHECK_STR(text, "03:25:07.100");
    rs__format_chapter_time((uint64_t)48000 * 100 * 3600, 48000, text);
    CHECK_STR(text, "100:00:00.000");
}

static void test_chapter_names(void)
{
    char *name = rs__chapter_name_from_text("Thank you.", 48);
    CHECK_STR(name, "Thank you");
    rs__free(name);
    name = rs__chapter_name_from_text("First of all, let me express my gratitude to both of you for this.", 48);
    CHECK_STR(name, "First of all, let me express my gratitude to\xE2\x80\xA6");
    rs__free(name);
    name = rs__chapter_name_from_text("Distinguished Co-Facilitators,", 48);
    CHECK_STR(name, "Distinguished Co-Facilitators");
    rs__free(name);
    /* one long word is cut at a character boundary, never inside UTF-8 */
    name = rs__chapter_name_from_text("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5);
    CHECK_STR(name, "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
    rs__free(name);
}

static int plan_from(const char *text, rostrum_chapters mode, size_t max, rs_plan *plan)
{
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    int rc;
    memset(&doc, 0, sizeof doc);
    rc = rs__read(&doc, "t", text, strlen(text), ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    if (rc == 0) {
        rs_norm_context ctx = {"en", NULL, 0};
        rs_plan_options po = {mode, max, 0, 1};
        rc = rs__plan_build(plan, &doc, &ctx, NULL, &po);
    }
    rs__document_free(&doc);
    return rc;
}

static void test_plan_chapters(void)
{
    rs_plan plan;
    const char *text = "## Heading One\n\nSalutation,\n\nFirst body paragraph.\n\nSecond body paragraph.\n\n"
                       "## Heading Two\n\nThird body paragraph.\n";
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 6);
    CHECK(plan.chapter_count == 4);
    CHECK(plan.segments[0].opens_chapter && plan.segments[0].is_heading);
    CHECK_STR(plan.segments[0].chapter_name, "Heading One");
    CHECK(!plan.segments[1].opens_chapter); /* belongs to the heading's chapter */
    /* two headings make two statements: paragraphs are named after theirs */
    CHECK(plan.segments[2].opens_chapter);
    CHECK_STR(plan.segments[2].chapter_name, "Heading One, 2");
    CHECK(plan.segments[4].opens_chapter);
    CHECK(!plan.segments[5].opens_chapter);
    rs__plan_free(&plan);
    /* by default, one chapter per statement */
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_AUTO, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    CHECK_STR(plan.segments[4].chapter_name, "Heading Two");
    rs__plan_free(&plan);
    /* one statement: chapters per paragraph, named by their words */
    CHECK(plan_from("## Only Heading\n\nSalutation,\n\nFirst body paragraph.\n", ROSTRUM_CHAPTERS_AUTO, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    CHECK_STR(plan.segments[2].chapter_name, "First body paragraph");
    rs__plan_free(&plan);
    /* speaker turns: an announcement opens each statement's chapter */
    CHECK(plan_from("Mr L G LEVER: Chairperson, I move.\n\nI thank you.\n\nThe PRESIDENT: Order.\n",
                    ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 5);
    CHECK(plan.segments[0].is_announcement && plan.segments[0].opens_chapter);
    CHECK_STR(plan.segments[0].text, "Mr Lever."); /* no lexicon here */
    CHECK_STR(plan.segments[0].chapter_name, "Mr Lever");
    CHECK_STR(plan.segments[1].text, "Chairperson, I move.");
    CHECK(!plan.segments[1].opens_chapter);
    CHECK_STR(plan.segments[2].chapter_name, "Mr Lever, 2");
    CHECK_STR(plan.segments[3].chapter_name, "The President");
    CHECK(plan.segments[4].statement == 1);
    rs__plan_free(&plan);

    CHECK(plan_from(text, ROSTRUM_CHAPTERS_HEADING, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    rs__plan_free(&plan);
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_NONE, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 0);
    rs__plan_free(&plan);

    /* over the limit: the first chapter and the headings are kept first */
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_PARAGRAPH, 3, &plan) == 0);
    CHECK(plan.chapter_count == 3);
    CHECK(plan.chapters_dropped == 1);
    CHECK(plan.segments[0].opens_chapter);
    CHECK(plan.segments[4].opens_chapter);
    CHECK(plan.segments[2].opens_chapter);
    CHECK(!plan.segments[3].opens_chapter);
    rs__plan_free(&plan);

    /* a paragraph of markup only is not spoken */
    CHECK(plan_from("Words.\n\n**\n\nMore words.\n", ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 2);
    rs__plan_free(&plan);
}

typedef struct collected {
    int16_t samples[4096];
    size_t count;
} collected;

static int collect(void *user, const int16_t *pcm, size_t count)
{
    collected *c = user;
    if (c->count + count > 4096)
        return -1;
    memcpy(c->samples + c->count, pcm, count * sizeof *pcm);
    c->count += count;
    return 0;
}

static void test_trimmer(void)
{
    rs_trimmer t;
    collected out;
    int16_t input[600];
    size_t i;
    memset(&out, 0, sizeof out);
    /* 200 quiet, 50 loud, 100 quiet, 50 loud, 200 quiet */
    for (i = 0; i < 600; i++)
        input[i] = ((i >= 200 && i < 250) || (i >= 350 && i < 400)) ? 1000 : 3;
    CHECK(rs__trimmer_init(&t, 100, 10, 20, 1000, collect, &out) == 0);
    /* pushed in small pieces, as the synthesizer delivers */
    for (i = 0; i < 600; i += 7)
        CHECK(rs__trimmer_push(&t, input + i, i + 7 <= 600 ? 7 : 600 - i) == 0);
    CHECK(rs__trimmer_finish(&t) == 0);
    CHECK(out.count == 10 + 50 + 100 + 50 + 20);
    CHECK(out.samples[9] == 3 && out.samples[10] == 1000);
    CHECK(out.samples[out.count - 21] == 1000 && out.samples[out.count - 20] == 3);
    /* a paragraph that starts loud is padded to the same lead */
    out.count = 0;
    rs__trimmer_reset(&t);
    CHECK(rs__trimmer_push(&t, input + 200, 50) == 0);
    CHECK(rs__trimmer_finish(&t) == 0);
    CHECK(out.count == 10 + 50 + 20);
    CHECK(out.samples[0] == 0 && out.samples[10] == 1000 && out.samples[out.count - 1] == 0);
    /* silence alone gives nothing */
    out.count = 0;
    rs__trimmer_reset(&t);
    CHECK(rs__trimmer_push(&t, input, 200) == 0);
    CHECK(rs__trimmer_finish(&t) == 0);
    CHECK(out.count == 0);
    rs__trimmer_free(&t);
}

/* Everything the limiter makes of in, its delay flushed: the count. */
static size_t limit_all(rs_limiter *l, const int16_t *in, size_t count, int16_t *out)
{
    size_t made = rs__limiter_process(l, in, count, out);
    return made + rs__limiter_flush(l, out + made);
}

static void test_limiter(void)
{
    rs_limiter *l = NULL;
    enum { N = 22050 * 3 };
    int16_t *in = malloc(N * sizeof *in), *out = malloc((N + 64) * sizeof *out);
    size_t produced, i;
    int16_t peak_in = 0, peak_out = 0;
    double ceiling = 32767.0 * pow(10.0, -6.0 / 20.0);
    int quiet_unchanged = 1;
    for (i = 0; i < N; i++) {
        /* a loud 300-sample burst at the start of every second */
        double tone = sin(i * 0.07) * ((i % 22050) < 300 ? 32000.0 : 6000.0);
        in[i] = (int16_t)tone;
        if (abs(in[i]) > peak_in)
            peak_in = (int16_t)abs(in[i]);
    }
    CHECK(rs__limiter_create(&l, 22050, -6.0) == 0);
    produced = limit_all(l, in, N, out);
    CHECK(produced == N);
    for (i = 0; i < produced; i++) {
        if (abs(out[i]) > peak_out)
            peak_out = (int16_t)abs(out[i]);
        /* once the gain has recovered (80 ms release) the signal passes untouched */
        if ((i % 22050) > 18000 && (i % 22050) < 22000 && out[i] != in[i])
            quiet_unchanged = 0;
    }
    CHECK(peak_in > 30000);
    CHECK(peak_out <= (int16_t)ceiling + 1);
    CHECK(peak_out > (int16_t)(ceiling * 0.9));
    CHECK(quiet_unchanged);
    rs__limiter_destroy(l);
    /* fed in pieces of many lengths, from 1 sample up, in and out of its
     * unlimited stretches: the same samples as in one piece */
    {
        int16_t *again = malloc((N + 64) * sizeof *again);
        size_t at = 0, piece = 1, made = 0, same = 1;
        CHECK(rs__limiter_create(&l, 22050, -6.0) == 0);
        while (again && at < N) {
            size_t n = piece < N - at ? piece : N - at;
            made += rs__limiter_process(l, in + at, n, again + made);
            at += n;
            piece = piece * 3 % 1999 + 1;
        }
        made += again ? rs__limiter_flush(l, again + made) : 0;
        CHECK(made == N);
        for (i = 0; again && i < made && i < N; i++)
            same &= again[i] == out[i];
        CHECK(same);
        rs__limiter_destroy(l);
        free(again);
    }
    free(in);
    free(out);
}

/* Samples that pass straight through while the gain stays 1 come out as
 * the full arithmetic makes them: speech-like bursts whose peaks sit
 * exactly at the largest sample that needs no gain, one above it, and
 * far above it, at several ceilings. */
static void test_limiter_shortcut(void)
{
    enum { N = 22050 * 2 };
    static int16_t in[N], fast[N + 64], full[N + 64];
    static const double ceilings[] = {-0.5, -6.0, -13.3, -20.0};
    size_t c, i;
    for (c = 0; c < sizeof ceilings / sizeof ceilings[0]; c++) {
        rs_limiter *a = NULL, *b = NULL;
        int pass = (int)floor(32767.0 * pow(10.0, ceilings[c] / 20.0)), same = 1;
        size_t made_a, made_b;
        for (i = 0; i < N; i++) {
            double envelope = 0.5 + 0.5 * sin(2.0 * M_PI * 2.0 * (double)i / 22050.0);
            double v = sin(2.0 * M_PI * 180.0 * (double)i / 22050.0) * envelope * pass * 0.9;
            in[i] = (int16_t)v;
            if (i % 5000 == 100)
                in[i] = (int16_t)(i % 3 == 0 ? pass : i % 3 == 1 ? pass + 1 : -(pass + 1));
            if (i % 7000 == 3000)
                in[i] = (int16_t)(pass + (32767 - pass) / 2);
        }
        CHECK(rs__limiter_create(&a, 22050, ceilings[c]) == 0);
        CHECK(rs__limiter_create(&b, 22050, ceilings[c]) == 0);
        if (!a || !b)
            return;
        rs__limiter_shortcut(b, 0);
        made_a = limit_all(a, in, N, fast);
        made_b = limit_all(b, in, N, full);
        CHECK(made_a == N && made_b == N);
        for (i = 0; i < N && i < made_a && i < made_b; i++)
            same &= fast[i] == full[i];
        CHECK(same);
        rs__limiter_destroy(a);
        rs__limiter_destroy(b);
    }
}

/* The limiter against its promise: no output sample above the ceiling,
 * for low and high tones under a slow envelope (long rising and falling
 * runs above the ceiling), at several ceilings. */
static void test_limiter_never_overshoots(void)
{
    enum { N = 22050 };
    static int16_t in[N], out[N + 64];
    static const double tones[] = {25.0, 60.0, 140.0, 320.0, 1100.0};
    static const double ceilings[] = {-3.0, -8.0, -15.0, -22.0};
    size_t t, c, i;
    double worst_db = -99.0;
    for (t = 0; t < sizeof tones / sizeof tones[0]; t++) {
        for (c = 0; c < sizeof ceilings / sizeof ceilings[0]; c++) {
            rs_limiter *l = NULL;
            double ceiling = 32767.0 * pow(10.0, ceilings[c] / 20.0);
            size_t produced;
            int peak = 0;
            for (i = 0; i < N; i++) {
                double envelope = 0.5 + 0.5 * sin(2.0 * M_PI * 3.0 * (double)i / 22050.0);
                double v = 32000.0 * envelope *
                           (0.7 * sin(2.0 * M_PI * tones[t] * (double)i / 22050.0) +
                            0.3 * sin(2.0 * M_PI * 7.3 * tones[t] * (double)i / 22050.0));
                in[i] = (int16_t)v;
            }
            CHECK(rs__limiter_create(&l, 22050, ceilings[c]) == 0);
            produced = limit_all(l, in, N, out);
            CHECK(produced == N);
            for (i = 0; i < produced; i++)
                if (abs(out[i]) > peak)
                    peak = abs(out[i]);
            if (20.0 * log10((double)peak / ceiling) > worst_db)
                worst_db = 20.0 * log10((double)peak / ceiling);
            rs__limiter_destroy(l);
        }
    }
    fprintf(stderr, "limiter: worst peak %.3f dB against the ceiling\n", worst_db);
    CHECK(worst_db < 0.01);
}

static void test_manifest_json(void)
{
    rs_buf b = {0};
    rs__json_string(&b, "quote \" backslash \\ newline \n tab \t ctl \x01 é");
    CHECK_STR(b.data, "\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 é\"");
    rs__buf_free(&b);
}

int main(void)
{
    test_time_format();
    test_chapter_names();
    test_plan_chapters();
    test_trimmer();
    test_limiter();
    test_limiter_never_overshoots();
    test_limiter_shortcut();
    test_manifest_json();
    return check_report("test_timeline");
}
