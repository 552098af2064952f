/* The stretch encoder: Ogg Opus cut into stretches at paragraph pauses,
 * encoded by worker threads side by side and muxed in order into one stream. */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "encode/stretch_internal.h"

/* The timeline is cut at paragraph pauses, where the audio is digital
 * silence, at multiples of one 20 ms Opus frame. Each stretch is resampled
 * to 48 kHz (libsoxr) and encoded by a libopus encoder of its own
 * (stretch_encode.c); the packets of all stretches are then muxed in order
 * into one Ogg stream (libogg) whose OpusHead and OpusTags rostrum writes
 * itself (ogg_mux.c). The worker that encodes a stretch also decodes it and
 * measures what a player will hear (the energy of every 20 ms frame and the
 * true peak), so that the final gain costs no extra pass.
 *
 * One gain in the header serves the whole stream, so one loud peak would
 * decide the level of hours. Finished stretches therefore wait in a spool
 * (stretch_spool.c) until the end, when the final gain is known: those
 * whose decoded peaks it would lift over the ceiling are encoded again in
 * the parts that hold them, at a gain of their own just low enough, and the
 * stream is muxed after. A part begins and ends in a pause, so its level
 * changes where nothing sounds. An output that cannot seek (a pipe) gets
 * its headers and stream only then, when the final gain is set: nothing
 * reaches it until all is encoded, and what does is the file's bytes. */

/* Stretches given to the workers and not yet spooled: at least two per
 * thread; more while the speech they hold (not yet encoded, or encoded and
 * kept to be lowered) stays under HELD_BUDGET (a minute, 2.6 MB),
 * up to MAX_IN_FLIGHT. Speech runs
 * ahead of the encoders, so near the end many stretches wait, and the
 * longest are taken first: the render does not end with one thread
 * encoding a long paragraph while the others idle. */
#define HELD_BUDGET (RS__SAMPLE_RATE * 60)
#define MAX_IN_FLIGHT 256
/* A stretch's speech is kept for encoding again when its decoded peak
 * comes within this of the ceiling at the estimated final gain (the
 * estimate is within a dB or so; a stretch that needs lowering and was not
 * kept lowers the whole stream instead, as one header gain would). */
#define KEEP_MARGIN_DB 3.0
/* Rounds of lowering: the final gain rises a little as stretches are
 * lowered, and a codec's peak does not follow the gain exactly. */
#define LOWER_ROUNDS 4
/* Threads that may borrow a job server's tokens, at most. */
#define MAX_BORROWERS 16

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
    int idle;                /* own workers waiting for a stretch */
    int job_server_read;     /* a job server's pipe for borrowed threads, */
    int job_server_write;    /* or both 0 */
    int wake[2];             /* written to stop the borrowers waiting for a token */
    pthread_t *borrowers;
    int borrowers_started;
    rs_stretch *head, *tail; /* in timeline order; head is the next to mux */
    rs_stretch *filling;
    size_t in_flight, max_in_flight;
    uint64_t held;           /* input samples in stretches handed over and not yet encoded */
    uint64_t kept;           /* speech of encoded stretches kept in memory until they leave the line */
    uint64_t position;       /* input samples taken */

    rs_stretch_spool spool;  /* finished stretches, until the end */
    double estimate_lufs;    /* the loudness heard so far, roughly */

    rs_stretch_stats stats;
    rs_stretch_stats *stats_out;
    int finished;            /* every stretch encoded and spooled */
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

/* Whether the stretch's speech is kept for encoding again at a lower gain
 * (with the lock held). */
static int worth_keeping(const stretch_encoder *e, const rs_stretch *s)
{
    const rs_encode_params *p = &e->coder.params;
    double peak = s->out.heard.peak;
    if (s->replaces != NO_RECORD || !p->measure || !p->lower_peaks || peak <= 0.0)
        return 0;
    /* nothing heard yet: every stretch may need it */
    if (!isfinite(e->estimate_lufs))
        return 1;
    return 20.0 * log10(peak) + (p->target_lufs - e->estimate_lufs) > p->ceiling_db - KEEP_MARGIN_DB;
}

