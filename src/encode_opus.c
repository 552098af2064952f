/* Ogg Opus output through libopusenc. The only file that includes opusenc.h;
 * OPE_* status codes become rostrum codes here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <opus.h>
#include <opusenc.h>

#include "internal.h"

typedef struct opus_encoder {
    rs_encoder base;
    OggOpusEnc *enc;
    const rostrum_io *io;
    void *io_user;
    int io_failed;
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
    return map_status(e, ope_encoder_drain(e->enc));
}

static void opus_destroy(rs_encoder *base)
{
    opus_encoder *e = (opus_encoder *)base;
    if (!e)
        return;
    if (e->enc)
        ope_encoder_destroy(e->enc);
    rs__free(e);
}

static const rs_encoder_vtable opus_vtable = {opus_write, opus_finish, opus_destroy};

/* Q7.8 dB, as OpusHead stores the output gain. */
static int header_gain_q8(double gain_db)
{
    double q = floor(gain_db * 256.0 + 0.5);
    if (q > 32767.0)
        q = 32767.0;
    if (q < -32768.0)
        q = -32768.0;
    return (int)q;
}

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
        status = ope_encoder_ctl(e->enc, OPE_SET_HEADER_GAIN(header_gain_q8(p->gain_db)));
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_BITRATE(p->bitrate_kbps * 1000));
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_COMPLEXITY(p->complexity));
    /* without the voice hint, libopus 1.3.1 goes CELT-only on speech below complexity 7 */
    if (status == OPE_OK)
        status = ope_encoder_ctl(e->enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
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

const char *rs__opus_versions(void)
{
    static char text[160];
    snprintf(text, sizeof text, "%s, %s", opus_get_version_string(), ope_get_version_string());
    return text;
}
