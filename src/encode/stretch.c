/* Ogg Opus encoded in independent stretches on several threads. The
 * timeline is cut at paragraph pauses, where the audio is digital silence,
 * at multiples of one 20 ms Opus frame. Each stretch is resampled to 48 kHz
 * (libsoxr) and encoded by a libopus encoder of its own; the packets of
 * all stretches are then muxed in order into one Ogg stream (libogg) whose
 * OpusHead and OpusTags are written here. The worker that encodes a
 * stretch also decodes it and measures what a player will hear (the
 * energy of every 20 ms frame and the true peak), so that the final gain
 * costs no extra pass.
 *
 * Every encoder delays its stretch by its lookahead, which the stream's
 * pre-skip removes once for all of them: a stretch that starts at frame k
 * plays from frame k, and the lookahead-long tail it never emits lies in
 * the silence before the next seam. Only the last stretch is padded so that
 * its tail is flushed; the final granule position trims the padding. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <ogg/ogg.h>
#include <opus.h>
#include <soxr.h>

#include "encode/encode.h"

#define OUT_RATE 48000
#define OUT_FRAME 960                    /* 20 ms at 48 kHz */
#define IN_FRAME 441                     /* the same 20 ms at 22050 Hz */
#define MAX_PACKET 1500
#define RESAMPLE_QUALITY SOXR_HQ
#define RESAMPLE_CHUNK 4096
#define DECODE_MAX 5760                  /* the longest Opus packet: 120 ms */
#define FIRST_PAGE_MAX 512
#define CACHE_FORMAT 5
/* Inside a stretch, a frame is not encoded but given a silent packet when
 * the input is digital silence from GAP_BEFORE frames before it to
 * GAP_AFTER frames after it, in runs of at least GAP_MIN such frames; the
 * encoder starts afresh after. Packet k holds input from 6.5 ms before
 * frame k (the lookahead) to 6.5 ms before its end, plus 2.5 ms of overlap:
 * one silent frame before covers that and the resampler's spread. After
 * the run the fresh encoder meets one more frame of silence, which leaves
 * its energies where the decoder's silent packets left them, before the
 * speech reaches it in the frame after. */
#define GAP_BEFORE 1
#define GAP_AFTER 2
#define GAP_MIN 2
#define QUIET_MAX 16
/* Stretches given to the workers and not yet muxed: at least two per
 * thread; more while the speech they hold, not yet encoded, stays under
 * HELD_BUDGET (some three minutes, 8 MB), up to MAX_IN_FLIGHT. Speech runs
 * ahead of the encoders, so near the end many stretches wait, and the
 * longest are taken first: the render does not end with one thread
 * encoding a long paragraph while the others idle. */
#define HELD_BUDGET (RS__SAMPLE_RATE * 180)
#define MAX_IN_FLIGHT 256

enum stretch_state { STRETCH_FILLING, STRETCH_READY, STRETCH_ENCODING, STRETCH_DONE, STRETCH_FAILED };

typedef struct stretch {
    uint64_t start;          /* first input sample */
    int16_t *pcm;            /* the input, count samples */
    size_t count, cap;
    int last;                /* the last stretch: padded and flushed */
    rs_packets out;          /* one packet per 20 ms frame */
    size_t data_cap;
    enum stretch_state state;
    int error;
    struct stretch *next;
} stretch;

typedef struct stretch_encoder {
    rs_encoder base;
    rs_encode_params params;
    uint64_t *cuts;          /* seams, input samples, ascending */
    size_t cut_count, cut_cap, next_cut;
    const rostrum_io *io;
    void *io_user;
    int io_failed;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    pthread_t *threads;
    int thread_count, started;
    int stopping;
    stretch *head, *tail;    /* in timeline order; head is the next to mux */
    stretch *filling;
    size_t in_flight, max_in_flight;
    uint64_t held;           /* input samples in stretches handed over and not yet encoded */
    uint64_t position;       /* input samples taken */

    int lookahead;           /* pre-skip at 48 kHz */
    unsigned char quiet[QUIET_MAX]; /* a packet that plays silence after silence; */
    int quiet_len;                  /* 0: none, every frame is encoded */
    int headers_written;     /* until then finished stretches wait in pending */
    FILE *pending;           /* their packets, so that memory stays bounded */
    ogg_stream_state ogg;
    int ogg_ready;
    int64_t packet_index;    /* packets muxed */
    uint64_t total_out;      /* 48 kHz samples of the whole timeline */
    unsigned char first_page[FIRST_PAGE_MAX];
    size_t first_page_len;
    int64_t first_page_at;   /* where it starts in the output */

    double *frames;          /* energy of every 20 ms frame heard in the stretches muxed so far */
    size_t frame_count, frame_cap;
    double peak;

    const char *cache_dir;   /* NULL: no cache */
    rs_stretch_stats stats;
    rs_stretch_stats *stats_out;
} stretch_encoder;

