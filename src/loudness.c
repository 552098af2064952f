/* Loudness: libebur128 measures the whole render (integrated loudness and
 * true peak), and one gain brings it to the target. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <ebur128.h>

#include "internal.h"

struct rs_loudness {
    ebur128_state *state;
    int true_peak;
};

int rs__loudness_create(rs_loudness **out, unsigned rate, int true_peak)
{
    rs_loudness *l = rs__calloc(1, sizeof *l);
    if (!l)
        return ROSTRUM_ENOMEM;
    /* true peak oversamples four times and costs far more than the rest */
    l->state = ebur128_init(1, rate, EBUR128_MODE_I | (true_peak ? EBUR128_MODE_TRUE_PEAK : EBUR128_MODE_SAMPLE_PEAK));
    l->true_peak = true_peak;
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

int rs__loudness_add_float(rs_loudness *l, const float *pcm, size_t count)
{
    return ebur128_add_frames_float(l->state, pcm, count) == EBUR128_SUCCESS ? 0 : ROSTRUM_ENOMEM;
}

int rs__loudness_result(rs_loudness *l, double *lufs, double *true_peak_db)
{
    double peak = 0.0;
    if (ebur128_loudness_global(l->state, lufs) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    if ((l->true_peak ? ebur128_true_peak(l->state, 0, &peak) : ebur128_sample_peak(l->state, 0, &peak)) !=
        EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    *true_peak_db = peak > 0.0 ? 20.0 * log10(peak) : -HUGE_VAL;
    return 0;
}

void rs__ebur128_version(char *buf, size_t size)
{
    int major, minor, patch;
    ebur128_get_version(&major, &minor, &patch);
    snprintf(buf, size, "libebur128 %d.%d.%d", major, minor, patch);
}

void rs__loudness_destroy(rs_loudness *l)
{
    if (!l)
        return;
    ebur128_destroy(&l->state);
    rs__free(l);
}

/* ---- a meter on its own thread ----
 * The true-peak meter oversamples four times and, with the decoding of
 * what was encoded, would add a tenth to the encode time; on a second core
 * it runs beside the encoder instead. Blocks (float samples at full scale
 * 1, or packets for the decode function) are copied into a ring; the
 * feeder waits only when the ring is full. */

#define METER_SLOTS 16
#define METER_SLOT_BYTES 32768
#define METER_DECODE_MAX 5760

struct rs_meter {
    rs_loudness *loudness;
    rs_meter_decode_fn decode;
    void *decode_user;
    pthread_t thread;
    int threaded;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    unsigned char slots[METER_SLOTS][METER_SLOT_BYTES];
    size_t lengths[METER_SLOTS];
    size_t head, count; /* ring of filled slots */
    int closing;
    int rc;
    float decoded[METER_DECODE_MAX];
};

/* Measures one block: decoded first when it is a packet. */
static int meter_take(rs_meter *m, const unsigned char *block, size_t bytes)
{
    if (m->decode) {
        long samples = m->decode(m->decode_user, block, bytes, m->decoded, METER_DECODE_MAX);
        if (samples < 0)
            return ROSTRUM_EENCODE;
        return rs__loudness_add_float(m->loudness, m->decoded, (size_t)samples);
    }
    return rs__loudness_add_float(m->loudness, (const float *)(const void *)block, bytes / sizeof(float));
}

static void *meter_main(void *arg)
{
    rs_meter *m = arg;
    pthread_mutex_lock(&m->lock);
    for (;;) {
        size_t slot;
        int rc;
        while (m->count == 0 && !m->closing)
            pthread_cond_wait(&m->changed, &m->lock);
        if (m->count == 0)
            break;
        slot = m->head;
        pthread_mutex_unlock(&m->lock);
        rc = m->rc ? 0 : meter_take(m, m->slots[slot], m->lengths[slot]);
        pthread_mutex_lock(&m->lock);
        if (rc && !m->rc)
            m->rc = rc;
        m->head = (m->head + 1) % METER_SLOTS;
        m->count--;
        pthread_cond_broadcast(&m->changed);
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

int rs__meter_start(rs_meter **out, unsigned rate, int true_peak, rs_meter_decode_fn decode, void *decode_user)
{
    rs_meter *m = rs__calloc(1, sizeof *m);
    int rc;
    if (!m)
        return ROSTRUM_ENOMEM;
    rc = rs__loudness_create(&m->loudness, rate, true_peak);
    if (rc) {
        rs__free(m);
        return rc;
    }
    m->decode = decode;
    m->decode_user = decode_user;
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->changed, NULL);
    /* without a thread the meter still works, on the caller's time */
    m->threaded = pthread_create(&m->thread, NULL, meter_main, m) == 0;
    *out = m;
    return 0;
}

/* Hands one block to the meter thread, waiting for a free slot. */
static int meter_put(rs_meter *m, const void *block, size_t bytes)
{
    size_t slot;
    int rc;
    if (!m->threaded)
        return meter_take(m, block, bytes);
    pthread_mutex_lock(&m->lock);
    while (m->count == METER_SLOTS)
        pthread_cond_wait(&m->changed, &m->lock);
    slot = (m->head + m->count) % METER_SLOTS;
    pthread_mutex_unlock(&m->lock);
    /* the slot is free and only this thread fills slots */
    memcpy(m->slots[slot], block, bytes);
    m->lengths[slot] = bytes;
    pthread_mutex_lock(&m->lock);
    m->count++;
    rc = m->rc;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

int rs__meter_feed(rs_meter *m, const float *pcm, size_t count)
{
    const size_t per_slot = METER_SLOT_BYTES / sizeof(float);
    int rc = 0;
    while (count > 0 && rc == 0) {
        size_t n = count < per_slot ? count : per_slot;
        rc = meter_put(m, pcm, n * sizeof *pcm);
        pcm += n;
        count -= n;
    }
    return rc;
}

int rs__meter_feed_packet(rs_meter *m, const unsigned char *packet, size_t len)
{
    if (!m->decode || len > METER_SLOT_BYTES)
        return ROSTRUM_EINVAL;
    return meter_put(m, packet, len);
}

static void meter_stop(rs_meter *m)
{
    if (!m->threaded)
        return;
    pthread_mutex_lock(&m->lock);
    m->closing = 1;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    m->threaded = 0;
}

int rs__meter_finish(rs_meter *m, double *lufs, double *true_peak_db)
{
    meter_stop(m);
    if (m->rc)
        return m->rc;
    return rs__loudness_result(m->loudness, lufs, true_peak_db);
}

void rs__meter_destroy(rs_meter *m)
{
    if (!m)
        return;
    meter_stop(m);
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->changed);
    rs__loudness_destroy(m->loudness);
    rs__free(m);
}

/* ---- gating blocks, which add up across stretches ----
 * BS.1770 integrated loudness is the mean energy of the 400 ms blocks (100
 * ms apart) that pass two gates. A stretch measured on its own yields its
 * blocks; the blocks of all stretches give the loudness of the whole, with
 * no need to measure the stretches in order on one thread. */

struct rs_block_meter {
    ebur128_state *state;
    size_t hop;        /* samples in 100 ms */
    size_t until_block; /* samples still to add before the next block ends */
    double *blocks;
    size_t count, cap;
};

int rs__block_meter_create(rs_block_meter **out, unsigned rate)
{
    rs_block_meter *m = rs__calloc(1, sizeof *m);
    if (!m)
        return ROSTRUM_ENOMEM;
    m->state = ebur128_init(1, rate, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK);
    if (!m->state) {
        rs__free(m);
        return ROSTRUM_ENOMEM;
    }
    m->hop = rate / 10;
    m->until_block = 4 * m->hop;
    *out = m;
    return 0;
}

/* libebur128 ends a gating block every 100 ms once 400 ms are in; its
 * momentary loudness is then exactly that block's loudness. */
static int keep_block(rs_block_meter *m)
{
    double lufs;
    if (ebur128_loudness_momentary(m->state, &lufs) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        double *grown = rs__realloc(m->blocks, cap * sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        m->blocks = grown;
        m->cap = cap;
    }
    m->blocks[m->count++] = isfinite(lufs) ? pow(10.0, (lufs + 0.691) / 10.0) : 0.0;
    return 0;
}

int rs__block_meter_add(rs_block_meter *m, const float *pcm, size_t count)
{
    while (count > 0) {
        size_t n = count < m->until_block ? count : m->until_block;
        int rc;
        if (ebur128_add_frames_float(m->state, pcm, n) != EBUR128_SUCCESS)
            return ROSTRUM_ENOMEM;
        pcm += n;
        count -= n;
        m->until_block -= n;
        if (m->until_block == 0) {
            m->until_block = m->hop;
            rc = keep_block(m);
            if (rc)
                return rc;
        }
    }
    return 0;
}

void rs__block_meter_take(rs_block_meter *m, rs_heard *out)
{
    double peak = 0.0;
    if (ebur128_true_peak(m->state, 0, &peak) != EBUR128_SUCCESS)
        peak = 0.0;
    out->blocks = m->blocks;
    out->block_count = m->count;
    out->peak = peak;
    m->blocks = NULL;
    m->count = m->cap = 0;
}

void rs__block_meter_destroy(rs_block_meter *m)
{
    if (!m)
        return;
    ebur128_destroy(&m->state);
    rs__free(m->blocks);
    rs__free(m);
}

/* The two gates of BS.1770: blocks above -70 LUFS, then those within 10 LU
 * of their mean. -HUGE_VAL when nothing passes. */
double rs__loudness_gated(const double *blocks, size_t count)
{
    const double absolute = pow(10.0, (-70.0 + 0.691) / 10.0);
    double sum = 0.0, relative;
    size_t i, n = 0;
    for (i = 0; i < count; i++) {
        if (blocks[i] >= absolute) {
            sum += blocks[i];
            n++;
        }
    }
    if (n == 0)
        return -HUGE_VAL;
    relative = sum / (double)n * 0.1;
    sum = 0.0;
    n = 0;
    for (i = 0; i < count; i++) {
        if (blocks[i] >= absolute && blocks[i] >= relative) {
            sum += blocks[i];
            n++;
        }
    }
    return n ? 10.0 * log10(sum / (double)n) - 0.691 : -HUGE_VAL;
}
