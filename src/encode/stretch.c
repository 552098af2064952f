/* The stretch encoder: Ogg Opus cut into stretches at paragraph pauses,
 * encoded by worker threads side by side and muxed in order into one stream. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "encode/stretch_internal.h"

/* The timeline is cut at paragraph pauses, where the audio is digital
 * silence, at multiples of one 20 ms Opus frame. Each stretch is resampled
 * to 48 kHz (libsoxr) and encoded by a libopus encoder of its own
 * (stretch_encode.c); the packets of all stretches are then muxed in order
 * into one Ogg stream (libogg) whose OpusHead and OpusTags rostrum writes
 * itself (ogg_mux.c). The worker that encodes a stretch also decodes it and
 * measures what a player will hear (the energy of every 20 ms frame and the
 * true peak), so that the final gain costs no extra pass. */

/* Stretches given to the workers and not yet muxed: at least two per
 * thread; more while the speech they hold, not yet encoded, stays under
 * HELD_BUDGET (some three minutes, 8 MB), up to MAX_IN_FLIGHT. Speech runs
 * ahead of the encoders, so near the end many stretches wait, and the
 * longest are taken first: the render does not end with one thread
 * encoding a long paragraph while the others idle. */
#define HELD_BUDGET (RS__SAMPLE_RATE * 180)
#define MAX_IN_FLIGHT 256

typedef struct stretch_encoder {
    rs_encoder base;
    rs_stretch_coder coder;  /* read by every worker */
    rs_ogg_mux mux;
    uint64_t *cuts;          /* seams, input samples, ascending */
    size_t cut_count, cut_cap, next_cut;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    pthread_t *threads;
    int thread_count, started;
    int stopping;
    rs_stretch *head, *tail; /* in timeline order; head is the next to mux */
    rs_stretch *filling;
    size_t in_flight, max_in_flight;
    uint64_t held;           /* input samples in stretches handed over and not yet encoded */
    uint64_t position;       /* input samples taken */

    double *frames;          /* energy of every 20 ms frame heard in the stretches muxed so far */
    size_t frame_count, frame_cap;
    double peak;

    rs_stretch_stats stats;
    rs_stretch_stats *stats_out;
} stretch_encoder;

/* The longest stretch ready to encode; the first of equals. */
static rs_stretch *longest_ready(const stretch_encoder *e)
{
    rs_stretch *s, *best = NULL;
    for (s = e->head; s; s = s->next)
        if (s->state == STRETCH_READY && (!best || s->count > best->count))
            best = s;
    return best;
}

