/* Ogg Opus in one piece through libopusenc: the trial encodings that
 * measure what the codec does to the calibration speech (render.c). Every
 * Ogg Opus output, a file or a pipe, is encoded in stretches (stretch.c),
 * which set their gain in the header they write. The only file that
 * includes opusenc.h; OPE_* status codes become rostrum codes here. */
#include <stdio.h>
#include <string.h>

#include <opus.h>
#include <opusenc.h>

#include "encode/encode.h"

#define DECODE_RATE 48000

typedef struct opus_encoder {
    rs_encoder base;
    OggOpusEnc *enc;
    const rostrum_io *io;
    void *io_user;
    int io_failed;
    /* what a player hears is decoded and measured, so that the final gain
     * is set from the real output */
    OpusDecoder *decoder;
    rs_meter *meter;
    int meter_failed;
} opus_encoder;

static int on_write(void *user, const unsigned char *data, opus_int32 len)
{
    opus_encoder *e = user;
    if (e->io_failed)
        return 1;
    if (e->io->write(e->io_user, data, (size_t)len) != 0) {
        e->io_failed = 1;
        return 1;
    }
    return 0;
}

/* Runs on the meter's thread: what a player would hear. */
static long decode_packet(void *user, const unsigned char *packet, size_t len, float *out, size_t max)
{
    return opus_decode_float(user, packet, (opus_int32)len, out, (int)max, 0);
}

/* Every encoded packet goes to the meter; the two header packets, which
 * libopusenc passes here too, are skipped. */
static void on_packet(void *user, const unsigned char *packet, opus_int32 len, opus_uint32 flags)
{
    opus_encoder *e = user;
    (void)flags;
    if (!e->meter || e->meter_failed)
        return;
    if (len >= 8 && (memcmp(packet, "OpusHead", 8) == 0 || memcmp(packet, "OpusTags", 8) == 0))
        return;
    if (rs__meter_feed_packet(e->meter, packet, (size_t)len) != 0)
        e->meter_failed = 1;
}

static int on_close(void *user)
{
    (void)user;
    return 0;
}

static int map_status(const opus_encoder *e, int status)
{
    if (status == OPE_OK)
        return 0;
    if (e->io_failed || status == OPE_WRITE_FAIL)
        return ROSTRUM_EIO;
    if (status == OPE_ALLOC_FAIL)
        return ROSTRUM_ENOMEM;
    return ROSTRUM_EENCODE;
}

static int opus_write(rs_encoder *base, const int16_t *pcm, size_t count)
{
    opus_encoder *e = (opus_encoder *)base;
    while (count > 0) {
        int chunk = count > 65536 ? 65536 : (int)count;
        int rc = map_status(e, ope_encoder_write(e->enc, pcm, chunk));
        if (rc)
            return rc;
        pcm += chunk;
        count -= (size_t)chunk;
    }
    return 0;
}

static int opus_finish(rs_encoder *base)
{
    opus_encoder *e = (opus_encoder *)base;
    int rc = map_status(e, ope_encoder_drain(e->enc));
    if (rc == 0 && e->meter_failed)
        rc = ROSTRUM_ENOMEM;
    return rc;
}

/* The header gain stays as it was made: a trial's stream goes nowhere. */
static int opus_set_gain(rs_encoder *base, double gain_db)
{
    (void)base;
    (void)gain_db;
    return ROSTRUM_EUNSUPPORTED;
}

static int opus_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    opus_encoder *e = (opus_encoder *)base;
    if (!e->meter)
        return ROSTRUM_ESTATE;
    return rs__meter_finish(e->meter, lufs, true_peak_db);
}

static void opus_destroy(rs_encoder *base)
{
    opus_encoder *e = (opus_encoder *)base;
    if (!e)
        return;
    if (e->enc)
        ope_encoder_destroy(e->enc);
    /* the meter thread uses the decoder: stop it first */
    rs__meter_destroy(e->meter);
    if (e->decoder)
        opus_decoder_destroy(e->decoder);
    rs__free(e);
}

static const rs_encoder_vtable opus_vtable = {opus_write, opus_finish, opus_set_gain, opus_result, opus_destroy};

int rs__encoder_opus_create(rs_encoder **out, const rs_encode_params *p,
                            const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size)
{
    OpusEncCallbacks callbacks = {on_write, on_close};
    OggOpusComments *comments = NULL;
    opus_encoder *e;
    size_t i;
    int status = OPE_ALLOC_FAIL;
    int rc = ROSTRUM_ENOMEM;

    e = rs__calloc(1, sizeof *e);
    if (!e)
        goto fail;
    e->base.vt = &opus_vtable;
    e->io = io;
    e->io_user = io_user;
    if (p->measure) {
        int opus_status;
        e->decoder = opus_decoder_create(DECODE_RATE, 1, &opus_status);
        if (!e->decoder || rs__meter_start(&e->meter, DECODE_RATE, 1, decode_packet, e->decoder) != 0) {
            status = OPE_ALLOC_FAIL;
            goto fail;
        }
    }
    /* libopusenc copies the comments when the encoder is created, so every
     * tag and chapter must be known now */
    comments = ope_comments_create();
    if (!comments)
        goto fail;
    for (i = 0; i < p->tag_count; i++) {
        if (!p->tags[i].value || !*p->tags[i].value)
            continue;
        status = ope_comments_add(comments, p->tags[i].key, p->tags[i].value);
        if (status != OPE_OK) {
            rc = map_status(e, status);
            goto fail;
        }
    }
    e->enc = ope_encoder_create_callbacks(&callbacks, e, comments, (opus_int32)p->rate, 1, 0, &status);
    if (!e->enc) {
        rc = map_status(e, status);
        goto fail;
    }
    status = ope_encoder_ctl(e->enc, OPE_SET_SERIALNO((opus_int32)(p->serial & 0x7FFFFFFF)));
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPE_SET_HEADER_GAIN(rs__opus_gain_q8(p->gain_db)));
    if (status == OPE_OK && e->meter)
        status = ope_encoder_ctl(e->enc, OPE_SET_PACKET_CALLBACK(on_packet, e));
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_BITRATE(p->bitrate_kbps * 1000));
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_COMPLEXITY(p->complexity));
    /* without the voice hint, libopus 1.3.1 goes CELT-only on speech below complexity 7 */
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    /* the input is 16-bit */
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_LSB_DEPTH(16));
    /* speech at 22050 Hz has nothing above 11 kHz: super-wideband (12 kHz)
     * holds all of it, and fullband frames would spend bits and time on
     * silence (measured: 4% smaller files, 6% faster encoding) */
    if (status == OPE_OK && p->rate <= 24000)
        status = ope_encoder_ctl(e->enc, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_SUPERWIDEBAND));
    if (status != OPE_OK) {
        rc = map_status(e, status);
        goto fail;
    }
    ope_comments_destroy(comments);
    *out = &e->base;
    return 0;
fail:
    rs__set_error(errmsg, errmsg_size, "the Opus encoder could not start: %s",
                  status != OPE_OK ? ope_strerror(status) : "out of memory");
    if (comments)
        ope_comments_destroy(comments);
    opus_destroy(e ? &e->base : NULL);
    return rc;
}

void rs__opus_versions(char *buf, size_t size)
{
    snprintf(buf, size, "%s, %s", opus_get_version_string(), ope_get_version_string());
}