/* Encodes s, taken from the line (with the lock held, which is let go
 * while encoding and held again after). */
static void encode_taken(stretch_encoder *e, rs_stretch *s)
{
    int from_cache;
    s->state = STRETCH_ENCODING;
    pthread_mutex_unlock(&e->lock);
    s->error = rs__stretch_encode(&e->coder, s, &from_cache);
    /* its packets are in s->out now, as they were or encoded again */
    rs__packets_free(&s->before);
    pthread_mutex_lock(&e->lock);
    if (s->error || !worth_keeping(e, s)) {
        rs__free(s->pcm);
        s->pcm = NULL;
    } else {
        e->kept += s->count;
    }
    e->stats.from_cache += (size_t)from_cache;
    e->held -= s->count;
    s->state = s->error ? STRETCH_FAILED : STRETCH_DONE;
    pthread_cond_broadcast(&e->changed);
}

static void *worker(void *arg)
{
    stretch_encoder *e = arg;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        rs_stretch *s;
        if (e->stopping)
            break; /* finished or abandoned: what is left is not wanted */
        s = longest_ready(e);
        if (!s) {
            e->idle++;
            pthread_cond_wait(&e->changed, &e->lock);
            e->idle--;
            continue;
        }
        encode_taken(e, s);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

/* Waits for a token of the job server: 1 with one read, 0 when the
 * encoder stops, -1 when the job server fails (the borrower then ends). */
static int take_token(stretch_encoder *e)
{
    struct pollfd fds[2];
    fds[0].fd = e->job_server_read;
    fds[0].events = POLLIN;
    fds[1].fd = e->wake[0];
    fds[1].events = POLLIN;
    for (;;) {
        char token;
        ssize_t n;
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (fds[1].revents)
            return 0;
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))
            return -1;
        n = read(e->job_server_read, &token, 1);
        if (n == 1)
            return 1;
        /* another reader was first */
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        return -1;
    }
}

static void give_token(stretch_encoder *e)
{
    static const char token = '+';
    while (write(e->job_server_write, &token, 1) < 0 && errno == EINTR)
        ;
}

/* A thread beyond the render's own: while stretches wait and none of the
 * render's threads is free, it takes a token from the job server, encodes
 * one stretch, and gives the token back. */
static void *borrower(void *arg)
{
    stretch_encoder *e = arg;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        rs_stretch *s;
        int token;
        if (e->stopping)
            break;
        if (!longest_ready(e) || e->idle > 0) {
            pthread_cond_wait(&e->changed, &e->lock);
            continue;
        }
        pthread_mutex_unlock(&e->lock);
        token = take_token(e);
        pthread_mutex_lock(&e->lock);
        if (token < 0)
            break;
        if (token == 0)
            continue;
        s = e->stopping ? NULL : longest_ready(e);
        if (s)
            encode_taken(e, s);
        pthread_mutex_unlock(&e->lock);
        give_token(e);
        pthread_mutex_lock(&e->lock);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

/* Starts the borrowers when there is a job server: as many as the machine
 * has processors beyond one (the tokens bound how many work at once). A
 * borrower that cannot start costs only speed. */
static void start_borrowers(stretch_encoder *e)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN) - 1;
    int i;
    if (e->job_server_read <= 0 || e->job_server_write <= 0 || n < 1)
        return;
    if (n > MAX_BORROWERS)
        n = MAX_BORROWERS;
    if (pipe(e->wake) != 0) {
        e->wake[0] = e->wake[1] = -1;
        return;
    }
    e->borrowers = rs__calloc((size_t)n, sizeof *e->borrowers);
    for (i = 0; e->borrowers && i < n; i++) {
        if (pthread_create(&e->borrowers[i], NULL, borrower, e) != 0)
            break;
        e->borrowers_started++;
    }
}

/* A finished stretch leaves the line for the spool, or takes the place of
 * the one it was encoded again from. */
