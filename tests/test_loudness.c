/* Unit tests of the loudness meters: the true peak found by interpolating
 * only the blocks that can hold it equals libebur128's over everything,
 * to the bit, for any way the samples are handed in; the stretch meter's
 * frames gate like libebur128's integrated loudness. */
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "encode/encode.h"
#include "check.h"

#define RATE 48000
#define LENGTH (RATE * 6)

/* A deterministic generator, so that a failure can be replayed. */
static unsigned long seed = 12345;
static double uniform(void)
{
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    return (double)(seed >> 11) / 9007199254740992.0;
}

/* libebur128's own true peak over all of pcm. */
static double reference_peak(const float *pcm, size_t count)
{
    ebur128_state *st = ebur128_init(1, RATE, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK);
    double peak = -1.0;
    if (st && ebur128_add_frames_float(st, pcm, count) == EBUR128_SUCCESS)
        ebur128_true_peak(st, 0, &peak);
    if (st)
        ebur128_destroy(&st);
    return peak;
}

/* The size of the next piece to feed: random up to most, or (most 0)
 * 960, so that the meters' own blocks fall on the same edges. */
static size_t piece(size_t most)
{
    return most ? 1 + (size_t)(uniform() * (double)most) : 960;
}

/* A meter's add function: count samples (float, or int16 for add_short). */
typedef int (*add_fn)(void *meter, const void *pcm, size_t count);

static int add_loudness(void *meter, const void *pcm, size_t count)
{
    return rs__loudness_add_float(meter, pcm, count);
}

static int add_short(void *meter, const void *pcm, size_t count)
{
    return rs__loudness_add(meter, pcm, count);
}

static int add_block(void *meter, const void *pcm, size_t count)
{
    return rs__block_meter_add(meter, pcm, count);
}

/* Feeds all count samples of size bytes each to the meter in pieces (see
 * piece); whether every piece went in. */
static int feed(add_fn add, void *meter, const void *pcm, size_t size, size_t count, size_t most)
{
    size_t done = 0;
    int fed = 1;
    while (done < count) {
        size_t n = piece(most);
        if (n > count - done)
            n = count - done;
        fed &= add(meter, (const char *)pcm + done * size, n) == 0;
        done += n;
    }
    return fed;
}

/* The true peak (dBTP) of the meter fed pcm in pieces (see piece). */
static double loudness_peak(const float *pcm, size_t count, size_t most)
{
    rs_loudness *l = NULL;
    double lufs, db = -1.0;
    CHECK(rs__loudness_create(&l, RATE, 1) == 0);
    if (l) {
        CHECK(feed(add_loudness, l, pcm, sizeof *pcm, count, most));
        CHECK(rs__loudness_result(l, &lufs, &db) == 0);
    }
    rs__loudness_destroy(l);
    return db;
}

static double block_meter_peak(const float *pcm, size_t count, size_t most)
{
    rs_block_meter *m = NULL;
    rs_heard heard;
    memset(&heard, 0, sizeof heard);
    CHECK(rs__block_meter_create(&m, RATE) == 0);
    if (m) {
        CHECK(feed(add_block, m, pcm, sizeof *pcm, count, most));
        rs__block_meter_take(m, &heard);
    }
    rs__block_meter_destroy(m);
    rs__free(heard.frames);
    return heard.peak;
}

/* Speech-like: bursts of a few partials under a syllable envelope, with
 * pauses, and now and then a loud one. */
static void speech_like(float *pcm, size_t count)
{
    size_t i = 0;
    while (i < count) {
        size_t len = (size_t)(RATE * (0.05 + 0.3 * uniform()));
        double f0 = 90.0 + 150.0 * uniform(), level = uniform() < 0.1 ? 0.9 : 0.1 + 0.4 * uniform();
        size_t k;
        int pause = uniform() < 0.2;
        for (k = 0; k < len && i < count; k++, i++) {
            double t = (double)k / RATE, env = sin(M_PI * (double)k / (double)len), v = 0.0;
            int h;
            for (h = 1; h <= 6 && !pause; h++)
                v += sin(2.0 * M_PI * f0 * h * t + h) / h;
            pcm[i] = (float)(level * env * v / 2.5);
        }
    }
}

