/* Unit tests of the peak limiter: the ceiling held, the same output fed
 * in pieces or whole, and its pass-through shortcut. */
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdlib.h>

#include "audio/audio.h"
#include "check.h"

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

int main(void)
{
    test_limiter();
    test_limiter_never_overshoots();
    test_limiter_shortcut();
    return check_report("test_limiter");
}
