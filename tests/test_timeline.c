/* Unit tests of the timeline: chapter time format and silence trimming. */
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

int main(void)
{
    test_time_format();
    test_trimmer();
    return check_report("test_timeline");
}