/* ---- one stretch, on a worker thread ---- */

static int append_packet(stretch *s, const unsigned char *packet, int len)
{
    rs_packets *o = &s->out;
    if (o->bytes + (size_t)len > s->data_cap) {
        size_t cap = s->data_cap ? s->data_cap * 2 : 65536;
        unsigned char *grown;
        while (cap < o->bytes + (size_t)len)
            cap *= 2;
        grown = rs__realloc(o->data, cap);
        if (!grown)
            return ROSTRUM_ENOMEM;
        o->data = grown;
        s->data_cap = cap;
    }
    memcpy(o->data + o->bytes, packet, (size_t)len);
    o->bytes += (size_t)len;
    o->lengths[o->packets++] = (uint16_t)len;
    return 0;
}

static int configure(OpusEncoder *enc, const rs_encode_params *p)
{
    int status = opus_encoder_ctl(enc, OPUS_SET_BITRATE(p->bitrate_kbps * 1000));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(p->complexity));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_LSB_DEPTH(16));
    /* speech at 22050 Hz has nothing above 11 kHz (see encode_opus.c) */
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_SUPERWIDEBAND));
    return status == OPUS_OK ? 0 : ROSTRUM_EENCODE;
}

/* The silent packet: one 20 ms frame of CELT with its silence flag set, as
 * libopus makes it for digital silence (an encoder for restricted low delay
 * uses CELT alone). It follows a frame of silence (GAP_BEFORE), so the
 * tail of the frame before adds nothing. Kept only when a fresh decoder
 * plays it as silence (under -120 dBFS), which depends on libopus alone;
 * else every frame is encoded, which costs only time. The cache key says
 * which. */
static int make_quiet(stretch_encoder *e)
{
    static const float zeros[OUT_FRAME];
    float played[OUT_FRAME];
    int err = 0, len = -1, i, n = -1;
    OpusEncoder *enc = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_RESTRICTED_LOWDELAY, &err);
    OpusDecoder *dec = opus_decoder_create(OUT_RATE, 1, &err);
    /* out of memory must not change the bytes: it fails the render */
    int rc = enc && dec ? 0 : ROSTRUM_ENOMEM;
    if (enc && dec && opus_encoder_ctl(enc, OPUS_SET_BITRATE(e->params.bitrate_kbps * 1000)) == OPUS_OK &&
        opus_encoder_ctl(enc, OPUS_SET_BANDWIDTH(OPUS_BANDWIDTH_SUPERWIDEBAND)) == OPUS_OK)
        len = opus_encode_float(enc, zeros, OUT_FRAME, e->quiet, QUIET_MAX);
    if (len > 0)
        n = opus_decode_float(dec, e->quiet, len, played, OUT_FRAME, 0);
    /* libopus adds a tiny bias (1e-34) against denormals */
    for (i = 0; n == OUT_FRAME && i < n && fabsf(played[i]) < 1e-6f; i++)
        ;
    e->quiet_len = n == OUT_FRAME && i == n ? len : 0;
    if (enc)
        opus_encoder_destroy(enc);
    if (dec)
        opus_decoder_destroy(dec);
    return rc;
}

/* Whether input frame k of the stretch (IN_FRAME samples; beyond the end,
 * silence) is digital silence. */
static int silent_frame(const stretch *s, size_t k)
{
    size_t i, from = k * IN_FRAME;
    for (i = from; i < from + IN_FRAME && i < s->count; i++)
        if (s->pcm[i] != 0)
            return 0;
    return 1;
}

/* Whether frames f - GAP_BEFORE to f + GAP_AFTER are all digital silence. */
static int quiet_around(const unsigned char *silent, size_t f)
{
    size_t k;
    if (f < GAP_BEFORE)
        return 0;
    for (k = f - GAP_BEFORE; k <= f + GAP_AFTER; k++)
        if (!silent[k])
            return 0;
    return 1;
}

