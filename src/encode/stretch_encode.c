/* One stretch of the stretch encoder, on a worker thread: resampled to
 * 48 kHz, encoded (a pause given silent packets), decoded and metered. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <opus.h>
#include <soxr.h>

#include "encode/stretch_internal.h"

#define MAX_PACKET 1500
#define RESAMPLE_QUALITY SOXR_HQ
#define RESAMPLE_CHUNK 4096
#define DECODE_MAX 5760                  /* the longest Opus packet: 120 ms */
#define CACHE_FORMAT 7
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
/* A decoded peak this far over the largest input sample of its part is the
 * codec's fault, not the speech's: libopus 1.3 at complexity 5 and 24
 * kbit/s now and then saturates its SILK layer (decoded samples at full
 * scale from speech at -6 dBFS), and lowering the part does not lower such
 * a peak, only the speech around it, by up to 11 dB over three rounds.
 * Such a part is first encoded again at its own gain at RAISED_COMPLEXITY,
 * and lowered only if that does not settle it. */
#define FAULT_DB 3.0
/* How far under the limit a lowered part aims. */
#define LOWER_BELOW_DB 0.1

static int append_packet(rs_stretch *s, const unsigned char *packet, int len)
{
    rs_packets *o = &s->out;
    if (rs__grow(&o->data, &s->data_cap, o->bytes + (size_t)len, 1) != 0)
        return ROSTRUM_ENOMEM;
    memcpy(o->data + o->bytes, packet, (size_t)len);
    o->bytes += (size_t)len;
    o->lengths[o->packets++] = (uint16_t)len;
    return 0;
}

static int configure(OpusEncoder *enc, const rs_encode_params *p, int raised)
{
    int status = opus_encoder_ctl(enc, OPUS_SET_BITRATE(p->bitrate_kbps * 1000));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(raised ? RAISED_COMPLEXITY : p->complexity));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    if (status == OPUS_OK)
        status = opus_encoder_ctl(enc, OPUS_SET_LSB_DEPTH(16));
    /* speech at 22050 Hz has nothing above 11 kHz (see opus.c) */
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
static int make_quiet(rs_stretch_coder *c)
{
    static const float zeros[OUT_FRAME];
    float played[OUT_FRAME];
    int err = 0, len = -1, i, n = -1;
    OpusEncoder *enc = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_RESTRICTED_LOWDELAY, &err);
    OpusDecoder *dec = opus_decoder_create(OUT_RATE, 1, &err);
    /* out of memory must not change the bytes: it fails the render */
    int rc = enc && dec ? 0 : ROSTRUM_ENOMEM;
    if (enc && dec && opus_encoder_ctl(enc, OPUS_SET_BITRATE(c->params.bitrate_kbps * 1000)) == OPUS_OK &&
        opus_encoder_ctl(enc, OPUS_SET_BANDWIDTH(OPUS_BANDWIDTH_SUPERWIDEBAND)) == OPUS_OK)
        len = opus_encode_float(enc, zeros, OUT_FRAME, c->quiet, QUIET_MAX);
    if (len > 0)
        n = opus_decode_float(dec, c->quiet, len, played, OUT_FRAME, 0);
    /* libopus adds a tiny bias (1e-34) against denormals */
    for (i = 0; n == OUT_FRAME && i < n && fabsf(played[i]) < 1e-6f; i++)
        ;
    c->quiet_len = n == OUT_FRAME && i == n ? len : 0;
    if (enc)
        opus_encoder_destroy(enc);
    if (dec)
        opus_decoder_destroy(dec);
    return rc;
}

/* Whether input frame k of the stretch (IN_FRAME samples; beyond the end,
 * silence) is digital silence. */
