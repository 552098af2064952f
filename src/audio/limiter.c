/* A look-ahead peak limiter. Speech from espeak-ng has a peak-to-loudness
 * ratio near 20 dB, so reaching -19 LUFS under a -1 dBTP ceiling needs the
 * rare highest peaks held down by a few dB; the limiter does that without
 * touching the rest, so the file keeps one gain. Pure. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio.h"

struct rs_limiter {
    double ceiling;      /* largest allowed |sample| */
    size_t look;         /* look-ahead and smoothing length in samples */
    double recovery;     /* per-sample step of the gain back towards 1 */
    int16_t *delay;      /* the last look input samples */
    double *smooth;      /* the last look gains, for the moving average */
    double smooth_sum;
    double *min_value;   /* monotonic queue for the moving minimum */
    size_t *min_index;
    size_t min_head, min_len;
    double gain;         /* released gain */
    int32_t pass;        /* the largest |sample| that needs no gain under 1 */
    size_t unity;        /* samples in a row whose gain was exactly 1, up to look */
    int no_shortcut;     /* every sample through limit_one (tests) */
    uint64_t n;          /* samples taken in */
    size_t slot;         /* n % look, kept without dividing */
};

int rs__limiter_create(rs_limiter **out, unsigned rate, double ceiling_dbfs)
{
    rs_limiter *l = rs__calloc(1, sizeof *l);
    size_t i;
    if (!l)
        return ROSTRUM_ENOMEM;
    l->look = rate / 500 + 1;  /* 2 ms */
    l->ceiling = 32767.0 * pow(10.0, ceiling_dbfs / 20.0);
    l->pass = l->ceiling >= 32768.0 ? 32768 : (int32_t)floor(l->ceiling);
    l->recovery = 1.0 - exp(-1.0 / (0.030 * rate)); /* 30 ms release */
    l->delay = rs__calloc(l->look, sizeof *l->delay);
    l->smooth = rs__calloc(l->look, sizeof *l->smooth);
    l->min_value = rs__calloc(l->look + 1, sizeof *l->min_value);
    l->min_index = rs__calloc(l->look + 1, sizeof *l->min_index);
    if (!l->delay || !l->smooth || !l->min_value || !l->min_index) {
        rs__limiter_destroy(l);
        return ROSTRUM_ENOMEM;
    }
    for (i = 0; i < l->look; i++)
        l->smooth[i] = 1.0;
    l->smooth_sum = (double)l->look;
    l->gain = 1.0;
    l->unity = l->look;
    *out = l;
    return 0;
}

void rs__limiter_destroy(rs_limiter *l)
{
    if (!l)
        return;
    rs__free(l->delay);
    rs__free(l->smooth);
    rs__free(l->min_value);
    rs__free(l->min_index);
    rs__free(l);
}

/* i + k within a ring of cap entries (i < cap, k <= cap) */
static size_t ring(size_t i, size_t k, size_t cap)
{
    i += k;
    return i >= cap ? i - cap : i;
}

/* The smallest gain needed over the last look + 1 samples, this one
 * included: a monotonic queue, oldest entries expired before the new one
 * goes in, so it never holds more than look + 1 entries. */
static double window_minimum(rs_limiter *l, double needed)
{
    size_t cap = l->look + 1;
    while (l->min_len > 0 && (size_t)l->n - l->min_index[l->min_head] >= cap) {
        l->min_head = ring(l->min_head, 1, cap);
        l->min_len--;
    }
    /* larger values behind a smaller new one can never be the minimum again */
    while (l->min_len > 0 && l->min_value[ring(l->min_head, l->min_len - 1, cap)] >= needed)
        l->min_len--;
    l->min_value[ring(l->min_head, l->min_len, cap)] = needed;
    l->min_index[ring(l->min_head, l->min_len, cap)] = (size_t)l->n;
    l->min_len++;
    return l->min_value[l->min_head];
}

static int16_t limit_one(rs_limiter *l, int16_t x)
{
    size_t slot = l->slot;
    double magnitude = fabs((double)x);
    double needed = magnitude > l->ceiling ? l->ceiling / magnitude : 1.0;
    double minimum = window_minimum(l, needed);
    double smoothed, y;
    int16_t delayed;
    l->gain += (1.0 - l->gain) * l->recovery;
    if (l->gain > 1.0 - 1e-7)
        l->gain = 1.0; /* back to unity exactly, so quiet passages pass untouched */
    if (minimum < l->gain)
        l->gain = minimum;
    /* the average of the last look gains is below what every sample in
     * its window needs, so no delayed sample passes the ceiling */
    l->smooth_sum += l->gain - l->smooth[slot];
    l->smooth[slot] = l->gain;
    if (l->gain != 1.0)
        l->unity = 0;
    else if (l->unity < l->look && ++l->unity == l->look)
        l->smooth_sum = (double)l->look; /* every gain in it is 1: no drift */
    smoothed = l->smooth_sum / (double)l->look;
    if (smoothed > 1.0 - 1e-9)
        smoothed = 1.0; /* the running sum drifts by rounding */
    delayed = l->delay[slot];
    l->delay[slot] = x;
    l->n++;
    l->slot = slot + 1 == l->look ? 0 : slot + 1;
    if (smoothed == 1.0)
        return delayed; /* most samples: untouched */
    y = floor((double)delayed * smoothed + 0.5);
    if (y > 32767.0)
        y = 32767.0;
    if (y < -32768.0)
        y = -32768.0;
    return (int16_t)y;
}