/* Marks the frames of the stretch that get the silent packet (see
 * GAP_BEFORE); NULL when out of memory. */
static unsigned char *find_gaps(const stretch *s, size_t frames)
{
    unsigned char *gap = rs__calloc(frames + 1, 1), *silent = rs__malloc(frames + GAP_AFTER);
    size_t f, from = 0, run = 0;
    if (!gap || !silent) {
        rs__free(gap);
        rs__free(silent);
        return NULL;
    }
    for (f = 0; f < frames + GAP_AFTER; f++)
        silent[f] = (unsigned char)silent_frame(s, f);
    for (f = 0; f <= frames; f++) {
        if (f < frames && quiet_around(silent, f)) {
            if (run++ == 0)
                from = f;
            continue;
        }
        if (run >= GAP_MIN)
            memset(gap + from, 1, run);
        run = 0;
    }
    rs__free(silent);
    return gap;
}

/* Resamples the stretch to 48 kHz (libsoxr, which compensates its own
 * delay: output sample n is input time n * 441 / 960) and encodes it frame
 * by frame. frames is how many 20 ms frames to emit; input beyond the
 * stretch is silence. The frames of a long pause are given the silent
 * packet instead (a pause costs as much to encode as speech, and some 7% of
 * a statement's frames are such pauses): the encoder's lookahead and the
 * resampler's spread lie in the silence kept on either side (GAP_BEFORE). */
static int encode_stretch(const stretch_encoder *e, stretch *s, size_t frames)
{
    static const int16_t silence[IN_FRAME];
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t quality = soxr_quality_spec(RESAMPLE_QUALITY, 0);
    soxr_t resampler = NULL;
    soxr_error_t failure = NULL;
    OpusEncoder *enc = NULL;
    unsigned char *gap = NULL;
    float frame[OUT_FRAME];
    unsigned char packet[MAX_PACKET];
    size_t used = 0, filled = 0, f = 0, input = frames * IN_FRAME;
    int err = 0, rc = ROSTRUM_ENOMEM;
    s->out.lengths = rs__malloc((frames ? frames : 1) * sizeof *s->out.lengths);
    resampler = soxr_create(RS__SAMPLE_RATE, OUT_RATE, 1, &failure, &io, &quality, NULL);
    enc = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_AUDIO, &err);
    if (e->quiet_len)
        gap = find_gaps(s, frames);
    if (!s->out.lengths || !resampler || failure || !enc || (e->quiet_len && !gap))
        goto done;
    rc = configure(enc, &e->params);
    while (rc == 0 && f < frames) {
        if (filled < OUT_FRAME) {
            const int16_t *in = NULL;
            size_t in_len = 0, taken = 0, made = 0;
            if (used < s->count) {
                in = s->pcm + used;
                in_len = s->count - used < RESAMPLE_CHUNK ? s->count - used : RESAMPLE_CHUNK;
            } else if (used < input) {
                in = silence; /* past the end of the stretch */
                in_len = input - used < IN_FRAME ? input - used : IN_FRAME;
            }
            /* no input left: the resampler gives what it still holds */
            failure = soxr_process(resampler, in, in_len, &taken, frame + filled, OUT_FRAME - filled, &made);
            if (failure) {
                rc = ROSTRUM_EENCODE;
                break;
            }
            used += taken;
            filled += made;
            if (!in && made == 0) {
                /* all given back: never expected before the last frame */
                memset(frame + filled, 0, (OUT_FRAME - filled) * sizeof *frame);
                filled = OUT_FRAME;
            }
            continue;
        }
        /* a pause gets the silent packet; the frame after it, an encoder
         * reset to how a fresh one starts */
        if (gap && gap[f]) {
            rc = append_packet(s, e->quiet, e->quiet_len);
        } else if (gap && f > 0 && gap[f - 1] && opus_encoder_ctl(enc, OPUS_RESET_STATE) != OPUS_OK) {
            rc = ROSTRUM_EENCODE;
        } else {
            int len = opus_encode_float(enc, frame, OUT_FRAME, packet, MAX_PACKET);
            rc = len < 0 ? ROSTRUM_EENCODE : append_packet(s, packet, len);
        }
        filled = 0;
        f++;
    }
    /* finished stretches may wait behind a long one: only their bytes */
    if (rc == 0 && s->out.bytes > 0 && s->out.bytes < s->data_cap) {
        unsigned char *fitted = rs__realloc(s->out.data, s->out.bytes);
        if (fitted) {
            s->out.data = fitted;
            s->data_cap = s->out.bytes;
        }
    }