/* libebur128's interpolation filter, phase 2 (the one whose coefficients
 * add up to most in absolute value: 1.864), as the test's own copy. */
static double phase2(int tap)
{
    int j = 4 * tap + 2;
    double m = (double)j - 24.0, c = sin(m * M_PI / 4.0) / (m * M_PI / 4.0);
    return c * 0.5 * (1.0 - cos(2.0 * M_PI * j / 48.0));
}

static void test_peak_matches_libebur128(void)
{
    static const size_t feeds[] = {960, 5000, 7, 0};
    float *pcm = malloc(LENGTH * sizeof *pcm);
    size_t i, trial, k;
    CHECK(pcm != NULL);
    if (!pcm)
        return;
    for (trial = 0; trial < 5; trial++) {
        double want;
        speech_like(pcm, LENGTH);
        if (trial == 1) /* white noise at a low level after the speech */
            for (i = LENGTH / 2; i < LENGTH; i++)
                pcm[i] = (float)(0.05 * (2.0 * uniform() - 1.0));
        if (trial >= 2) {
            /* after a sample of 1.0, in silence, the worst pattern at
             * 1.001 / 1.864: its samples stay far under the peak so far,
             * yet it interpolates to 1.001. A meter that trusted a bound
             * under 1.862 would skip it. Trial 3 puts it across an edge of
             * the meters' blocks (samples 144953 to 144965; 144960 ends a
             * block of 960 samples and of 120), where only the history
             * kept can give the filter what came before. */
            size_t at = trial == 2 ? RATE * 3 + 200 : trial == 3 ? RATE * 3 + 965 : RATE * 3 + 960;
            /* trial 4: the overshoot is made as sample 144960, a zero that
             * opens a block of silence, by the twelve before it alone: only
             * the largest of the history kept can send that block to the
             * probe */
            int newest = trial == 4 ? 1 : 0, t;
            double sum = 0.0, level;
            for (t = newest; t < 13; t++)
                sum += fabs(phase2(t));
            level = 1.001 / sum;
            for (i = at - 2000; i < at + 2000; i++)
                pcm[i] = 0.0f;
            pcm[RATE] = 1.0f;
            for (t = newest; t < 13; t++)
                pcm[at - (size_t)t] = (float)(phase2(t) >= 0 ? level : -level);
        }
        want = reference_peak(pcm, LENGTH);
        if (trial >= 2)
            CHECK(want > 1.0005); /* the pattern did overshoot the loud sample */
        for (k = 0; k < sizeof feeds / sizeof *feeds; k++) {
            CHECK(loudness_peak(pcm, LENGTH, feeds[k]) == 20.0 * log10(want));
            CHECK(block_meter_peak(pcm, LENGTH, feeds[k]) == want);
        }
    }
    free(pcm);
}

/* Parts of a stretch: a block meter told where parts end gives each kept
 * part the peak libebur128 finds in it, hearing everything before it and
 * given the part as one chunk (the higher of its sample and true peaks:
 * what encoding a part again is decided by), and the stretch the true peak
 * of everything, part or pause. */
