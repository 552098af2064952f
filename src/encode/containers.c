/* The output containers in one table: name, extensions, MIME type, what
 * each can carry, and the encoders that write it. */
#include <string.h>
#include <strings.h>

#include "encode/encode.h"

/* libopusenc's encoder knows one container only */
static int opus_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p, const rostrum_io *io,
                       void *io_user, char *errmsg, size_t errmsg_size)
{
    (void)format;
    return rs__encoder_opus_create(out, p, io, io_user, errmsg, errmsg_size);
}

static const char *const opus_extensions[] = {".opus", ".ogg", ".oga", NULL};
static const char *const wav_extensions[] = {".wav", NULL};
static const char *const flac_extensions[] = {".flac", NULL};
static const char *const epub_extensions[] = {".epub", NULL};
static const char *const m4b_extensions[] = {".m4b", ".m4a", ".mp4", NULL};
static const char *const mp3_extensions[] = {".mp3", NULL};

/* A new container is an encoder file, a rostrum_format value and a row
 * here. libsndfile writes neither chapters nor pictures, and needs to seek
 * back to finish its header. */
static const rs_container containers[] = {
    {.format = ROSTRUM_FORMAT_OPUS, .name = "opus", .description = "Ogg Opus", .extensions = opus_extensions,
     .mime_type = "audio/ogg", .streams = 1, .chapters = 1, .cover = 1, .header_gain = 1, .default_kbps = 24, .create = opus_create,
     .create_stretched = rs__encoder_stretch_create},
    {.format = ROSTRUM_FORMAT_WAV, .name = "wav", .description = "WAV", .extensions = wav_extensions,
     .mime_type = "audio/wav", .create = rs__encoder_sndfile_create},
    {.format = ROSTRUM_FORMAT_FLAC, .name = "flac", .description = "FLAC", .extensions = flac_extensions,
     .mime_type = "audio/flac", .create = rs__encoder_sndfile_create},
    /* FFmpeg's MP4 muxer writes its index after the audio, so it needs to
     * seek; its MP3 muxer only updates the Xing header when it can. AAC
     * and LAME are encoded in one piece. */
    {.format = ROSTRUM_FORMAT_M4B, .name = "m4b", .description = "MP4 audio (AAC)", .extensions = m4b_extensions,
     .mime_type = "audio/mp4", .chapters = 1, .cover = 1, .default_kbps = 64, .create = rs__encoder_ffmpeg_create},
    {.format = ROSTRUM_FORMAT_MP3, .name = "mp3", .description = "MP3", .extensions = mp3_extensions,
     .mime_type = "audio/mpeg", .streams = 1, .chapters = 1, .cover = 1, .default_kbps = 64, .create = rs__encoder_ffmpeg_create},
    /* a publication, not an encoder: the render writes its audio with the
     * container of rostrum_options.epub_audio and packs it (see render.c) */
    {.format = ROSTRUM_FORMAT_EPUB, .name = "epub", .description = "EPUB 3 talking book",
     .extensions = epub_extensions, .mime_type = "application/epub+zip", .chapters = 1, .publication = 1},
};
#define CONTAINER_COUNT (sizeof containers / sizeof containers[0])

size_t rs__container_count(void)
{
    return CONTAINER_COUNT;
}

const rs_container *rs__container_at(size_t index)
{
    return index < CONTAINER_COUNT ? &containers[index] : NULL;
}

const rs_container *rs__container_of(rostrum_format format)
{
    size_t i;
    for (i = 0; i < CONTAINER_COUNT; i++)
        if (containers[i].format == format)
            return &containers[i];
    return NULL;
}

const rs_container *rs__container_find(const char *name)
{
    size_t i;
    for (i = 0; name && i < CONTAINER_COUNT; i++)
        if (strcmp(containers[i].name, name) == 0)
            return &containers[i];
    return NULL;
}

/* What follows the last dot of the name, in any case ("/x.d/out" has none). */
const rs_container *rs__container_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    size_t i, k;
    if (!dot || strchr(dot, '/'))
        return NULL;
    for (i = 0; i < CONTAINER_COUNT; i++)
        for (k = 0; containers[i].extensions[k]; k++)
            if (strcasecmp(dot, containers[i].extensions[k]) == 0)
                return &containers[i];
    return NULL;
}

/* EPUB 3 reading systems play MP3 and MP4 audio (core media types) and
 * many play Ogg; by MIME type, so any container with such audio will do. */
static const char *const epub_audio_types[] = {"audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/x-m4b",
                                               "audio/aac", "audio/ogg", NULL};

const rs_container *rs__epub_audio_container(rostrum_format format)
{
    const rs_container *c = rs__container_of(format);
    size_t k;
    for (k = 0; c && !c->publication && epub_audio_types[k]; k++)
        if (strcmp(c->mime_type, epub_audio_types[k]) == 0)
            return c;
    return NULL;
}

/* MP3 where the library writes it: every reading system plays it. */
const rs_container *rs__epub_default_audio(void)
{
    const rs_container *mp3 = rs__container_find("mp3");
    return mp3 && rs__epub_audio_container(mp3->format) ? mp3 : rs__container_of(ROSTRUM_FORMAT_OPUS);
}