done:
    soxr_delete(resampler);
    if (enc)
        opus_encoder_destroy(enc);
    rs__free(gap);
    return rc;
}

/* Decodes the stretch's packets as a player will and measures them. The
 * decoder starts afresh here, as the encoder did: at the seam, in silence,
 * that differs from one decoder for the whole stream by nothing a meter
 * can hear. */
static int hear_stretch(stretch *s)
{
    OpusDecoder *dec = NULL;
    rs_block_meter *meter = NULL;
    float *pcm = rs__malloc(DECODE_MAX * sizeof *pcm);
    size_t i, offset = 0;
    int err = 0, rc = ROSTRUM_ENOMEM;
    dec = opus_decoder_create(OUT_RATE, 1, &err);
    if (!pcm || !dec || rs__block_meter_create(&meter, OUT_RATE) != 0)
        goto done;
    rc = 0;
    for (i = 0; rc == 0 && i < s->out.packets; i++) {
        int n = opus_decode_float(dec, s->out.data + offset, s->out.lengths[i], pcm, DECODE_MAX, 0);
        rc = n < 0 ? ROSTRUM_EENCODE : rs__block_meter_add(meter, pcm, (size_t)n);
        offset += s->out.lengths[i];
    }
    if (rc == 0)
        rs__block_meter_take(meter, &s->out.heard);
done:
    rs__block_meter_destroy(meter);
    if (dec)
        opus_decoder_destroy(dec);
    rs__free(pcm);
    return rc;
}

/* 48 kHz frames in a stretch of count input samples (a multiple of
 * IN_FRAME except for the last stretch), and the padding the last one needs
 * to flush the encoder's lookahead. */
static size_t stretch_frames(const stretch_encoder *e, const stretch *s)
{
    size_t frames = (s->count + IN_FRAME - 1) / IN_FRAME;
    if (s->last)
        frames += (size_t)(e->lookahead + OUT_FRAME - 1) / OUT_FRAME + 1;
    return frames;
}

/* The cache key: the stretch's samples and everything that shapes its
 * packets. Two hashes: one names the entry, the other checks it. */
static void stretch_key(const stretch_encoder *e, const stretch *s, size_t frames, uint64_t key[2])
{
    const char *version = opus_get_version_string();
    int32_t settings[7];
    int k;
    settings[0] = CACHE_FORMAT;
    settings[1] = e->params.bitrate_kbps;
    settings[2] = e->params.complexity;
    settings[3] = e->lookahead;
    settings[4] = RESAMPLE_QUALITY;
    settings[5] = s->last;
    settings[6] = e->quiet_len;
    for (k = 0; k < 2; k++) {
        uint64_t h = rs__hash(k ? ~RS__HASH_INIT : RS__HASH_INIT, settings, sizeof settings);
        uint64_t n[2] = {s->count, frames};
        h = rs__hash(h, n, sizeof n);
        h = rs__hash(h, version, strlen(version));
        h = rs__hash(h, soxr_version(), strlen(soxr_version()));
        key[k] = rs__hash(h, s->pcm, s->count * sizeof *s->pcm);
    }
}

/* Encodes the stretch and, when the render is measured, hears it. */
static int encode_and_hear(stretch_encoder *e, stretch *s, size_t frames)
{
    int rc = encode_stretch(e, s, frames);
    return rc == 0 && e->params.measure ? hear_stretch(s) : rc;
}

/* Takes the stretch's packets from the cache, or encodes them (and keeps
 * them there). A cache that cannot be written costs speed, not the render. */
static int encode_or_fetch(stretch_encoder *e, stretch *s)
{
    size_t frames = stretch_frames(e, s);
    uint64_t key[2];
    int rc;
    if (!e->cache_dir)
        return encode_and_hear(e, s, frames);
    stretch_key(e, s, frames, key);
    if (rs__cache_get(e->cache_dir, key, &s->out)) {
        if (s->out.packets == frames) {
            pthread_mutex_lock(&e->lock);
            e->stats.from_cache++;
            pthread_mutex_unlock(&e->lock);
            return 0;
        }
        rs__packets_free(&s->out);
    }
    rc = encode_and_hear(e, s, frames);
    if (rc == 0)
        rs__cache_put(e->cache_dir, key, &s->out);
    return rc;
}