/* While the gain has been 1 over the whole window, samples under the
 * ceiling only pass through the delay line: the same as limit_one gives
 * them, without its arithmetic. Stops at the first sample over it. */
static size_t pass_through(rs_limiter *l, const int16_t *in, size_t count, int16_t *out, size_t *written)
{
    size_t i, slot = l->slot;
    for (i = 0; i < count && abs(in[i]) <= l->pass; i++) {
        int16_t delayed = l->delay[slot];
        l->delay[slot] = in[i];
        slot = slot + 1 == l->look ? 0 : slot + 1;
        if (++l->n > l->look)
            out[(*written)++] = delayed;
    }
    if (i > 0) {
        /* the window's minimum: one entry, 1, from the last of them */
        l->slot = slot;
        l->min_head = 0;
        l->min_len = 1;
        l->min_value[0] = 1.0;
        l->min_index[0] = (size_t)(l->n - 1);
    }
    return i;
}

/* While the gain recovers and no sample in the window needs less than 1
 * (the queue holds one entry, 1), samples under the ceiling only move the
 * gain back towards 1: the same as limit_one gives them, without the
 * queue. Stops at the first sample over it, or when the gain has been 1
 * over the whole window (pass_through's turn). */
static size_t release(rs_limiter *l, const int16_t *in, size_t count, int16_t *out, size_t *written)
{
    size_t i, slot = l->slot, look = l->look, unity = l->unity;
    double gain = l->gain, sum = l->smooth_sum, recovery = l->recovery;
    for (i = 0; i < count && unity < look && abs(in[i]) <= l->pass; i++) {
        double smoothed;
        int16_t delayed = l->delay[slot];
        gain += (1.0 - gain) * recovery;
        if (gain > 1.0 - 1e-7)
            gain = 1.0;
        sum += gain - l->smooth[slot];
        l->smooth[slot] = gain;
        if (gain != 1.0)
            unity = 0;
        else if (++unity == look)
            sum = (double)look;
        smoothed = sum / (double)look;
        l->delay[slot] = in[i];
        slot = slot + 1 == look ? 0 : slot + 1;
        if (++l->n <= look)
            continue;
        if (smoothed > 1.0 - 1e-9) {
            out[(*written)++] = delayed;
        } else {
            double y = floor((double)delayed * smoothed + 0.5);
            out[(*written)++] = (int16_t)(y > 32767.0 ? 32767.0 : y < -32768.0 ? -32768.0 : y);
        }
    }
    if (i > 0) {
        l->slot = slot;
        l->unity = unity;
        l->gain = gain;
        l->smooth_sum = sum;
        l->min_index[l->min_head] = (size_t)(l->n - 1);
    }
    return i;
}

/* The queue holds one entry, 1: no sample in the window needs less. */
static int window_is_unity(const rs_limiter *l)
{
    return l->min_len == 1 && l->min_value[l->min_head] == 1.0;
}

size_t rs__limiter_process(rs_limiter *l, const int16_t *in, size_t count, int16_t *out)
{
    size_t i = 0, written = 0;
    while (i < count) {
        int16_t y;
        /* unity reaches look only while every gain is 1: the last one too */
        if (l->unity == l->look && !l->no_shortcut) {
            i += pass_through(l, in + i, count - i, out, &written);
            if (i == count)
                break;
        } else if (window_is_unity(l) && !l->no_shortcut) {
            i += release(l, in + i, count - i, out, &written);
            if (i == count)
                break;
            if (l->unity == l->look)
                continue;
        }
        y = limit_one(l, in[i++]);
        if (l->n > l->look)
            out[written++] = y;
    }
    return written;
}

size_t rs__limiter_flush(rs_limiter *l, int16_t *out)
{
    size_t i, written = 0, pending = l->n < l->look ? (size_t)l->n : l->look;
    for (i = 0; i < l->look; i++) {
        int16_t y = limit_one(l, 0);
        if (l->n > l->look && written < pending)
            out[written++] = y;
    }
    return written;
}

void rs__limiter_shortcut(rs_limiter *l, int on)
{
    l->no_shortcut = !on;
}

size_t rs__limiter_delay(const rs_limiter *l)
{
    return l->look;
}