static void *worker(void *arg)
{
    stretch_encoder *e = arg;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        rs_stretch *s;
        int from_cache;
        if (e->stopping)
            break; /* finished or abandoned: what is left is not wanted */
        s = longest_ready(e);
        if (!s) {
            pthread_cond_wait(&e->changed, &e->lock);
            continue;
        }
        s->state = STRETCH_ENCODING;
        pthread_mutex_unlock(&e->lock);
        s->error = rs__stretch_encode(&e->coder, s, &from_cache);
        rs__free(s->pcm);
        s->pcm = NULL;
        pthread_mutex_lock(&e->lock);
        e->stats.from_cache += (size_t)from_cache;
        e->held -= s->count;
        s->state = s->error ? STRETCH_FAILED : STRETCH_DONE;
        pthread_cond_broadcast(&e->changed);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

/* Adds what was heard in a stretch to what was heard of the stream. */
static int add_heard(stretch_encoder *e, const rs_heard *heard)
{
    size_t need = e->frame_count + heard->frame_count;
    if (need > e->frame_cap) {
        size_t cap = e->frame_cap ? e->frame_cap : 1024;
        double *grown;
        while (cap < need)
            cap *= 2;
        grown = rs__realloc(e->frames, cap * sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        e->frames = grown;
        e->frame_cap = cap;
    }
    if (heard->frame_count)
        memcpy(e->frames + e->frame_count, heard->frames, heard->frame_count * sizeof *heard->frames);
    e->frame_count = need;
    if (heard->peak > e->peak)
        e->peak = heard->peak;
    return 0;
}

/* A finished stretch leaves the line: what was heard is added up, and its
 * packets are muxed, or kept until the headers are out. */
static int take_stretch(stretch_encoder *e, const rs_stretch *s)
{
    if (e->coder.params.measure && add_heard(e, &s->out.heard) != 0)
        return ROSTRUM_ENOMEM;
    return rs__ogg_mux_add(&e->mux, &s->out, s->last);
}

static void free_stretch(rs_stretch *s)
{
    rs__free(s->pcm);
    rs__packets_free(&s->out);
    rs__free(s);
}

/* Whether more stretches are out than the bound allows (with the lock
 * held); keep_at_most 0 (at the end) allows none. */
static int too_many(const stretch_encoder *e, size_t keep_at_most)
{
    if (e->in_flight <= keep_at_most)
        return 0;
    return keep_at_most == 0 || e->in_flight > MAX_IN_FLIGHT || e->held > HELD_BUDGET;
}

/* Muxes every finished stretch at the head of the line, then waits while
 * too_many stretches are still out (keep_at_most 0: until all are in). */
static int mux_ready(stretch_encoder *e, size_t keep_at_most)
{
    int rc = 0;
    pthread_mutex_lock(&e->lock);
    while (rc == 0 && e->head && e->head != e->filling) {
        rs_stretch *s = e->head;
        if (s->state == STRETCH_FAILED) {
            rc = s->error;
            break;
        }
        if (s->state != STRETCH_DONE) {
            if (!too_many(e, keep_at_most))
                break;
            pthread_cond_wait(&e->changed, &e->lock);
            continue;
        }
        e->head = s->next;
        if (!e->head)
            e->tail = NULL;
        e->in_flight--;
        e->stats.stretches++;
        pthread_mutex_unlock(&e->lock);
        rc = take_stretch(e, s);
        free_stretch(s);
        pthread_mutex_lock(&e->lock);
    }
    pthread_mutex_unlock(&e->lock);
    return rc;
}

/* Hands the stretch being filled to the workers. */
static void close_stretch(stretch_encoder *e, int last)
{
    pthread_mutex_lock(&e->lock);
    e->filling->last = last;
    e->filling->state = STRETCH_READY;
    e->held += e->filling->count;
    e->filling = NULL;
    pthread_cond_broadcast(&e->changed);
    pthread_mutex_unlock(&e->lock);
}

static int open_stretch(stretch_encoder *e)
{
    rs_stretch *s = rs__calloc(1, sizeof *s);
    if (!s)
        return ROSTRUM_ENOMEM;
    s->start = e->position;
    pthread_mutex_lock(&e->lock);
    if (e->tail)
        e->tail->next = s;
    else
        e->head = s;
    e->tail = s;
    e->filling = s;
    e->in_flight++;
    pthread_mutex_unlock(&e->lock);
    return 0;
}

static int stretch_write(rs_encoder *base, const int16_t *pcm, size_t count)
{
    stretch_encoder *e = (stretch_encoder *)base;
    int rc = 0;
    while (rc == 0 && count > 0) {
        uint64_t limit = e->next_cut < e->cut_count ? e->cuts[e->next_cut] : UINT64_MAX;
        size_t take = count;
        rs_stretch *s;
        if (!e->filling && (rc = open_stretch(e)) != 0)
            break;
        s = e->filling;
        if (limit - e->position < take)
            take = (size_t)(limit - e->position);
        if (s->count + take > s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 65536;
            int16_t *grown;
            while (cap < s->count + take)
                cap *= 2;
            grown = rs__realloc(s->pcm, cap * sizeof *grown);
            if (!grown)
                return ROSTRUM_ENOMEM;
            s->pcm = grown;
            s->cap = cap;
        }
        memcpy(s->pcm + s->count, pcm, take * sizeof *pcm);
        s->count += take;
        e->position += take;
        pcm += take;
        count -= take;
        if (e->position == limit) {
            e->next_cut++;
            close_stretch(e, 0);
            /* memory stays bounded: wait while too many stretches are out */
            rc = mux_ready(e, e->max_in_flight);
        }
    }
    return rc;
}

static int stretch_finish(rs_encoder *base)
{
    stretch_encoder *e = (stretch_encoder *)base;
    int rc = 0;
    if (!e->mux.headers_written)
        return ROSTRUM_ESTATE;
    /* as libopusenc counts it, so that every thread count gives one length */
    e->mux.total_out = (e->position * OUT_RATE + RS__SAMPLE_RATE - 1) / RS__SAMPLE_RATE;
    if (!e->filling)
        rc = open_stretch(e);
    if (rc == 0) {
        close_stretch(e, 1);
        rc = mux_ready(e, 0);
    }
    if (e->stats_out)
        *e->stats_out = e->stats;
    return rc ? rc : e->mux.io_failed ? ROSTRUM_EIO : 0;
}

static int stretch_set_gain(rs_encoder *base, double gain_db)
{
    return rs__ogg_mux_set_gain(&((stretch_encoder *)base)->mux, gain_db);
}

static int stretch_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    stretch_encoder *e = (stretch_encoder *)base;
    if (!e->coder.params.measure)
        return ROSTRUM_ESTATE;
    *lufs = rs__loudness_gated(e->frames, e->frame_count);
    *true_peak_db = e->peak > 0.0 ? 20.0 * log10(e->peak) : -HUGE_VAL;
    return 0;
}

static void stretch_destroy(rs_encoder *base)
{
    stretch_encoder *e = (stretch_encoder *)base;
    int i;
    if (!e)
        return;
    pthread_mutex_lock(&e->lock);
    e->stopping = 1;
    pthread_cond_broadcast(&e->changed);
    pthread_mutex_unlock(&e->lock);
    for (i = 0; i < e->started; i++)
        pthread_join(e->threads[i], NULL);
    while (e->head) {
        rs_stretch *s = e->head;
        e->head = s->next;
        free_stretch(s);
    }
    rs__free(e->frames);
    rs__free(e->cuts);
    rs__ogg_mux_clear(&e->mux);
    pthread_cond_destroy(&e->changed);
    pthread_mutex_destroy(&e->lock);
    rs__free(e->threads);
    rs__free(e);
}

static const rs_encoder_vtable stretch_vtable = {stretch_write, stretch_finish, stretch_set_gain, stretch_result,
                                                 stretch_destroy};

int rs__encoder_stretch_cut(rs_encoder *base, uint64_t at)
{
    stretch_encoder *e = (stretch_encoder *)base;
    /* a seam off the frame grid would move every later rs_stretch */
    if (at % IN_FRAME != 0 || (e->cut_count && at <= e->cuts[e->cut_count - 1]))
        return ROSTRUM_EINVAL;
    if (at < e->position)
        return ROSTRUM_ESTATE; /* already passed */
    if (e->cut_count == e->cut_cap) {
        size_t cap = e->cut_cap ? e->cut_cap * 2 : 64;
        uint64_t *grown = rs__realloc(e->cuts, cap * sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        e->cuts = grown;
        e->cut_cap = cap;
    }
    e->cuts[e->cut_count++] = at;
    return 0;
}

int rs__encoder_stretch_tags(rs_encoder *base, const rs_tag *tags, size_t count)
{
    stretch_encoder *e = (stretch_encoder *)base;
    if (e->mux.headers_written)
        return ROSTRUM_ESTATE;
    return rs__ogg_mux_headers(&e->mux, e->coder.params.gain_db, tags, count);
}

int rs__encoder_stretch_create(rs_encoder **out, const rs_encode_params *p, const rs_stretch_options *so,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size)
{
    int threads = so->threads;
    stretch_encoder *e = rs__calloc(1, sizeof *e);
    int i, rc = ROSTRUM_ENOMEM;
    if (!e)
        goto fail;
    e->base.vt = &stretch_vtable;
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->changed, NULL);
    for (i = 0; i < (int)so->cut_count; i++) {
        rc = rs__encoder_stretch_cut(&e->base, so->cuts[i]);
        if (rc)
            goto fail;
    }
    e->stats_out = so->stats;
    e->thread_count = threads;
    e->max_in_flight = (size_t)threads * 2;
    rc = rs__stretch_coder_init(&e->coder, p, so->cache_dir);
    if (rc == 0)
        rc = rs__ogg_mux_init(&e->mux, p->serial, e->coder.lookahead, io, io_user);
    if (rc)
        goto fail;
    rc = ROSTRUM_ENOMEM;
    e->threads = rs__calloc((size_t)threads, sizeof *e->threads);
    if (!e->threads)
        goto fail;
    for (i = 0; i < threads; i++) {
        if (pthread_create(&e->threads[i], NULL, worker, e) != 0)
            goto fail;
        e->started++;
    }
    /* without tags, the headers wait for rs__encoder_stretch_tags */
    if (p->tags) {
        rc = rs__ogg_mux_headers(&e->mux, p->gain_db, p->tags, p->tag_count);
        if (rc)
            goto fail;
    }
    *out = &e->base;
    return 0;
fail:
    rs__set_error(errmsg, errmsg_size, "the Opus encoder could not start%s",
                  rc == ROSTRUM_ENOMEM ? ": out of memory" : rc == ROSTRUM_EIO ? ": cannot write the output" : "");
    if (e)
        stretch_destroy(&e->base);
    return rc;
}