static int take_stretch(stretch_encoder *e, const rs_stretch *s)
{
    int rc;
    if (s->replaces != NO_RECORD) {
        /* nothing of it could be lowered: the final gain settles it */
        if (!s->changed) {
            e->spool.records[s->replaces].settled = 1;
            return 0;
        }
        e->stats.lowered++;
        return rs__stretch_spool_replace(&e->spool, s->replaces, s);
    }
    e->stats.stretches++;
    rc = rs__stretch_spool_add(&e->spool, s);
    pthread_mutex_lock(&e->lock);
    e->estimate_lufs = rs__stretch_spool_estimate(&e->spool);
    pthread_mutex_unlock(&e->lock);
    return rc;
}

static void free_stretch(rs_stretch *s)
{
    rs__free(s->pcm);
    rs__packets_free(&s->out);
    rs__packets_free(&s->before);
    rs__free(s);
}

/* Whether more stretches are out than the bound allows (with the lock
 * held); keep_at_most 0 (at the end) allows none. */
static int too_many(const stretch_encoder *e, size_t keep_at_most)
{
    if (e->in_flight <= keep_at_most)
        return 0;
    return keep_at_most == 0 || e->in_flight > MAX_IN_FLIGHT || e->held + e->kept > HELD_BUDGET;
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
        if (s->pcm)
            e->kept -= s->count;
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
    rs_stretch *s = e->filling;
    /* the buffer grew by doubling: a waiting stretch holds only its speech */
    if (s->count > 0 && s->count < s->cap) {
        int16_t *fitted = rs__realloc(s->pcm, s->count * sizeof *fitted);
        if (fitted) {
            s->pcm = fitted;
            s->cap = s->count;
        }
    }
    pthread_mutex_lock(&e->lock);
    e->filling->last = last;
    e->filling->state = STRETCH_READY;
    e->held += e->filling->count;
    e->filling = NULL;
    pthread_cond_broadcast(&e->changed);
    pthread_mutex_unlock(&e->lock);
}

/* Puts s at the end of the line (with the lock held). */
static void append_stretch(stretch_encoder *e, rs_stretch *s)
{
    if (e->tail)
        e->tail->next = s;
    else
        e->head = s;
    e->tail = s;
    e->in_flight++;
}

static int open_stretch(stretch_encoder *e)
{
    rs_stretch *s = rs__calloc(1, sizeof *s);
    if (!s)
        return ROSTRUM_ENOMEM;
    s->start = e->position;
    s->replaces = NO_RECORD;
    pthread_mutex_lock(&e->lock);
    append_stretch(e, s);
    e->filling = s;
    pthread_mutex_unlock(&e->lock);
    return 0;
}

/* Hands record index to the workers again, from its kept speech and its
 * packets, to bring its decoded peaks under limit (linear). */
static int encode_again(stretch_encoder *e, size_t index, double limit)
{
    const rs_stretch_record *rec = &e->spool.records[index];
    rs_stretch *s = rs__calloc(1, sizeof *s);
    int rc = s ? rs__stretch_spool_speech(&e->spool, index, &s->pcm) : ROSTRUM_ENOMEM;
    if (rc == 0)
        rc = rs__stretch_spool_packets(&e->spool, index, &s->before);
    if (rc) {
        if (s)
            rs__free(s->pcm);
        rs__free(s);
        return rc;
    }
    s->start = rec->start;
    s->count = s->cap = rec->count;
    s->last = rec->last;
    s->limit = limit;
    s->fix = rec->fix;
    s->replaces = index;
    s->state = STRETCH_READY;
    pthread_mutex_lock(&e->lock);
    append_stretch(e, s);
    e->held += s->count;
    pthread_cond_broadcast(&e->changed);
    pthread_mutex_unlock(&e->lock);
    /* no more out at once than while speaking */
    return mux_ready(e, e->max_in_flight);
}

/* Encodes again the stretches whose decoded peaks the final gain would
 * lift over the ceiling (the parts of them that hold those peaks: see
 * stretch_encode.c), until none is left that can be lowered. What remains
 * over it is for the final gain to settle (see render.c). */
