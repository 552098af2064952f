/* Loudness: libebur128 measures the whole render (integrated loudness and
 * true peak), and one gain brings it to the target. */
#include <math.h>

#include <ebur128.h>

#include "internal.h"

struct rs_loudness {
    ebur128_state *state;
};

int rs__loudness_create(rs_loudness **out, unsigned rate)
{
    rs_loudness *l = rs__calloc(1, sizeof *l);
    if (!l)
        return ROSTRUM_ENOMEM;
    l->state = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    if (!l->state) {
        rs__free(l);
        return ROSTRUM_ENOMEM;
    }
    *out = l;
    return 0;
}

int rs__loudness_add(rs_loudness *l, const int16_t *pcm, size_t count)
{
    return ebur128_add_frames_short(l->state, pcm, count) == EBUR128_SUCCESS ? 0 : ROSTRUM_ENOMEM;
}

int rs__loudness_result(rs_loudness *l, double *lufs, double *true_peak_db)
{
    double peak = 0.0;
    if (ebur128_loudness_global(l->state, lufs) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    if (ebur128_true_peak(l->state, 0, &peak) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    *true_peak_db = peak > 0.0 ? 20.0 * log10(peak) : -HUGE_VAL;
    return 0;
}

void rs__loudness_destroy(rs_loudness *l)
{
    if (!l)
        return;
    ebur128_destroy(&l->state);
    rs__free(l);
}

double rs__loudness_gain(double measured_lufs, double true_peak_db, double target_lufs, double ceiling_dbtp)
{
    double gain;
    if (!isfinite(measured_lufs))
        return 0.0; /* silence: nothing to bring up */
    gain = target_lufs - measured_lufs;
    if (isfinite(true_peak_db) && true_peak_db + gain > ceiling_dbtp)
        gain = ceiling_dbtp - true_peak_db;
    return gain;
}
