/* Loudness: libebur128 measures the whole render (integrated loudness and
 * true peak), and one gain brings it to the target. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <ebur128.h>

#include "audio/audio.h"

/* ---- true peak, interpolated only where it can be the highest ----
 * libebur128 finds the true peak by interpolating four times with a 49-tap
 * filter; that costs some six times the rest of its metering. No
 * interpolated sample exceeds 1.87 times the largest of the 13 input
 * samples it is made of (the most any phase's coefficients add up to in
 * absolute value), so a block whose samples, and the PEAK_HISTORY before
 * it, stay under half the peak found so far cannot raise it and is skipped.
 * A block that can is given to a probe meter after the samples before it,
 * so that the filter holds exactly what it would hold had the probe heard
 * everything: the peak found is libebur128's, to the bit. Blocks are
 * short (2.5 ms at 48 kHz), so that only the few near a peak are probed:
 * on decoded speech about one in ten (one in four of 20 ms blocks). */

#define PEAK_HISTORY 32 /* samples kept: an output is made of 13 (25 from 96 kHz) */
#define PEAK_BLOCK 120
#define PEAK_BOUND 2.0

typedef struct {
    ebur128_state *probe;
    float before[PEAK_HISTORY]; /* the last samples heard */
    double reach;               /* the largest of them in magnitude */
    double peak;                /* the highest, sample or interpolated */
    double bound;               /* how far over its inputs an interpolated sample may go */
    int probe_in_step;          /* the probe heard the block before: it holds before already */
} peak_finder;

static int peak_open(peak_finder *p, unsigned rate)
{
    memset(p, 0, sizeof *p);
    /* from 96 kHz libebur128 interpolates with other filters: every block */
    p->bound = rate < 96000 ? PEAK_BOUND : HUGE_VAL;
    /* libebur128 wants a loudness mode beside the peak; it goes unread */
    p->probe = ebur128_init(1, rate, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK);
    return p->probe ? 0 : ROSTRUM_ENOMEM;
}

static void peak_close(peak_finder *p)
{
    if (p->probe)
        ebur128_destroy(&p->probe);
}

static double largest(const float *pcm, size_t count)
{
    double top = 0.0;
    size_t i;
    for (i = 0; i < count; i++) {
        double a = fabs((double)pcm[i]);
        if (a > top)
            top = a;
    }
    return top;
}

static int peak_block(peak_finder *p, const float *pcm, size_t count)
{
    size_t split = count > PEAK_HISTORY ? count - PEAK_HISTORY : 0;
    double tail = largest(pcm + split, count - split), head = largest(pcm, split);
    double own = head > tail ? head : tail, reach = p->reach;
    if (own > p->peak)
        p->peak = own;
    if ((own > reach ? own : reach) * p->bound > p->peak) {
        double interpolated;
        /* blocks near a peak come in runs: after a probed block the probe
         * holds the samples before this one as they were */
        if ((!p->probe_in_step &&
             ebur128_add_frames_float(p->probe, p->before, PEAK_HISTORY) != EBUR128_SUCCESS) ||
            ebur128_add_frames_float(p->probe, pcm, count) != EBUR128_SUCCESS ||
            ebur128_prev_true_peak(p->probe, 0, &interpolated) != EBUR128_SUCCESS)
            return ROSTRUM_ENOMEM;
        if (interpolated > p->peak)
            p->peak = interpolated;
        p->probe_in_step = 1;
    } else {
        p->probe_in_step = 0;
    }
    if (count >= PEAK_HISTORY) {
        memcpy(p->before, pcm + count - PEAK_HISTORY, sizeof p->before);
        p->reach = tail;
    } else {
        memmove(p->before, p->before + count, (PEAK_HISTORY - count) * sizeof *p->before);
        memcpy(p->before + PEAK_HISTORY - count, pcm, count * sizeof *pcm);
        p->reach = largest(p->before, PEAK_HISTORY);
    }
    return 0;
}

static int peak_add(peak_finder *p, const float *pcm, size_t count)
{
    while (count > 0) {
        size_t n = count < PEAK_BLOCK ? count : PEAK_BLOCK;
        int rc = peak_block(p, pcm, n);
        if (rc)
            return rc;
        pcm += n;
        count -= n;
    }
    return 0;
}

struct rs_loudness {
    ebur128_state *state;
    int true_peak;
    peak_finder peak;
};

int rs__loudness_create(rs_loudness **out, unsigned rate, int true_peak)
{
    rs_loudness *l = rs__calloc(1, sizeof *l);
    if (!l)
        return ROSTRUM_ENOMEM;
    /* the histogram keeps memory constant however long the render (a list
     * of blocks grows by 10 a second): it counts each block in a bin a
     * tenth of an LU wide, which moves the integrated loudness by a few
     * hundredths of an LU at most */
    l->state = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK | EBUR128_MODE_HISTOGRAM);
    l->true_peak = true_peak;
    if (!l->state || (true_peak && peak_open(&l->peak, rate) != 0)) {
        rs__loudness_destroy(l);
        return ROSTRUM_ENOMEM;
    }
    *out = l;
    return 0;
}