static int lower_peaks(stretch_encoder *e)
{
    const rs_encode_params *p = &e->coder.params;
    int round, rc = 0;
    if (!p->measure || !p->lower_peaks)
        return 0;
    for (round = 0; rc == 0 && round < LOWER_ROUNDS; round++) {
        double lufs, limit;
        size_t i, lowered = e->stats.lowered;
        rc = rs__stretch_spool_loudness(&e->spool, &lufs);
        if (rc || !isfinite(lufs))
            break;
        limit = pow(10.0, (p->ceiling_db - (p->target_lufs - lufs)) / 20.0);
        for (i = 0; rc == 0 && i < e->spool.count; i++) {
            const rs_stretch_record *rec = &e->spool.records[i];
            if (rec->peak <= limit || rec->speech_at < 0 || rec->settled)
                continue;
            rc = encode_again(e, i, limit);
        }
        if (rc == 0)
            rc = mux_ready(e, 0);
        if (e->stats.lowered == lowered)
            break;
    }
    return rc;
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
        if (rs__grow(&s->pcm, &s->cap, s->count + take, sizeof *s->pcm) != 0)
            return ROSTRUM_ENOMEM;
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
    if (rc == 0)
        rc = lower_peaks(e);
    /* an output that cannot seek gets the stream with its final gain */
    if (rc == 0 && !e->mux.holding)
        rc = rs__stretch_spool_mux(&e->spool, &e->mux);
    if (e->stats_out)
        *e->stats_out = e->stats;
    if (rc == 0 && !e->mux.io_failed)
        e->finished = 1;
    return rc ? rc : e->mux.io_failed ? ROSTRUM_EIO : 0;
}

/* Sets the final gain: in the first page written, or, for an output that
 * cannot seek, in the headers held until now, which go out with the
 * stream after them. */
static int stretch_set_gain(rs_encoder *base, double gain_db)
{
    stretch_encoder *e = (stretch_encoder *)base;
    int held = e->mux.holding, rc;
    if (!e->finished)
        return ROSTRUM_ESTATE;
    rc = rs__ogg_mux_set_gain(&e->mux, gain_db);
    if (rc == 0 && held)
        rc = rs__stretch_spool_mux(&e->spool, &e->mux);
    return rc ? rc : e->mux.io_failed ? ROSTRUM_EIO : 0;
}

static int stretch_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    stretch_encoder *e = (stretch_encoder *)base;
    double peak;
    int rc;
    if (!e->coder.params.measure)
        return ROSTRUM_ESTATE;
    rc = rs__stretch_spool_loudness(&e->spool, lufs);
    peak = rs__stretch_spool_peak(&e->spool);
    *true_peak_db = peak > 0.0 ? 20.0 * log10(peak) : -HUGE_VAL;
    return rc;
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
    if (e->borrowers_started > 0) {
        static const char stop = 0;
        while (write(e->wake[1], &stop, 1) < 0 && errno == EINTR)
            ;
    }
    for (i = 0; i < e->borrowers_started; i++)
        pthread_join(e->borrowers[i], NULL);
    if (e->wake[0] >= 0) {
        close(e->wake[0]);
        close(e->wake[1]);
    }
    rs__free(e->borrowers);
    for (i = 0; i < e->started; i++)
        pthread_join(e->threads[i], NULL);
    while (e->head) {
        rs_stretch *s = e->head;
        e->head = s->next;
        free_stretch(s);
    }
    rs__stretch_spool_clear(&e->spool);
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
    if (rs__grow(&e->cuts, &e->cut_cap, e->cut_count + 1, sizeof *e->cuts) != 0)
        return ROSTRUM_ENOMEM;
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
    e->estimate_lufs = -HUGE_VAL;
    e->wake[0] = e->wake[1] = -1;
    e->job_server_read = so->job_server_read;
    e->job_server_write = so->job_server_write;
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
    start_borrowers(e);
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