static int silent_frame(const rs_stretch *s, size_t k)
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
static unsigned char *find_gaps(const rs_stretch *s, size_t frames)
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
static int encode_stretch(const rs_stretch_coder *c, rs_stretch *s, size_t frames, const unsigned char *gap)
{
    static const int16_t silence[IN_FRAME];
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t quality = soxr_quality_spec(RESAMPLE_QUALITY, 0);
    soxr_t resampler = NULL;
    soxr_error_t failure = NULL;
    OpusEncoder *enc = NULL;
    float frame[OUT_FRAME];
    unsigned char packet[MAX_PACKET];
    size_t used = 0, filled = 0, f = 0, input = frames * IN_FRAME, kept_at = 0, k = 0;
    /* encoded again: only the parts, each at a gain of its own (see plan_fix) */
    int again = s->replaces != NO_RECORD;
    const rs_fix_part *part = NULL;
    int part_starts = 0; /* the frame is the first of a part encoded again */
    float scale = 1.0f;
    int err = 0, rc = ROSTRUM_ENOMEM;
    s->out.lengths = rs__malloc((frames ? frames : 1) * sizeof *s->out.lengths);
    resampler = soxr_create(RS__SAMPLE_RATE, OUT_RATE, 1, &failure, &io, &quality, NULL);
    enc = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_AUDIO, &err);
    if (!s->out.lengths || !resampler || failure || !enc)
        goto done;
    rc = configure(enc, &c->params, 0);
    while (rc == 0 && f < frames) {
        if (filled < OUT_FRAME) {
            const int16_t *in = NULL;
            size_t in_len = 0, taken = 0, made = 0;
            if (used < s->count) {
                in = s->pcm + used;
                in_len = s->count - used < RESAMPLE_CHUNK ? s->count - used : RESAMPLE_CHUNK;
            } else if (used < input) {
                in = silence; /* past the end of the rs_stretch */
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
        /* outside the parts encoded again, the packet as it was; a pause
         * gets the silent packet; the frame after it, and a part's first,
         * an encoder reset to how a fresh one starts */
        while (again && k < s->fix.count && f >= s->fix.part[k].to)
            k++;
        part = again && k < s->fix.count && f >= s->fix.part[k].from ? &s->fix.part[k] : NULL;
        part_starts = part && f == part->from;
        if (again && !part) {
            rc = append_packet(s, s->before.data + kept_at, s->before.lengths[f]);
        } else if (gap && gap[f]) {
            rc = append_packet(s, c->quiet, c->quiet_len);
        } else if (((gap && f > 0 && gap[f - 1]) || part_starts) &&
                   opus_encoder_ctl(enc, OPUS_RESET_STATE) != OPUS_OK) {
            rc = ROSTRUM_EENCODE;
        } else if (part_starts && configure(enc, &c->params, part->raised) != 0) {
            rc = ROSTRUM_EENCODE;
        } else {
            int len, i;
            if (part_starts)
                scale = (float)pow(10.0, part->gain_db / 20.0);
            for (i = 0; part && scale != 1.0f && i < OUT_FRAME; i++)
                frame[i] *= scale;
            len = opus_encode_float(enc, frame, OUT_FRAME, packet, MAX_PACKET);
            rc = len < 0 ? ROSTRUM_EENCODE : append_packet(s, packet, len);
        }
        if (again)
            kept_at += s->before.lengths[f];
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
    return rc;
}

/* Decodes packets [from, to) of p, the first at byte *offset (moved past
 * the last), into pcm (DECODE_MAX samples) and gives them to the meter. */
static int decode_packets(OpusDecoder *dec, const rs_packets *p, size_t from, size_t to, size_t *offset,
                          float *pcm, rs_block_meter *meter)
{
    int rc = 0;
    for (; rc == 0 && from < to; from++) {
        int n = opus_decode_float(dec, p->data + *offset, p->lengths[from], pcm, DECODE_MAX, 0);
        rc = n < 0 ? ROSTRUM_EENCODE : rs__block_meter_add(meter, pcm, (size_t)n);
        *offset += p->lengths[from];
    }
    return rc;
}

/* The end of the part that starts at frame from: the next pause, or the
 * end of the stretch (gap NULL: the stretch has no pauses of its own). A
 * frame of a pause is a part of its own. */
static size_t part_end(const unsigned char *gap, size_t frames, size_t from)
{
    size_t f = from;
    if (gap && gap[f])
        return f + 1;
    while (f < frames && !(gap && gap[f]))
        f++;
    return f;
}

/* Decodes the stretch's packets as a player will and measures them: the
 * energy of every frame, and the true peak of every part between pauses,
 * which decides what is encoded again if the stretch is (plan_fix). The
 * decoder starts afresh here, as the encoder did: at the seam, in silence,
 * that differs from one decoder for the whole stream by nothing a meter
 * can hear. */
static int hear_stretch(rs_stretch *s, size_t frames, const unsigned char *gap)
{
    OpusDecoder *dec = NULL;
    rs_block_meter *meter = NULL;
    float *pcm = rs__malloc(DECODE_MAX * sizeof *pcm);
    size_t offset = 0, f = 0;
    int err = 0, rc = ROSTRUM_ENOMEM;
    dec = opus_decoder_create(OUT_RATE, 1, &err);
    if (!pcm || !dec || rs__block_meter_create(&meter, OUT_RATE) != 0)
        goto done;
    rc = s->out.packets == frames ? 0 : ROSTRUM_EENCODE;
    while (rc == 0 && f < frames) {
        size_t from = f;
        f = part_end(gap, frames, from);
        rc = decode_packets(dec, &s->out, from, f, &offset, pcm, meter);
        if (rc == 0)
            rc = rs__block_meter_part(meter, from, !(gap && gap[from]));
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
static size_t stretch_frames(const rs_stretch_coder *c, const rs_stretch *s)
{
    size_t frames = (s->count + IN_FRAME - 1) / IN_FRAME;
    if (s->last)
        frames += (size_t)(c->lookahead + OUT_FRAME - 1) / OUT_FRAME + 1;
    return frames;
}

/* ---- encoding a part again ----
 * The encoder starts afresh after every pause (see encode_stretch), so the
 * speech between two pauses, a sentence or so, can be encoded again alone:
 * the packets around it stay as they were. A stretch whose decoded peak
 * would break the ceiling is thus changed only in the parts that hold such
 * peaks, not over its whole minute. */

/* The largest input sample of frames [from, to), linear. */
static double input_peak(const rs_stretch *s, size_t from, size_t to)
{
    size_t i, end = to * IN_FRAME < s->count ? to * IN_FRAME : s->count;
    int top = 0;
    for (i = from * IN_FRAME; i < end; i++)
        if (abs(s->pcm[i]) > top)
            top = abs(s->pcm[i]);
    return top / 32768.0;
}

/* The index of the part of fix that holds frames [from, to), or
 * fix->count when none does. */
static size_t part_holding(const rs_stretch_fix *fix, size_t from, size_t to)
{
    size_t k;
    for (k = 0; k < fix->count; k++)
        if (from >= fix->part[k].from && to <= fix->part[k].to)
            break;
    return k;
}

/* Part q takes in what p asks: the lower gain, raised if either is. */
static void absorb(rs_fix_part *q, const rs_fix_part *p)
{
    q->gain_db = p->gain_db < q->gain_db ? p->gain_db : q->gain_db;
    q->raised = q->raised || p->raised;
}

/* Joins part k + 1 of fix into part k: the frames between are encoded
 * again too. */
static void join_parts(rs_stretch_fix *fix, size_t k)
{
    fix->part[k].to = fix->part[k + 1].to;
    absorb(&fix->part[k], &fix->part[k + 1]);
    memmove(&fix->part[k + 1], &fix->part[k + 2], (fix->count - k - 2) * sizeof *fix->part);
    fix->count--;
}

/* Puts p into fix: into the part that holds it, else as a part of its own
 * in order; past FIX_PARTS the two nearest each other become one, or p
 * joins the nearer of its neighbours when that is nearer still. */
static void put_part(rs_stretch_fix *fix, rs_fix_part p)
{
    size_t k = part_holding(fix, p.from, p.to), at, nearest = 0, least = (size_t)-1, left, right;
    if (k < fix->count) {
        absorb(&fix->part[k], &p);
        return;
    }
    for (at = 0; at < fix->count && fix->part[at].from < p.from; at++)
        ;
    if (fix->count == FIX_PARTS) {
        for (k = 0; k + 1 < fix->count; k++)
            if (fix->part[k + 1].from - fix->part[k].to < least) {
                least = fix->part[k + 1].from - fix->part[k].to;
                nearest = k;
            }
        left = at > 0 ? p.from - fix->part[at - 1].to : (size_t)-1;
        right = at < fix->count ? fix->part[at].from - p.to : (size_t)-1;
        if (left <= right && left < least) {
            fix->part[at - 1].to = p.to;
            absorb(&fix->part[at - 1], &p);
            return;
        }
        if (right < left && right < least) {
            fix->part[at].from = p.from;
            absorb(&fix->part[at], &p);
            return;
        }
        join_parts(fix, nearest);
        if (nearest < at)
            at--;
    }
    memmove(&fix->part[at + 1], &fix->part[at], (fix->count - at) * sizeof *fix->part);
    fix->part[at] = p;
    fix->count++;
}

static int same_fix(const rs_stretch_fix *a, const rs_stretch_fix *b)
{
    size_t k;
    if (a->count != b->count)
        return 0;
    for (k = 0; k < a->count; k++)
        if (a->part[k].from != b->part[k].from || a->part[k].to != b->part[k].to ||
            a->part[k].gain_db != b->part[k].gain_db || a->part[k].raised != b->part[k].raised)
            return 0;
    return 1;
}

/* Decides the parts of s to encode again (s->fix, which holds those
 * encoded before, if any): every part whose decoded peak in s->before (as
 * heard when it was encoded) is over s->limit, each on its own. A part
 * whose peak is a codec fault (FAULT_DB) is encoded at RAISED_COMPLEXITY
 * at its gain; another is lowered just under the limit. s->changed says
 * whether anything changes. */
static int plan_fix(const rs_stretch_coder *c, rs_stretch *s, size_t frames)
{
    const rs_stretch_fix was = s->fix;
    rs_stretch_fix fix = was;
    const rs_heard *heard = &s->before.heard;
    size_t k, end = 0;
    if (s->before.packets != frames)
        return ROSTRUM_EENCODE;
    for (k = 0; k < heard->part_count; k++) {
        const rs_part_peak *q = &heard->parts[k];
        size_t held = part_holding(&was, q->from, q->to);
        const rs_fix_part *inside = held < was.count ? &was.part[held] : NULL;
        rs_fix_part p = {q->from, q->to, inside ? inside->gain_db : 0.0, 0};
        double spoken;
        /* in order, apart, inside the stretch */
        if (q->from < end || q->to <= q->from || q->to > frames)
            return ROSTRUM_EENCODE;
        end = q->to;
        if (q->peak <= s->limit)
            continue;
        spoken = input_peak(s, q->from, q->to);
        if (!(inside && inside->raised) && c->params.complexity < RAISED_COMPLEXITY && spoken > 0.0 &&
            20.0 * log10(q->peak) > 20.0 * log10(spoken) + p.gain_db + FAULT_DB)
            p.raised = 1;
        else
            p.gain_db = p.gain_db - 20.0 * log10(q->peak / s->limit) - LOWER_BELOW_DB;
        put_part(&fix, p);
    }
    s->changed = !same_fix(&fix, &was);
    s->fix = fix;
    return 0;
}

/* The cache key: the stretch's samples and everything that shapes its
 * packets. Two hashes: one names the entry, the other checks it. */
static void stretch_key(const rs_stretch_coder *c, const rs_stretch *s, size_t frames, uint64_t key[2])
{
    const char *version = opus_get_version_string();
    int32_t settings[7];
    size_t p;
    int k;
    settings[0] = CACHE_FORMAT;
    settings[1] = c->params.bitrate_kbps;
    settings[2] = c->params.complexity;
    settings[3] = c->lookahead;
    settings[4] = RESAMPLE_QUALITY;
    settings[5] = s->last;
    settings[6] = c->quiet_len;
    for (k = 0; k < 2; k++) {
        uint64_t h = rs__hash(k ? ~RS__HASH_INIT : RS__HASH_INIT, settings, sizeof settings);
        uint64_t n[2] = {s->count, frames};
        h = rs__hash(h, n, sizeof n);
        h = rs__hash(h, version, strlen(version));
        h = rs__hash(h, soxr_version(), strlen(soxr_version()));
        /* a part encoded again: other keys stay as they were */
        for (p = 0; s->replaces != NO_RECORD && p < s->fix.count; p++) {
            const rs_fix_part *fp = &s->fix.part[p];
            uint64_t part[3] = {fp->from, fp->to, (uint64_t)fp->raised};
            h = rs__hash(h, part, sizeof part);
            h = rs__hash(h, &fp->gain_db, sizeof fp->gain_db);
        }
        key[k] = rs__hash(h, s->pcm, s->count * sizeof *s->pcm);
    }
}

/* Encodes the stretch and, when the render is measured, hears it. */
static int encode_and_hear(const rs_stretch_coder *c, rs_stretch *s, size_t frames, const unsigned char *gap)
{
    int rc = encode_stretch(c, s, frames, gap);
    return rc == 0 && c->params.measure ? hear_stretch(s, frames, gap) : rc;
}

/* Takes the stretch's packets from the cache, or encodes them (and keeps
 * them there). A cache that cannot be written costs speed, not the render.
 * The pauses are found only when the stretch is encoded or planned. */
int rs__stretch_encode(const rs_stretch_coder *c, rs_stretch *s, int *from_cache)
{
    size_t frames = stretch_frames(c, s);
    unsigned char *gap = NULL;
    uint64_t key[2];
    int rc = 0;
    *from_cache = 0;
    if (c->quiet_len && (s->replaces != NO_RECORD || !c->cache_dir)) {
        gap = find_gaps(s, frames);
        if (!gap)
            return ROSTRUM_ENOMEM;
    }
    if (s->replaces != NO_RECORD) {
        rc = plan_fix(c, s, frames);
        if (rc || !s->changed)
            goto done;
    }
    if (c->cache_dir) {
        stretch_key(c, s, frames, key);
        if (rs__cache_get(c->cache_dir, key, &s->out)) {
            if (s->out.packets == frames) {
                *from_cache = 1;
                goto done;
            }
            rs__packets_free(&s->out);
        }
        if (c->quiet_len && !gap && !(gap = find_gaps(s, frames))) {
            rc = ROSTRUM_ENOMEM;
            goto done;
        }
    }
    rc = encode_and_hear(c, s, frames, gap);
    if (rc == 0 && c->cache_dir)
        rs__cache_put(c->cache_dir, key, &s->out);
done:
    rs__free(gap);
    return rc;
}

/* The lookahead comes from an encoder configured as every stretch's will be. */
int rs__stretch_coder_init(rs_stretch_coder *c, const rs_encode_params *p, const char *cache_dir)
{
    int err, rc;
    OpusEncoder *probe;
    c->params = *p;
    c->cache_dir = cache_dir;
    probe = opus_encoder_create(OUT_RATE, 1, OPUS_APPLICATION_AUDIO, &err);
    if (!probe)
        return ROSTRUM_ENOMEM;
    rc = configure(probe, p, 0);
    if (rc == 0 && opus_encoder_ctl(probe, OPUS_GET_LOOKAHEAD(&c->lookahead)) != OPUS_OK)
        rc = ROSTRUM_EENCODE;
    opus_encoder_destroy(probe);
    return rc ? rc : make_quiet(c);
}