static void test_part_peaks(void)
{
    enum { FRAME = RATE / 50, FRAMES = LENGTH / FRAME };
    static rs_part_peak want[FRAMES];
    float *pcm = malloc(LENGTH * sizeof *pcm);
    rs_block_meter *m = NULL;
    ebur128_state *p = ebur128_init(1, RATE, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_SAMPLE_PEAK);
    rs_heard heard;
    size_t f = 0, kept = 0, k;
    int same;
    memset(&heard, 0, sizeof heard);
    CHECK(pcm != NULL);
    if (!pcm)
        return;
    speech_like(pcm, LENGTH);
    CHECK(rs__block_meter_create(&m, RATE) == 0);
    CHECK(p != NULL);
    while (m && p && f < FRAMES) {
        /* a pause of one frame, not kept, or a part of 1 to 40 frames */
        int pause = uniform() < 0.3;
        size_t from = f, to = pause ? f + 1 : f + 1 + (size_t)(uniform() * 40.0);
        double peak = -1.0, sample = -1.0;
        if (to > FRAMES)
            to = FRAMES;
        CHECK(rs__block_meter_add(m, pcm + from * FRAME, (to - from) * FRAME) == 0);
        CHECK(ebur128_add_frames_float(p, pcm + from * FRAME, (to - from) * FRAME) == EBUR128_SUCCESS);
        CHECK(rs__block_meter_part(m, from, !pause) == 0);
        CHECK(ebur128_prev_true_peak(p, 0, &peak) == EBUR128_SUCCESS);
        CHECK(ebur128_prev_sample_peak(p, 0, &sample) == EBUR128_SUCCESS);
        if (sample > peak)
            peak = sample;
        if (!pause) {
            want[kept].from = (uint32_t)from;
            want[kept].to = (uint32_t)to;
            want[kept++].peak = peak;
        }
        f = to;
    }
    if (m)
        rs__block_meter_take(m, &heard);
    CHECK(kept > 5);
    CHECK(heard.part_count == kept && heard.frame_count == FRAMES);
    same = heard.part_count == kept;
    for (k = 0; same && k < kept; k++)
        same = heard.parts[k].from == want[k].from && heard.parts[k].to == want[k].to &&
               heard.parts[k].peak == want[k].peak;
    CHECK(same);
    CHECK(heard.peak == reference_peak(pcm, LENGTH));
    /* a part cannot begin past the frames heard */
    CHECK(m == NULL || rs__block_meter_part(m, FRAMES + 1, 1) == ROSTRUM_EINVAL);
    rs__free(heard.frames);
    rs__free(heard.parts);
    rs__block_meter_destroy(m);
    if (p)
        ebur128_destroy(&p);
    free(pcm);
}

/* 16-bit samples take their own way into the meter (blocks converted as
 * libebur128 converts them): the same true peak as libebur128's. */
static void test_peak_int16(void)
{
    float *pcm = malloc(LENGTH * sizeof *pcm);
    int16_t *samples = malloc(LENGTH * sizeof *samples);
    ebur128_state *st = ebur128_init(1, RATE, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK);
    rs_loudness *l = NULL;
    double want = -1.0, lufs, db = 0.0;
    size_t i;
    CHECK(pcm != NULL && samples != NULL && st != NULL);
    if (!pcm || !samples || !st)
        return;
    speech_like(pcm, LENGTH);
    for (i = 0; i < LENGTH; i++)
        samples[i] = (int16_t)lrint(pcm[i] * 32767.0);
    ebur128_add_frames_short(st, samples, LENGTH);
    ebur128_true_peak(st, 0, &want);
    CHECK(rs__loudness_create(&l, RATE, 1) == 0);
    if (l) {
        CHECK(feed(add_short, l, samples, sizeof *samples, LENGTH, 3000));
        CHECK(rs__loudness_result(l, &lufs, &db) == 0);
    }
    CHECK(want > 0.1 && db == 20.0 * log10(want));
    rs__loudness_destroy(l);
    ebur128_destroy(&st);
    free(samples);
    free(pcm);
}

/* The stretch meter's gated frames give libebur128's integrated loudness
 * of the same samples. */
static void test_gated_loudness(void)
{
    float *pcm = malloc(LENGTH * sizeof *pcm);
    rs_block_meter *m = NULL;
    rs_heard heard;
    ebur128_state *st = ebur128_init(1, RATE, EBUR128_MODE_I);
    double want = 0.0, got;
    CHECK(pcm != NULL && st != NULL);
    if (!pcm || !st)
        return;
    speech_like(pcm, LENGTH);
    ebur128_add_frames_float(st, pcm, LENGTH);
    ebur128_loudness_global(st, &want);
    CHECK(rs__block_meter_create(&m, RATE) == 0);
    CHECK(rs__block_meter_add(m, pcm, LENGTH) == 0);
    rs__block_meter_take(m, &heard);
    got = rs__loudness_gated(heard.frames, heard.frame_count);
    CHECK(fabs(got - want) < 0.01);
    CHECK(heard.frame_count == LENGTH / 960);
    rs__free(heard.frames);
    rs__block_meter_destroy(m);
    ebur128_destroy(&st);
    free(pcm);
}

int main(void)
{
    test_peak_matches_libebur128();
    test_peak_int16();
    test_part_peaks();
    test_gated_loudness();
    return check_report("test_loudness");
}