/* The longest stretch ready to encode; the first of equals. */
static stretch *longest_ready(const stretch_encoder *e)
{
    stretch *s, *best = NULL;
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
        stretch *s;
        if (e->stopping)
            break; /* finished or abandoned: what is left is not wanted */
        s = longest_ready(e);
        if (!s) {
            pthread_cond_wait(&e->changed, &e->lock);
            continue;
        }
        s->state = STRETCH_ENCODING;
        pthread_mutex_unlock(&e->lock);
        s->error = encode_or_fetch(e, s);
        rs__free(s->pcm);
        s->pcm = NULL;
        pthread_mutex_lock(&e->lock);
        e->held -= s->count;
        s->state = s->error ? STRETCH_FAILED : STRETCH_DONE;
        pthread_cond_broadcast(&e->changed);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

/* ---- the Ogg stream, on the caller's thread ---- */

static int write_page(stretch_encoder *e, const ogg_page *og)
{
    if (e->io->write(e->io_user, og->header, (size_t)og->header_len) != 0 ||
        e->io->write(e->io_user, og->body, (size_t)og->body_len) != 0) {
        e->io_failed = 1;
        return ROSTRUM_EIO;
    }
    return 0;
}

static int drain_pages(stretch_encoder *e, int flush)
{
    ogg_page og;
    while (flush ? ogg_stream_flush(&e->ogg, &og) : ogg_stream_pageout(&e->ogg, &og)) {
        int rc = write_page(e, &og);
        if (rc)
            return rc;
    }
    return 0;
}

/* Q7.8 dB, as OpusHead stores the output gain. */
static int gain_q8(double gain_db)
{
    double q = floor(gain_db * 256.0 + 0.5);
    return (int)(q > 32767.0 ? 32767.0 : q < -32768.0 ? -32768.0 : q);
}

static int write_headers(stretch_encoder *e)
{
    unsigned char head[19];
    rs_buf tags = {0};
    ogg_packet op;
    ogg_page og;
    size_t i, count = 0;
    char vendor[128];
    int rc;
    memcpy(head, "OpusHead", 8);
    head[8] = 1;
    head[9] = 1;
    rs__put_le(head + 10, (uint32_t)e->lookahead, 2);
    rs__put_le(head + 12, RS__SAMPLE_RATE, 4);
    rs__put_le(head + 16, (uint32_t)(uint16_t)(int16_t)gain_q8(e->params.gain_db), 2);
    head[18] = 0;
    memset(&op, 0, sizeof op);
    op.packet = head;
    op.bytes = sizeof head;
    op.b_o_s = 1;
    ogg_stream_packetin(&e->ogg, &op);
    /* OpusHead alone on the first page, kept to set the gain at the end */
    if (ogg_stream_flush(&e->ogg, &og) == 0 || (size_t)(og.header_len + og.body_len) > FIRST_PAGE_MAX)
        return ROSTRUM_EENCODE;
    memcpy(e->first_page, og.header, (size_t)og.header_len);
    memcpy(e->first_page + og.header_len, og.body, (size_t)og.body_len);
    e->first_page_len = (size_t)(og.header_len + og.body_len);
    e->first_page_at = e->io->tell ? e->io->tell(e->io_user) : -1;
    rc = write_page(e, &og);
    if (rc)
        return rc;
    snprintf(vendor, sizeof vendor, "%s", opus_get_version_string());
    rs__buf_append(&tags, "OpusTags", 8);
    {
        unsigned char n[4];
        rs__put_le(n, (uint32_t)strlen(vendor), 4);
        rs__buf_append(&tags, (const char *)n, 4);
        rs__buf_puts(&tags, vendor);
        for (i = 0; i < e->params.tag_count; i++)
            count += e->params.tags[i].value && *e->params.tags[i].value;
        rs__put_le(n, (uint32_t)count, 4);
        rs__buf_append(&tags, (const char *)n, 4);
        for (i = 0; i < e->params.tag_count; i++) {
            const rs_tag *t = &e->params.tags[i];
            if (!t->value || !*t->value)
                continue;
            rs__put_le(n, (uint32_t)(strlen(t->key) + 1 + strlen(t->value)), 4);
            rs__buf_append(&tags, (const char *)n, 4);
            rs__buf_puts(&tags, t->key);
            rs__buf_putc(&tags, '=');
            rs__buf_puts(&tags, t->value);
        }
    }
    if (tags.failed) {
        rs__buf_free(&tags);
        return ROSTRUM_ENOMEM;
    }
    memset(&op, 0, sizeof op);
    op.packet = (unsigned char *)tags.data;
    op.bytes = (long)tags.len;
    op.packetno = 1;
    ogg_stream_packetin(&e->ogg, &op);
    rs__buf_free(&tags);
    return drain_pages(e, 1);
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

/* Muxes the packets of a finished stretch; last: the stream's last. */
static int mux_packets(stretch_encoder *e, const rs_packets *out, int last)
{
    size_t i, offset = 0;
    for (i = 0; i < out->packets; i++) {
        ogg_packet op;
        int64_t end = (e->packet_index + 1) * OUT_FRAME;
        int is_last = last && (uint64_t)end >= e->total_out + (uint64_t)e->lookahead;
        memset(&op, 0, sizeof op);
        op.packet = out->data + offset;
        op.bytes = out->lengths[i];
        op.packetno = e->packet_index + 2;
        op.granulepos = is_last ? (ogg_int64_t)(e->total_out + (uint64_t)e->lookahead) : end;
        op.e_o_s = is_last;
        ogg_stream_packetin(&e->ogg, &op);
        offset += out->lengths[i];
        e->packet_index++;
        if (is_last)
            break; /* the rest is padding past the end */
        if (drain_pages(e, 0) != 0)
            return ROSTRUM_EIO;
    }
    return drain_pages(e, last);
}

/* Before the headers are written (their chapters are not known while the
 * render is still speaking) finished stretches wait in a temporary file:
 * packet count, lengths, data. */
static int keep_pending(stretch_encoder *e, const rs_packets *out)
{
    size_t i;
    int ok;
    if (!e->pending)
        e->pending = tmpfile();
    if (!e->pending)
        return ROSTRUM_EIO;
    {
        uint64_t header[2] = {out->packets, out->bytes};
        ok = fwrite(header, sizeof header, 1, e->pending) == 1;
    }
    for (i = 0; ok && i < out->packets; i++)
        ok = fwrite(&out->lengths[i], sizeof out->lengths[i], 1, e->pending) == 1;
    ok = ok && fwrite(out->data, 1, out->bytes, e->pending) == out->bytes;
    return ok ? 0 : ROSTRUM_EIO;
}

/* Muxes what waited for the headers, in order. */
static int mux_pending(stretch_encoder *e)
{
    rs_packets out;
    int rc = 0;
    if (!e->pending)
        return 0;
    if (fflush(e->pending) != 0 || fseek(e->pending, 0, SEEK_SET) != 0)
        return ROSTRUM_EIO;
    memset(&out, 0, sizeof out);
    for (;;) {
        uint64_t header[2];
        if (fread(header, sizeof header, 1, e->pending) != 1)
            break;
        rs__packets_free(&out);
        out.lengths = rs__malloc((header[0] ? header[0] : 1) * sizeof *out.lengths);
        out.data = rs__malloc(header[1] ? header[1] : 1);
        if (!out.lengths || !out.data) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
        out.packets = header[0];
        out.bytes = header[1];
        if (fread(out.lengths, sizeof *out.lengths, out.packets, e->pending) != out.packets ||
            fread(out.data, 1, out.bytes, e->pending) != out.bytes) {
            rc = ROSTRUM_EIO;
            break;
        }
        rc = mux_packets(e, &out, 0);
        if (rc)
            break;
    }
    rs__packets_free(&out);
    if (rc == 0 && ferror(e->pending))
        rc = ROSTRUM_EIO;
    fclose(e->pending);
    e->pending = NULL;
    return rc;
}

/* A finished stretch leaves the line: what was heard is added up, and its
 * packets are muxed, or kept until the headers are out. */
static int take_stretch(stretch_encoder *e, const stretch *s)
{
    if (e->params.measure && add_heard(e, &s->out.heard) != 0)
        return ROSTRUM_ENOMEM;
    return e->headers_written ? mux_packets(e, &s->out, s->last) : keep_pending(e, &s->out);
}

static void free_stretch(stretch *s)
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
        stretch *s = e->head;
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
    stretch *s = rs__calloc(1, sizeof *s);
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
        stretch *s;
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
    if (!e->headers_written)
        return ROSTRUM_ESTATE;
    /* as libopusenc counts it, so that every thread count gives one length */
    e->total_out = (e->position * OUT_RATE + RS__SAMPLE_RATE - 1) / RS__SAMPLE_RATE;
    if (!e->filling)
        rc = open_stretch(e);
    if (rc == 0) {
        close_stretch(e, 1);
        rc = mux_ready(e, 0);
    }
    if (e->stats_out)
        *e->stats_out = e->stats;
    return rc ? rc : e->io_failed ? ROSTRUM_EIO : 0;
}

static int stretch_set_gain(rs_encoder *base, double gain_db)
{
    stretch_encoder *e = (stretch_encoder *)base;
    ogg_page og;
    int64_t end;
    int q = gain_q8(gain_db);
    if (!e->io->seek || !e->io->tell || e->first_page_at < 0)
        return ROSTRUM_EUNSUPPORTED;
    og.header = e->first_page;
    og.header_len = 27 + e->first_page[26];
    og.body = e->first_page + og.header_len;
    og.body_len = (long)e->first_page_len - og.header_len;
    rs__put_le(og.body + 16, (uint32_t)(uint16_t)(int16_t)q, 2);
    ogg_page_checksum_set(&og);
    end = e->io->tell(e->io_user);
    if (end < 0 || e->io->seek(e->io_user, e->first_page_at, SEEK_SET) != 0 ||
        e->io->write(e->io_user, e->first_page, e->first_page_len) != 0 ||
        e->io->seek(e->io_user, end, SEEK_SET) != 0)
        return ROSTRUM_EIO;
    return 0;
}

static int stretch_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    stretch_encoder *e = (stretch_encoder *)base;
    if (!e->params.measure)
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
        stretch *s = e->head;
        e->head = s->next;
        free_stretch(s);
    }
    rs__free(e->frames);
    rs__free(e->cuts);
    if (e->pending)
        fclose(e->pending);
    if (e->ogg_ready)
        ogg_stream_clear(&e->ogg);
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
    /* a seam off the frame grid would move every later stretch */
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
    int rc;
    if (e->headers_written)
        return ROSTRUM_ESTATE;
    e->params.tags = tags;
    e->params.tag_count = count;
    rc = write_headers(e);
    e->params.tags = NULL;
    e->params.tag_count = 0;
    if (rc == 0) {
        e->headers_written = 1;
        rc = mux_pending(e);
    }
    return rc;
}

