/* WAV and FLAC output through libsndfile's virtual I/O. The gain is applied
 * to the samples, since these formats have no header gain. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sndfile.h>

#include "encode/encode.h"

#define CHUNK 4096

typedef struct snd_encoder {
    rs_encoder base;
    SNDFILE *file;
    const rostrum_io *io;
    void *io_user;
    int io_failed;
    double factor;
    rs_meter *meter;
    int16_t scaled[CHUNK];
    float measured[CHUNK];
} snd_encoder;

static sf_count_t vio_length(void *user)
{
    snd_encoder *e = user;
    int64_t here = e->io->tell(e->io_user);
    int64_t end;
    if (here < 0 || e->io->seek(e->io_user, 0, SEEK_END) != 0)
        return -1;
    end = e->io->tell(e->io_user);
    if (e->io->seek(e->io_user, here, SEEK_SET) != 0)
        return -1;
    return end;
}

static sf_count_t vio_seek(sf_count_t offset, int whence, void *user)
{
    snd_encoder *e = user;
    if (e->io->seek(e->io_user, offset, whence) != 0)
        return -1;
    return e->io->tell(e->io_user);
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
    (void)ptr;
    (void)count;
    (void)user;
    return 0; /* output only */
}

static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
    snd_encoder *e = user;
    if (e->io_failed || e->io->write(e->io_user, ptr, (size_t)count) != 0) {
        e->io_failed = 1;
        return 0;
    }
    return count;
}

static sf_count_t vio_tell(void *user)
{
    snd_encoder *e = user;
    return e->io->tell(e->io_user);
}

static int snd_write(rs_encoder *base, const int16_t *pcm, size_t count)
{
    snd_encoder *e = (snd_encoder *)base;
    while (count > 0) {
        size_t n = count < CHUNK ? count : CHUNK;
        size_t i;
        for (i = 0; i < n; i++) {
            double v = floor(pcm[i] * e->factor + 0.5);
            e->scaled[i] = (int16_t)(v > 32767.0 ? 32767.0 : v < -32768.0 ? -32768.0 : v);
            e->measured[i] = (float)e->scaled[i] / 32768.0f;
        }
        if (e->meter && rs__meter_feed(e->meter, e->measured, n) != 0)
            return ROSTRUM_ENOMEM;
        if (sf_write_short(e->file, e->scaled, (sf_count_t)n) != (sf_count_t)n)
            return e->io_failed ? ROSTRUM_EIO : ROSTRUM_EENCODE;
        pcm += n;
        count -= n;
    }
    return 0;
}

static int snd_finish(rs_encoder *base)
{
    snd_encoder *e = (snd_encoder *)base;
    int status = sf_close(e->file);
    e->file = NULL;
    if (e->io_failed)
        return ROSTRUM_EIO;
    return status == 0 ? 0 : ROSTRUM_EENCODE;
}

/* The gain is in the samples already; these formats have no header for it. */
static int snd_set_gain(rs_encoder *base, double gain_db)
{
    (void)base;
    (void)gain_db;
    return ROSTRUM_EUNSUPPORTED;
}

static int snd_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    snd_encoder *e = (snd_encoder *)base;
    if (!e->meter)
        return ROSTRUM_ESTATE;
    return rs__meter_finish(e->meter, lufs, true_peak_db);
}

static void snd_destroy(rs_encoder *base)
{
    snd_encoder *e = (snd_encoder *)base;
    if (!e)
        return;
    if (e->file)
        sf_close(e->file);
    rs__meter_destroy(e->meter);
    rs__free(e);
}

static const rs_encoder_vtable snd_vtable = {snd_write, snd_finish, snd_set_gain, snd_result, snd_destroy};

static const struct {
    const char *key;
    int id;
} string_tags[] = {
    {"TITLE", SF_STR_TITLE}, {"ALBUM", SF_STR_ALBUM}, {"ARTIST", SF_STR_ARTIST}, {"DATE", SF_STR_DATE},
    {"TRACKNUMBER", SF_STR_TRACKNUMBER}, {"ENCODER", SF_STR_SOFTWARE},
};

int rs__encoder_sndfile_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size)
{
    SF_VIRTUAL_IO vio = {vio_length, vio_seek, vio_read, vio_write, vio_tell};
    SF_INFO info;
    snd_encoder *e;
    size_t i, k;
    if (!io->seek || !io->tell) {
        rs__set_error(errmsg, errmsg_size, "WAV and FLAC need a seekable output; write Ogg Opus to a pipe");
        return ROSTRUM_EUNSUPPORTED;
    }
    e = rs__calloc(1, sizeof *e);
    if (!e)
        return ROSTRUM_ENOMEM;
    e->base.vt = &snd_vtable;
    e->io = io;
    e->io_user = io_user;
    e->factor = pow(10.0, p->gain_db / 20.0);
    if (p->measure && rs__meter_start(&e->meter, p->rate, 1, NULL, NULL) != 0) {
        rs__free(e);
        return ROSTRUM_ENOMEM;
    }
    memset(&info, 0, sizeof info);
    info.samplerate = (int)p->rate;
    info.channels = 1;
    info.format = (format == ROSTRUM_FORMAT_FLAC ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;
    e->file = sf_open_virtual(&vio, SFM_WRITE, &info, e);
    if (!e->file) {
        rs__set_error(errmsg, errmsg_size, "libsndfile could not start: %s", sf_strerror(NULL));
        rs__meter_destroy(e->meter);
        rs__free(e);
        return ROSTRUM_EENCODE;
    }
    for (i = 0; i < p->tag_count; i++)
        for (k = 0; k < sizeof string_tags / sizeof string_tags[0]; k++)
            if (p->tags[i].value && strcmp(p->tags[i].key, string_tags[k].key) == 0)
                sf_set_string(e->file, string_tags[k].id, p->tags[i].value);
    *out = &e->base;
    return 0;
}

const char *rs__sndfile_version(void)
{
    return sf_version_string();
}