int rs__loudness_add(rs_loudness *l, const int16_t *pcm, size_t count)
{
    float block[PEAK_BLOCK];
    size_t done, i;
    if (ebur128_add_frames_short(l->state, pcm, count) != EBUR128_SUCCESS)
        return ROSTRUM_ENOMEM;
    for (done = 0; l->true_peak && done < count; done += PEAK_BLOCK) {
        size_t n = count - done < PEAK_BLOCK ? count - done : PEAK_BLOCK;
        int rc;
        for (i = 0; i < n; i++)
            block[i] = (float)((double)pcm[done + i] / 32768.0);
        rc = peak_block(&l->peak, block, n);
        if (rc)
            return rc;
    }
    return 0;
}

int rs__loudness_add_float(rs_loudness *l, const float *pcm, size_t count)
{
    if (ebur128_add_frames_float(l->state, pcm, count) != EBUR128_SUCCESS)
        return ROSTRUM_ENOMEM;
    return l->true_peak ? peak_add(&l->peak, pcm, count) : 0;
}

int rs__loudness_result(rs_loudness *l, double *lufs, double *true_peak_db)
{
    double peak = 0.0;
    if (ebur128_loudness_global(l->state, lufs) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    if (l->true_peak)
        peak = l->peak.peak;
    else if (ebur128_sample_peak(l->state, 0, &peak) != EBUR128_SUCCESS)
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
    if (l->state)
        ebur128_destroy(&l->state);
    peak_close(&l->peak);
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

/* ---- loudness that adds up across stretches ----
 * BS.1770 integrated loudness is the mean energy of the 400 ms blocks (100
 * ms apart) that pass two gates. A stretch is a whole number of 20 ms
 * frames, so the K-weighted energy of each frame of each stretch (measured
 * with libebur128 on the stretch alone) gives, put end to end, the frames
 * of the whole stream; its blocks are made of them on the stream's own
 * grid, as one meter over the whole stream would make them. Only the
 * K-weighting filter starts afresh at each seam, where all is silence. */

#define FRAMES_PER_SECOND 50
#define BLOCK_FRAMES 20 /* 400 ms */
#define HOP_FRAMES 5    /* 100 ms */

struct rs_block_meter {
    ebur128_state *state;
    peak_finder peak;
    size_t frame;        /* samples in 20 ms */
    size_t until_frame;  /* samples still to add before the frame ends */
    double *frames;
    size_t count, cap;
    double top;          /* the highest peak of the parts ended */
    rs_part_peak *parts;
    size_t part_count, part_cap;
};

int rs__block_meter_create(rs_block_meter **out, unsigned rate)
{
    rs_block_meter *m;
    if (rate % FRAMES_PER_SECOND != 0)
        return ROSTRUM_EINVAL;
    m = rs__calloc(1, sizeof *m);
    if (!m)
        return ROSTRUM_ENOMEM;
    m->state = ebur128_init(1, rate, EBUR128_MODE_M);
    if (!m->state || peak_open(&m->peak, rate) != 0) {
        rs__block_meter_destroy(m);
        return ROSTRUM_ENOMEM;
    }
    m->frame = rate / FRAMES_PER_SECOND;
    m->until_frame = m->frame;
    *out = m;
    return 0;
}

/* The energy of the frame just ended: libebur128's loudness of the last
 * 20 ms, which it computes over exactly those samples. */
static int keep_frame(rs_block_meter *m)
{
    double lufs;
    if (ebur128_loudness_window(m->state, 1000 / FRAMES_PER_SECOND, &lufs) != EBUR128_SUCCESS)
        return ROSTRUM_EINVAL;
    if (rs__grow(&m->frames, &m->cap, m->count + 1, sizeof *m->frames) != 0)
        return ROSTRUM_ENOMEM;
    m->frames[m->count++] = isfinite(lufs) ? pow(10.0, (lufs + 0.691) / 10.0) : 0.0;
    return 0;
}

int rs__block_meter_add(rs_block_meter *m, const float *pcm, size_t count)
{
    while (count > 0) {
        size_t n = count < m->until_frame ? count : m->until_frame;
        int rc;
        if (ebur128_add_frames_float(m->state, pcm, n) != EBUR128_SUCCESS)
            return ROSTRUM_ENOMEM;
        rc = peak_add(&m->peak, pcm, n);
        if (rc)
            return rc;
        pcm += n;
        count -= n;
        m->until_frame -= n;
        if (m->until_frame == 0) {
            m->until_frame = m->frame;
            rc = keep_frame(m);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* The finder starts every part from nothing (it goes on hearing the
 * samples before, which its filter needs), so that a part's peak is the
 * highest libebur128 finds in the part's own samples. */
int rs__block_meter_part(rs_block_meter *m, size_t from, int keep)
{
    double peak = m->peak.peak;
    m->peak.peak = 0.0;
    if (peak > m->top)
        m->top = peak;
    if (!keep)
        return 0;
    if (from > m->count || m->count > UINT32_MAX)
        return ROSTRUM_EINVAL;
    if (rs__grow(&m->parts, &m->part_cap, m->part_count + 1, sizeof *m->parts) != 0)
        return ROSTRUM_ENOMEM;
    m->parts[m->part_count].from = (uint32_t)from;
    m->parts[m->part_count].to = (uint32_t)m->count;
    m->parts[m->part_count++].peak = peak;
    return 0;
}

void rs__block_meter_take(rs_block_meter *m, rs_heard *out)
{
    out->frames = m->frames;
    out->frame_count = m->count;
    out->peak = m->peak.peak > m->top ? m->peak.peak : m->top;
    out->parts = m->parts;
    out->part_count = m->part_count;
    m->frames = NULL;
    m->count = m->cap = 0;
    m->parts = NULL;
    m->part_count = m->part_cap = 0;
}

void rs__block_meter_destroy(rs_block_meter *m)
{
    if (!m)
        return;
    if (m->state)
        ebur128_destroy(&m->state);
    peak_close(&m->peak);
    rs__free(m->frames);
    rs__free(m->parts);
    rs__free(m);
}

/* The gates need the blocks twice over: a first pass finds the mean above
 * the absolute gate, a second sums what passes the relative gate too. The
 * frames come from a reader, so that a long render can keep them in a
 * file; each pass rebuilds the blocks from the last BLOCK_FRAMES frames. */
#define GATE_CHUNK 4096

typedef struct gate_pass {
    double ring[BLOCK_FRAMES];
    size_t seen;
    double threshold;        /* blocks below it are left out */
    double sum;
    size_t blocks;
} gate_pass;

static void gate_frame(gate_pass *g, double frame)
{
    g->ring[g->seen % BLOCK_FRAMES] = frame;
    g->seen++;
    if (g->seen >= BLOCK_FRAMES && (g->seen - BLOCK_FRAMES) % HOP_FRAMES == 0) {
        double e = 0.0;
        size_t i;
        for (i = 0; i < BLOCK_FRAMES; i++)
            e += g->ring[i];
        e /= BLOCK_FRAMES;
        if (e >= g->threshold) {
            g->sum += e;
            g->blocks++;
        }
    }
}

/* One pass over every frame the reader gives. */
static int gate_run(gate_pass *g, rs_frame_reader read, void *user)
{
    double chunk[GATE_CHUNK];
    long n;
    if (read(user, NULL, 0) != 0) /* back to the first frame */
        return ROSTRUM_EIO;
    while ((n = read(user, chunk, GATE_CHUNK)) > 0) {
        long i;
        for (i = 0; i < n; i++)
            gate_frame(g, chunk[i]);
    }
    return n < 0 ? ROSTRUM_EIO : 0;
}

int rs__loudness_gated_read(rs_frame_reader read, void *user, double *lufs)
{
    gate_pass g;
    double absolute = pow(10.0, (-70.0 + 0.691) / 10.0);
    int rc;
    memset(&g, 0, sizeof g);
    g.threshold = absolute;
    rc = gate_run(&g, read, user);
    if (rc)
        return rc;
    if (g.blocks == 0) {
        *lufs = -HUGE_VAL;
        return 0;
    }
    {
        double relative = g.sum / (double)g.blocks * 0.1;
        memset(&g, 0, sizeof g);
        g.threshold = relative > absolute ? relative : absolute;
    }
    rc = gate_run(&g, read, user);
    if (rc)
        return rc;
    *lufs = g.blocks ? 10.0 * log10(g.sum / (double)g.blocks) - 0.691 : -HUGE_VAL;
    return 0;
}

typedef struct frames_in_memory {
    const double *frames;
    size_t count, at;
} frames_in_memory;

static long read_memory(void *user, double *out, size_t max)
{
    frames_in_memory *m = user;
    size_t n = m->count - m->at < max ? m->count - m->at : max;
    if (!out) {
        m->at = 0;
        return 0;
    }
    memcpy(out, m->frames + m->at, n * sizeof *out);
    m->at += n;
    return (long)n;
}

/* The two gates of BS.1770 over the blocks of the frames: blocks above -70
 * LUFS, then those within 10 LU of their mean. -HUGE_VAL when nothing
 * passes. */
double rs__loudness_gated(const double *frames, size_t count)
{
    frames_in_memory m = {frames, count, 0};
    double lufs = -HUGE_VAL;
    return rs__loudness_gated_read(read_memory, &m, &lufs) == 0 ? lufs : -HUGE_VAL;
}