int rs__encoder_stretch_create(rs_encoder **out, const rs_encode_params *p, const rs_stretch_options *so,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size)
{
    int threads = so->threads;
    stretch_encoder *e = rs__calloc(1, sizeof *e);
    OpusEncoder *probe;
    int err, i, rc = ROSTRUM_ENOMEM;
    if (!e)
        goto fail;
    e->base.vt = &stretch_vtable;
    e->params = *p;
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->changed, NULL);
    for (i = 0; i < (int)so->cut_count; i++) {
        rc = rs__encoder_stretch_cut(&e->base, so->cuts[i]);
        if (rc)
            goto fail;
    }
    rc = ROSTRUM_ENOMEM;
    e->cache_dir = so->cache_dir;
    e->stats_out = so->stats;
    e->io = io;
    e->io_user = io_user;
    e->thread_count = threads;
    e->max_in_flight = (size_t)threads * 2;
    probe = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_AUDIO, &err);
    if (!probe)
        goto fail;
    rc = configure(probe, p);
    if (rc == 0 && opus_encoder_ctl(probe, OPUS_GET_LOOKAHEAD(&e->lookahead)) != OPUS_OK)
        rc = ROSTRUM_EENCODE;
    opus_encoder_destroy(probe);
    if (rc)
        goto fail;
    rc = make_quiet(e);
    if (rc)
        goto fail;
    rc = ROSTRUM_ENOMEM;
    if (ogg_stream_init(&e->ogg, (int)(p->serial & 0x7FFFFFFF)) != 0)
        goto fail;
    e->ogg_ready = 1;
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
        rc = write_headers(e);
        if (rc)
            goto fail;
        e->headers_written = 1;
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
