/* rostrum-probe: an outside check of a rendered Ogg Opus file. Decodes it
 * with libopusfile and checks tags, duration, and that every chapter starts
 * where speech starts: quiet just before the marker, sound just after. The
 * first chapter starts at 0 and holds the lead-in: speech within LEAD_IN_MS.
 *
 *   rostrum-probe FILE [--chapters N] [--chapter-name I=NAME] [--tag KEY=VALUE]
 *                      [--duration-ms MS] [--tolerance-ms MS] [--onsets FILE] [--onset-tolerance-ms MS]
 * --onsets: a file of times (ms, one a line) where sound must begin after a
 * pause: the onset nearest each time (sound after at least 30 ms of quiet)
 * must lie within the onset tolerance (default 50 ms).
 * Exit 0 if every check passes; prints one line per failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opusfile.h>

#define RATE 48000
#define QUIET 0.004f   /* about -48 dBFS */
#define SOUND 0.02f    /* about -34 dBFS */
#define LEAD_IN_MS 500 /* the most silence before the first chapter's speech */

static int failures;

static void failf(const char *what, const char *detail)
{
    printf("FAIL: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    failures++;
}

/* Where sound begins after a pause: the first sample at or above QUIET after
 * at least 30 ms below it, where SOUND is reached within the next 50 ms. */
static long *find_onsets(const float *pcm, long total, long *count)
{
    long quiet_run = 0, n = 0, cap = 256, j;
    long *onsets = malloc((size_t)cap * sizeof *onsets);
    for (j = 0; onsets && j < total; j++) {
        if (fabsf(pcm[j]) < QUIET) {
            quiet_run++;
            continue;
        }
        if (quiet_run >= RATE * 30 / 1000) {
            long k;
            float peak = 0.0f;
            for (k = j; k < total && k < j + RATE / 20; k++)
                peak = fmaxf(peak, fabsf(pcm[k]));
            if (peak >= SOUND) {
                if (n == cap) {
                    long *grown = realloc(onsets, (size_t)(cap *= 2) * sizeof *onsets);
                    if (!grown) {
                        free(onsets);
                        return NULL;
                    }
                    onsets = grown;
                }
                onsets[n++] = j;
            }
        }
        quiet_run = 0;
    }
    *count = n;
    return onsets;
}

/* Checks that sound begins within tolerance of every time listed in path. */
static void check_onsets(const char *path, const float *pcm, long total, long tolerance)
{
    FILE *f = fopen(path, "r");
    long count = 0, *onsets = find_onsets(pcm, total, &count), ms, checked = 0, worst = 0;
    if (!f || !onsets) {
        failf("cannot read the onset list", path);
        free(onsets);
        if (f)
            fclose(f);
        return;
    }
    while (fscanf(f, "%ld", &ms) == 1) {
        long at = ms * RATE / 1000, best = -1, k, distance;
        for (k = 0; k < count; k++)
            if (best < 0 || labs(onsets[k] - at) < labs(onsets[best] - at))
                best = k;
        distance = best < 0 ? -1 : labs(onsets[best] - at) * 1000 / RATE;
        if (best < 0 || distance > tolerance) {
            printf("FAIL: cue at %ld ms: the nearest onset of sound is at %ld ms\n", ms,
                   best < 0 ? -1 : onsets[best] * 1000 / RATE);
            failures++;
        }
        if (distance > worst)
            worst = distance;
        checked++;
    }
    printf("onsets: %ld times checked, %ld onsets found, the farthest %ld ms away\n", checked, count, worst);
    fclose(f);
    free(onsets);
}

static long parse_time_ms(const char *t)
{
    unsigned h, m, s, ms;
    if (strlen(t) < 12 || sscanf(t, "%u:%2u:%2u.%3u", &h, &m, &s, &ms) != 4 || t[strlen(t) - 4] != '.')
        return -1;
    return ((long)h * 3600 + m * 60 + s) * 1000 + ms;
}

int main(int argc, char **argv)
{
    OggOpusFile *of;
    const OpusTags *tags;
    float *pcm = NULL;
    long total = 0, cap = 0;
    int err, i, expect_chapters = -1;
    long expect_duration = -1, tolerance = 20, onset_tolerance = 50;
    const char *onset_file = NULL;
    long chapter_ms[1000];
    int chapter_count = 0;
    char key[32];
    if (argc < 2) {
        fprintf(stderr, "usage: rostrum-probe FILE [checks]\n");
        return 2;
    }
    of = op_open_file(argv[1], &err);
    if (!of) {
        printf("FAIL: cannot open %s as Ogg Opus (error %d)\n", argv[1], err);
        return 1;
    }
    tags = op_tags(of, -1);
    for (;;) {
        int n;
        if (total + 5760 > cap) {
            cap = cap ? cap * 2 : RATE * 60;
            pcm = realloc(pcm, (size_t)cap * sizeof *pcm);
            if (!pcm)
                return 2;
        }
        n = op_read_float(of, pcm + total, (int)(cap - total), NULL);
        if (n < 0) {
            failf("decode error", NULL);
            break;
        }
        if (n == 0)
            break;
        total += n;
    }
    /* chapters: consecutive CHAPTERnnn tags from 000 */
    for (chapter_count = 0; chapter_count < 1000; chapter_count++) {
        const char *t, *name;
        snprintf(key, sizeof key, "CHAPTER%03d", chapter_count);
        t = opus_tags_query(tags, key, 0);
        snprintf(key, sizeof key, "CHAPTER%03dNAME", chapter_count);
        name = opus_tags_query(tags, key, 0);
        if (!t)
            break;
        chapter_ms[chapter_count] = parse_time_ms(t);
        if (chapter_ms[chapter_count] < 0)
            failf("chapter time is not HH:MM:SS.mmm", t);
        if (!name || !*name)
            failf("chapter without a name", t);
        if (chapter_count > 0 && chapter_ms[chapter_count] <= chapter_ms[chapter_count - 1])
            failf("chapter times do not increase", t);
    }
    printf("decoded %ld samples (%.3f s), %d chapters, output gain %d/256 dB\n", total, total / (double)RATE,
           chapter_count, op_head(of, -1)->output_gain);
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(a, "--chapters")) {
            expect_chapters = atoi(v);
            i++;
        } else if (!strcmp(a, "--duration-ms")) {
            expect_duration = atol(v);
            i++;
        } else if (!strcmp(a, "--onsets")) {
            onset_file = v;
            i++;
        } else if (!strcmp(a, "--onset-tolerance-ms")) {
            onset_tolerance = atol(v);
            i++;
        } else if (!strcmp(a, "--tolerance-ms")) {
            tolerance = atol(v);
            i++;
        } else if (!strcmp(a, "--tag") || !strcmp(a, "--chapter-name")) {
            const char *eq = strchr(v, '=');
            char k[64];
            const char *got;
            if (!eq || (size_t)(eq - v) >= sizeof k) {
                fprintf(stderr, "bad %s argument\n", a);
                return 2;
            }
            memcpy(k, v, (size_t)(eq - v));
            k[eq - v] = '\0';
            if (!strcmp(a, "--chapter-name"))
                snprintf(k, sizeof k, "CHAPTER%03dNAME", atoi(v));
            got = opus_tags_query(tags, k, 0);
            if (!got || strcmp(got, eq + 1) != 0) {
                printf("FAIL: tag %s is \"%s\", expected \"%s\"\n", k, got ? got : "(missing)", eq + 1);
                failures++;
            }
            i++;
        } else {
            fprintf(stderr, "unknown check %s\n", a);
            return 2;
        }
    }
    if (expect_chapters >= 0 && chapter_count != expect_chapters) {
        printf("FAIL: %d chapters, expected %d\n", chapter_count, expect_chapters);
        failures++;
    }
    if (expect_duration >= 0 && labs(total * 1000 / RATE - expect_duration) > 2) {
        printf("FAIL: duration %ld ms, expected %ld ms\n", total * 1000 / RATE, expect_duration);
        failures++;
    }
    /* every chapter: quiet for 100 ms before, speech onset within tolerance */
    for (i = 0; i < chapter_count; i++) {
        long at = chapter_ms[i] * RATE / 1000;
        long before = at - RATE / 10, onset = -1, j, allowed = tolerance;
        float loud_before = 0.0f, loud_after = 0.0f;
        int lead_in = i == 0 && at == 0;
        if (before < 0)
            before = 0;
        for (j = before; j < at - RATE / 500 && j < total; j++)
            loud_before = fmaxf(loud_before, fabsf(pcm[j]));
        for (j = at - RATE / 10 > 0 ? at - RATE / 10 : 0; j < total && j < at + RATE; j++) {
            if (fabsf(pcm[j]) >= QUIET * 2) {
                onset = j;
                break;
            }
        }
        for (j = at; j < total && j < at + RATE / 5; j++)
            loud_after = fmaxf(loud_after, fabsf(pcm[j]));
        if (loud_before >= QUIET) {
            printf("FAIL: chapter %d at %ld ms: not quiet before it (peak %.4f)\n", i, chapter_ms[i], loud_before);
            failures++;
        }
        if (lead_in) {
            /* the file's first chapter: the lead-in, then speech */
            allowed = LEAD_IN_MS;
            for (j = 0; j < total && j < at + RATE * LEAD_IN_MS / 1000 + RATE / 5; j++)
                loud_after = fmaxf(loud_after, fabsf(pcm[j]));
        }
        if (loud_after < SOUND) {
            printf("FAIL: chapter %d at %ld ms: no sound after it (peak %.4f)\n", i, chapter_ms[i], loud_after);
            failures++;
        }
        if (onset < 0 || labs((onset - at) * 1000 / RATE) > allowed) {
            printf("FAIL: chapter %d at %ld ms: speech starts at %ld ms\n", i, chapter_ms[i],
                   onset < 0 ? -1 : onset * 1000 / RATE);
            failures++;
        }
    }
    if (onset_file)
        check_onsets(onset_file, pcm, total, onset_tolerance);
    free(pcm);
    op_free(of);
    printf("%s\n", failures ? "probe: FAILED" : "probe: ok");
    return failures ? 1 : 0;
}
