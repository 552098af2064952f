/* M4B/M4A (AAC-LC) and MP3 (LAME) output through FFmpeg's libraries: the
 * only file that includes them; AVERROR codes become rostrum codes here. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/base64.h>
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>

#include "encode/encode.h"

/* FFmpeg is loaded when an M4B or MP3 is first asked for, not when rostrum
 * starts: most renders are Ogg Opus, WAV or FLAC and never need it, and
 * loading libavcodec brings in dozens of libraries (some 16 MB of resident
 * memory, and initializers that valgrind 3.19 cannot run). The headers
 * above give the types and the library major versions they belong to. */
#define FF_FUNCTIONS(X) \
    X(av_base64_decode) \
    X(av_channel_layout_copy) \
    X(av_channel_layout_default) \
    X(av_dict_set) \
    X(av_frame_alloc) \
    X(av_frame_free) \
    X(av_frame_get_buffer) \
    X(av_frame_unref) \
    X(av_free) \
    X(av_freep) \
    X(av_log_get_level) \
    X(av_log_set_level) \
    X(av_malloc) \
    X(av_mallocz) \
    X(av_new_packet) \
    X(av_packet_alloc) \
    X(av_packet_free) \
    X(av_packet_rescale_ts) \
    X(av_packet_unref) \
    X(av_realloc_array) \
    X(av_strerror) \
    X(av_write_frame) \
    X(av_write_trailer) \
    X(avcodec_alloc_context3) \
    X(avcodec_find_decoder) \
    X(avcodec_find_encoder_by_name) \
    X(avcodec_free_context) \
    X(avcodec_open2) \
    X(avcodec_parameters_from_context) \
    X(avcodec_receive_frame) \
    X(avcodec_receive_packet) \
    X(avcodec_send_frame) \
    X(avcodec_send_packet) \
    X(avcodec_version) \
    X(avformat_alloc_output_context2) \
    X(avformat_free_context) \
    X(avformat_new_stream) \
    X(avformat_version) \
    X(avformat_write_header) \
    X(avio_alloc_context) \
    X(avio_context_free) \
    X(avio_flush)

static struct {
#define FF_SLOT(name) __typeof__(&name) name;
    FF_FUNCTIONS(FF_SLOT)
#undef FF_SLOT
} ff;

static const rs_dl_function ff_functions[] = {
#define FF_ENTRY(name) {#name, &ff.name},
    FF_FUNCTIONS(FF_ENTRY)
#undef FF_ENTRY
};

#define FF_SONAME(lib, major) "lib" lib ".so." AV_STRINGIFY(major)
static pthread_once_t ff_once = PTHREAD_ONCE_INIT;
static char ff_failure[256]; /* empty once loaded */

static void ff_load_once(void)
{
    /* libavformat's dependencies (libavcodec, libavutil) come with it and
     * dlsym looks in them too */
    if (rs__dl_load(FF_SONAME("avformat", LIBAVFORMAT_VERSION_MAJOR), ff_functions,
                    sizeof ff_functions / sizeof ff_functions[0], ff_failure, sizeof ff_failure) != 0)
        return;
    if (ff.avcodec_version() >> 16 != LIBAVCODEC_VERSION_MAJOR)
        snprintf(ff_failure, sizeof ff_failure, "libavcodec %u is loaded, rostrum was built for %d",
                 ff.avcodec_version() >> 16, LIBAVCODEC_VERSION_MAJOR);
}

/* 0 once FFmpeg's functions are in ff; otherwise why not, in errmsg */
static int ff_load(char *errmsg, size_t errmsg_size)
{
    pthread_once(&ff_once, ff_load_once);
    if (!ff_failure[0])
        return 0;
    rs__set_error(errmsg, errmsg_size, "M4B and MP3 need FFmpeg's libraries (Debian: libavformat%d): %s",
                  LIBAVFORMAT_VERSION_MAJOR, ff_failure);
    return ROSTRUM_EUNSUPPORTED;
}

#define AVIO_BUFFER 65536
/* Below this FFmpeg's AAC encoder overshoots speech peaks erratically (by
 * up to 2.5 dB past the sample peak at 32-48 kbit/s, measured on the
 * samples), more than the limiter's margin and a trial encoding can hold
 * under -1 dBTP; at 64 kbit/s the decoded peaks stayed under -1.5 dBTP. */
#define AAC_MIN_KBPS 64
/* Packets go to the meter's thread in bundles: one hand-over per packet
 * (5000 for two minutes of MP3) cost more wall time in thread wake-ups
 * than the decoding. A bundle is at most BUNDLE_BYTES (a meter slot) and
 * decodes to at most BUNDLE_SAMPLES (the meter's decode buffer). */
#define BUNDLE_BYTES 32768
#define BUNDLE_SAMPLES 5760

typedef struct ff_encoder {
    rs_encoder base;
    rostrum_format format;
    const rostrum_io *io;
    void *io_user;
    int io_failed;
    int failed;               /* sticky: once set, every call returns it */
    double factor;            /* the render's gain, applied to the samples */
    AVFormatContext *muxer;
    AVIOContext *avio;
    AVStream *audio;
    AVCodecContext *encoder;
    AVFrame *frame;           /* filled up to the encoder's frame size */
    AVPacket *packet;
    int64_t next_pts;         /* input samples handed to the encoder */
    int trailer_written;
    /* what a player hears is decoded and measured on the meter's thread */
    AVCodecContext *decoder;
    AVPacket *decode_packet;
    AVFrame *decoded;
    rs_meter *meter;
    unsigned char bundle[BUNDLE_BYTES]; /* packets, each after its length (4 bytes) */
    size_t bundle_bytes;
    int bundle_packets;
} ff_encoder;

static int map_averror(const ff_encoder *e, int err)
{
    if (e->io_failed)
        return ROSTRUM_EIO;
    if (err == AVERROR(ENOMEM))
        return ROSTRUM_ENOMEM;
    return ROSTRUM_EENCODE;
}

/* ---- the output, through the caller's I/O ---- */

static int output_write(void *user, uint8_t *data, int size)
{
    ff_encoder *e = user;
    if (e->io_failed || e->io->write(e->io_user, data, (size_t)size) != 0) {
        e->io_failed = 1;
        return AVERROR(EIO);
    }
    return size;
}

/* AVSEEK_SIZE asks for the length, which a file being written has at its end. */
static int64_t output_seek(void *user, int64_t offset, int whence)
{
    ff_encoder *e = user;
    int64_t here, end;
    if (whence & AVSEEK_SIZE) {
        here = e->io->tell(e->io_user);
        if (here < 0 || e->io->seek(e->io_user, 0, SEEK_END) != 0)
            return AVERROR(EIO);
        end = e->io->tell(e->io_user);
        if (e->io->seek(e->io_user, here, SEEK_SET) != 0)
            return AVERROR(EIO);
        return end;
    }
    whence &= ~AVSEEK_FORCE;
    if (e->io->seek(e->io_user, offset, whence) != 0)
        return AVERROR(EIO);
    return e->io->tell(e->io_user);
}

/* ---- the decoded output, for the meter ---- */

/* A packet decoded as a player would, its float samples (one channel)
 * after the got already in out. */
static long decode_one(ff_encoder *e, const unsigned char *data, size_t len, float *out, size_t got, size_t max)
{
    int rc;
    ff.av_packet_unref(e->decode_packet);
    if (ff.av_new_packet(e->decode_packet, (int)len) < 0)
        return -1;
    memcpy(e->decode_packet->data, data, len);
    rc = ff.avcodec_send_packet(e->decoder, e->decode_packet);
    if (rc < 0)
        return -1;
    for (;;) {
        size_t n;
        rc = ff.avcodec_receive_frame(e->decoder, e->decoded);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            break;
        if (rc < 0)
            return -1;
        n = (size_t)e->decoded->nb_samples;
        if (n > max - got)
            n = max - got;
        if (e->decoded->format == AV_SAMPLE_FMT_FLTP || e->decoded->format == AV_SAMPLE_FMT_FLT) {
            memcpy(out + got, e->decoded->data[0], n * sizeof *out);
        } else if (e->decoded->format == AV_SAMPLE_FMT_S16P || e->decoded->format == AV_SAMPLE_FMT_S16) {
            const int16_t *s = (const int16_t *)(const void *)e->decoded->data[0];
            size_t i;
            for (i = 0; i < n; i++)
                out[got + i] = (float)s[i] / 32768.0f;
        } else {
            ff.av_frame_unref(e->decoded);
            return -1;
        }
        got += n;
        ff.av_frame_unref(e->decoded);
    }
    return (long)got;
}

/* Runs on the meter's thread: a bundle of packets, decoded in turn. */
static long decode_bundle(void *user, const unsigned char *data, size_t len, float *out, size_t max)
{
    ff_encoder *e = user;
    size_t at = 0;
    long got = 0;
    while (got >= 0 && at + 4 <= len) {
        size_t size = (size_t)data[at] | (size_t)data[at + 1] << 8 | (size_t)data[at + 2] << 16 |
                      (size_t)data[at + 3] << 24;
        if (size > len - at - 4)
            return -1;
        got = decode_one(e, data + at + 4, size, out, (size_t)got, max);
        at += 4 + size;
    }
    return got;
}

/* Hands the bundle to the meter. */
static int flush_bundle(ff_encoder *e)
{
    int rc = 0;
    if (e->meter && e->bundle_bytes > 0)
        rc = rs__meter_feed_packet(e->meter, e->bundle, e->bundle_bytes);
    e->bundle_bytes = 0;
    e->bundle_packets = 0;
    return rc ? ROSTRUM_EENCODE : 0;
}

/* Adds a packet to the bundle, handing the bundle over first when the
 * packet, or its samples, would not fit. */
static int bundle_packet(ff_encoder *e, const unsigned char *data, size_t size)
{
    /* a decoder may give a frame late: room for one more than counted */
    int max_packets = BUNDLE_SAMPLES / e->encoder->frame_size - 1;
    if (size + 4 > BUNDLE_BYTES)
        return ROSTRUM_EENCODE;
    if ((e->bundle_bytes + size + 4 > BUNDLE_BYTES || e->bundle_packets >= (max_packets < 1 ? 1 : max_packets)) &&
        flush_bundle(e) != 0)
        return ROSTRUM_EENCODE;
    e->bundle[e->bundle_bytes] = (unsigned char)(size & 0xFF);
    e->bundle[e->bundle_bytes + 1] = (unsigned char)((size >> 8) & 0xFF);
    e->bundle[e->bundle_bytes + 2] = (unsigned char)((size >> 16) & 0xFF);
    e->bundle[e->bundle_bytes + 3] = (unsigned char)((size >> 24) & 0xFF);
    memcpy(e->bundle + e->bundle_bytes + 4, data, size);
    e->bundle_bytes += size + 4;
    e->bundle_packets++;
    return 0;
}

static int start_decoder(ff_encoder *e)
{
    const AVCodec *codec = ff.avcodec_find_decoder(e->encoder->codec_id);
    if (!codec)
        return ROSTRUM_EENCODE;
    e->decoder = ff.avcodec_alloc_context3(codec);
    e->decode_packet = ff.av_packet_alloc();
    e->decoded = ff.av_frame_alloc();
    if (!e->decoder || !e->decode_packet || !e->decoded)
        return ROSTRUM_ENOMEM;
    e->decoder->sample_rate = e->encoder->sample_rate;
    if (ff.av_channel_layout_copy(&e->decoder->ch_layout, &e->encoder->ch_layout) < 0)
        return ROSTRUM_ENOMEM;
    /* AAC in MP4 carries its configuration out of band */
    if (e->encoder->extradata_size > 0) {
        e->decoder->extradata = ff.av_mallocz((size_t)e->encoder->extradata_size + AV_INPUT_BUFFER_PADDING_SIZE);
        if (!e->decoder->extradata)
            return ROSTRUM_ENOMEM;
        memcpy(e->decoder->extradata, e->encoder->extradata, (size_t)e->encoder->extradata_size);
        e->decoder->extradata_size = e->encoder->extradata_size;
    }
    if (ff.avcodec_open2(e->decoder, codec, NULL) < 0)
        return ROSTRUM_EENCODE;
    return rs__meter_start(&e->meter, (unsigned)e->encoder->sample_rate, 1, decode_bundle, e);
}

/* ---- encoding ---- */

/* Takes every packet the encoder has ready to the muxer and the meter. */
static int drain_packets(ff_encoder *e)
{
    for (;;) {
        int rc = ff.avcodec_receive_packet(e->encoder, e->packet);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return 0;
        if (rc < 0)
            return map_averror(e, rc);
        if (e->meter && bundle_packet(e, e->packet->data, (size_t)e->packet->size) != 0) {
            ff.av_packet_unref(e->packet);
            return ROSTRUM_EENCODE;
        }
        ff.av_packet_rescale_ts(e->packet, e->encoder->time_base, e->audio->time_base);
        e->packet->stream_index = e->audio->index;
        rc = ff.av_write_frame(e->muxer, e->packet);
        ff.av_packet_unref(e->packet);
        if (rc < 0)
            return map_averror(e, rc);
    }
}

/* Hands the frame, as filled as it is, to the encoder (NULL: the end). */
static int send_frame(ff_encoder *e, AVFrame *frame)
{
    int rc;
    if (frame) {
        frame->pts = e->next_pts;
        e->next_pts += frame->nb_samples;
    }
    rc = ff.avcodec_send_frame(e->encoder, frame);
    if (rc < 0)
        return map_averror(e, rc);
    if (frame) {
        /* the encoder keeps a reference: a fresh buffer for what follows */
        ff.av_frame_unref(frame);
        frame->format = e->encoder->sample_fmt;
        frame->sample_rate = e->encoder->sample_rate;
        frame->nb_samples = e->encoder->frame_size;
        if (ff.av_channel_layout_copy(&frame->ch_layout, &e->encoder->ch_layout) < 0 ||
            ff.av_frame_get_buffer(frame, 0) < 0)
            return ROSTRUM_ENOMEM;
        frame->nb_samples = 0;
    }
    return drain_packets(e);
}

static int ff_write(rs_encoder *base, const int16_t *pcm, size_t count)
{
    ff_encoder *e = (ff_encoder *)base;
    if (e->failed)
        return e->failed;
    while (count > 0) {
        int room = e->encoder->frame_size - e->frame->nb_samples;
        int n = count < (size_t)room ? (int)count : room, i;
        int at = e->frame->nb_samples;
        if (e->encoder->sample_fmt == AV_SAMPLE_FMT_FLTP) {
            float *dst = (float *)(void *)e->frame->data[0] + at;
            for (i = 0; i < n; i++) {
                double v = pcm[i] * e->factor / 32768.0;
                dst[i] = (float)(v > 1.0 ? 1.0 : v < -1.0 ? -1.0 : v);
            }
        } else {
            int16_t *dst = (int16_t *)(void *)e->frame->data[0] + at;
            for (i = 0; i < n; i++) {
                double v = floor(pcm[i] * e->factor + 0.5);
                dst[i] = (int16_t)(v > 32767.0 ? 32767.0 : v < -32768.0 ? -32768.0 : v);
            }
        }
        e->frame->nb_samples += n;
        pcm += n;
        count -= (size_t)n;
        if (e->frame->nb_samples == e->encoder->frame_size) {
            int rc = send_frame(e, e->frame);
            if (rc)
                return e->failed = rc;
        }
    }
    return 0;
}

static int ff_finish(rs_encoder *base)
{
    ff_encoder *e = (ff_encoder *)base;
    int rc = e->failed;
    /* the last frame may be short: both encoders take one */
    if (rc == 0 && e->frame->nb_samples > 0)
        rc = send_frame(e, e->frame);
    if (rc == 0)
        rc = send_frame(e, NULL);
    if (rc == 0)
        rc = flush_bundle(e);
    if (rc == 0) {
        int status = ff.av_write_trailer(e->muxer);
        e->trailer_written = 1;
        if (status < 0)
            rc = map_averror(e, status);
    }
    if (rc == 0) {
        ff.avio_flush(e->avio);
        if (e->io_failed || e->avio->error < 0)
            rc = ROSTRUM_EIO;
    }
    return rc ? (e->failed = rc) : 0;
}

/* The gain is in the samples; neither container has a header for it that
 * every player applies. */
static int ff_set_gain(rs_encoder *base, double gain_db)
{
    (void)base;
    (void)gain_db;
    return ROSTRUM_EUNSUPPORTED;
}

static int ff_result(rs_encoder *base, double *lufs, double *true_peak_db)
{
    ff_encoder *e = (ff_encoder *)base;
    if (!e->meter)
        return ROSTRUM_ESTATE;
    return rs__meter_finish(e->meter, lufs, true_peak_db);
}

static void ff_destroy(rs_encoder *base)
{
    ff_encoder *e = (ff_encoder *)base;
    if (!e)
        return;
    /* the meter's thread uses the decoder: stop it first */
    rs__meter_destroy(e->meter);
    ff.avcodec_free_context(&e->decoder);
    ff.av_packet_free(&e->decode_packet);
    ff.av_frame_free(&e->decoded);
    ff.avcodec_free_context(&e->encoder);
    ff.av_frame_free(&e->frame);
    ff.av_packet_free(&e->packet);
    if (e->avio) {
        ff.av_freep(&e->avio->buffer);
        ff.avio_context_free(&e->avio);
    }
    if (e->muxer)
        e->muxer->pb = NULL;
    ff.avformat_free_context(e->muxer);
    rs__free(e);
}

static const rs_encoder_vtable ff_vtable = {ff_write, ff_finish, ff_set_gain, ff_result, ff_destroy};

/* ---- tags, chapters and cover ---- */

/* ISO 639-2 codes that MP4's track language and ID3v2's TLAN take, for
 * the first part of the language tag ("en-us" -> "eng"). */
static const char *const iso639_2[][2] = {
    {"ar", "ara"}, {"bg", "bul"}, {"ca", "cat"}, {"cmn", "zho"}, {"cs", "ces"}, {"cy", "cym"}, {"da", "dan"},
    {"de", "deu"}, {"el", "ell"}, {"en", "eng"}, {"es", "spa"}, {"et", "est"}, {"eu", "eus"}, {"fa", "fas"},
    {"fi", "fin"}, {"fr", "fra"}, {"ga", "gle"}, {"he", "heb"}, {"hi", "hin"}, {"hr", "hrv"}, {"hu", "hun"},
    {"id", "ind"}, {"is", "isl"}, {"it", "ita"}, {"ja", "jpn"}, {"ko", "kor"}, {"lt", "lit"}, {"lv", "lav"},
    {"mt", "mlt"}, {"nb", "nob"}, {"nl", "nld"}, {"no", "nor"}, {"pl", "pol"}, {"pt", "por"}, {"ro", "ron"},
    {"ru", "rus"}, {"sk", "slk"}, {"sl", "slv"}, {"sr", "srp"}, {"sv", "swe"}, {"sw", "swa"}, {"tr", "tur"},
    {"uk", "ukr"}, {"vi", "vie"}, {"yue", "yue"}, {"zh", "zho"},
};

static const char *language_code(const char *tag)
{
    char primary[8];
    size_t i, n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_' && n < sizeof primary - 1) {
        primary[n] = (char)tolower((unsigned char)tag[n]);
        n++;
    }
    primary[n] = '\0';
    for (i = 0; i < sizeof iso639_2 / sizeof iso639_2[0]; i++)
        if (strcmp(primary, iso639_2[i][0]) == 0)
            return iso639_2[i][1];
    return n == 3 ? NULL : "und"; /* a three-letter tag is already ISO 639-2 */
}

/* The tags FFmpeg's muxers know by name: MP4 writes them as iTunes atoms,
 * MP3 as ID3v2 text frames. Others go in as they are. */
static const char *const metadata_names[][2] = {
    {"TITLE", "title"}, {"ALBUM", "album"}, {"ARTIST", "artist"}, {"DATE", "date"},
    {"TRACKNUMBER", "track"}, {"ENCODER", "encoder"}, {"GENRE", "genre"}, {"COMMENT", "comment"},
};

static int is_chapter_key(const char *key)
{
    return strncmp(key, "CHAPTER", 7) == 0 && isdigit((unsigned char)key[7]) && isdigit((unsigned char)key[8]) &&
           isdigit((unsigned char)key[9]);
}

/* "HH:MM:SS.mmm" in milliseconds, or -1. */
static int64_t chapter_ms(const char *time)
{
    unsigned h, m, s, ms;
    if (sscanf(time, "%u:%u:%u.%u", &h, &m, &s, &ms) != 4)
        return -1;
    return (((int64_t)h * 60 + m) * 60 + s) * 1000 + ms;
}

/* Chapters from the CHAPTERnnn/CHAPTERnnnNAME pairs, each ending where the
 * next starts and the last at the end of the audio (total_ms). The muxer
 * context owns and frees them. */
static int add_chapters(AVFormatContext *muxer, const rs_encode_params *p, int64_t total_ms)
{
    size_t i;
    for (i = 0; i < p->tag_count; i++) {
        const char *key = p->tags[i].key, *name = NULL;
        AVChapter *chapter, **grown;
        int64_t start;
        if (!is_chapter_key(key) || key[10] != '\0' || !p->tags[i].value)
            continue;
        start = chapter_ms(p->tags[i].value);
        if (start < 0)
            continue;
        if (i + 1 < p->tag_count && is_chapter_key(p->tags[i + 1].key) && strcmp(p->tags[i + 1].key + 10, "NAME") == 0)
            name = p->tags[i + 1].value;
        grown = ff.av_realloc_array(muxer->chapters, muxer->nb_chapters + 1, sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        muxer->chapters = grown;
        chapter = ff.av_mallocz(sizeof *chapter);
        if (!chapter)
            return ROSTRUM_ENOMEM;
        muxer->chapters[muxer->nb_chapters++] = chapter;
        chapter->id = (int64_t)muxer->nb_chapters;
        chapter->time_base = (AVRational){1, 1000};
        chapter->start = start;
        chapter->end = total_ms > start ? total_ms : start;
        if (muxer->nb_chapters > 1)
            muxer->chapters[muxer->nb_chapters - 2]->end = start;
        if (name && ff.av_dict_set(&chapter->metadata, "title", name, 0) < 0)
            return ROSTRUM_ENOMEM;
    }
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The cover from a METADATA_BLOCK_PICTURE value (base64 of a FLAC picture
 * block) as an attached picture stream and its one packet. */
static int add_cover(ff_encoder *e, const char *block64, AVPacket **cover)
{
    size_t size = strlen(block64) / 4 * 3 + 3, at;
    unsigned char *block = ff.av_malloc(size);
    uint32_t length;
    int decoded, rc = ROSTRUM_EENCODE;
    AVStream *stream;
    const char *mime;
    if (!block)
        return ROSTRUM_ENOMEM;
    decoded = ff.av_base64_decode(block, block64, (int)size);
    /* type, MIME type, description, four numbers, the data */
    if (decoded < 32)
        goto done;
    length = be32(block + 4);
    if (length > (uint32_t)decoded - 8)
        goto done;
    mime = length == 9 && memcmp(block + 8, "image/png", 9) == 0 ? "png" : "jpeg";
    at = 8 + length;
    if (at + 4 > (size_t)decoded)
        goto done;
    at += 4 + be32(block + at);
    if (at + 20 > (size_t)decoded)
        goto done;
    at += 16;
    length = be32(block + at);
    at += 4;
    if (length > (size_t)decoded - at)
        goto done;
    stream = ff.avformat_new_stream(e->muxer, NULL);
    *cover = ff.av_packet_alloc();
    if (!stream || !*cover || ff.av_new_packet(*cover, (int)length) < 0) {
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    memcpy((*cover)->data, block + at, length);
    stream->disposition = AV_DISPOSITION_ATTACHED_PIC;
    stream->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
    stream->codecpar->codec_id = strcmp(mime, "png") == 0 ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG;
    stream->codecpar->width = (int)be32(block + at - 20);
    stream->codecpar->height = (int)be32(block + at - 16);
    stream->time_base = (AVRational){1, 90000};
    (*cover)->stream_index = stream->index;
    (*cover)->flags |= AV_PKT_FLAG_KEY;
    if (ff.av_dict_set(&stream->metadata, "comment", "Cover (front)", 0) < 0) {
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    rc = 0;
done:
    ff.av_free(block);
    return rc;
}

/* Metadata, chapters and cover: all known before the header is written,
 * where MP3 keeps them (ID3v2). */
static int add_tags(ff_encoder *e, const rs_encode_params *p, AVPacket **cover)
{
    size_t i, k;
    int rc = 0;
    for (i = 0; i < p->tag_count && rc == 0; i++) {
        const char *key = p->tags[i].key, *value = p->tags[i].value, *name = NULL;
        if (!value || !*value || is_chapter_key(key))
            continue;
        if (strcmp(key, "METADATA_BLOCK_PICTURE") == 0) {
            rc = add_cover(e, value, cover);
            continue;
        }
        if (strcmp(key, "LANGUAGE") == 0) {
            const char *code = language_code(value);
            if (code && ff.av_dict_set(&e->audio->metadata, "language", code, 0) < 0)
                rc = ROSTRUM_ENOMEM;
            if (e->format == ROSTRUM_FORMAT_MP3 && ff.av_dict_set(&e->muxer->metadata, "language",
                                                               code ? code : value, 0) < 0)
                rc = ROSTRUM_ENOMEM;
            continue;
        }
        for (k = 0; k < sizeof metadata_names / sizeof metadata_names[0]; k++)
            if (strcmp(key, metadata_names[k][0]) == 0)
                name = metadata_names[k][1];
        if (ff.av_dict_set(&e->muxer->metadata, name ? name : key, value, 0) < 0)
            rc = ROSTRUM_ENOMEM;
    }
    if (rc == 0)
        rc = add_chapters(e->muxer, p, p->total_samples > 0 ? (int64_t)(p->total_samples * 1000 / p->rate) : 0);
    return rc;
}

/* ---- creation ---- */

static int open_encoder(ff_encoder *e, const rs_encode_params *p, char *errmsg, size_t errmsg_size)
{
    const char *codec_name = e->format == ROSTRUM_FORMAT_MP3 ? "libmp3lame" : "aac";
    const AVCodec *codec = ff.avcodec_find_encoder_by_name(codec_name);
    int status;
    if (!codec) {
        rs__set_error(errmsg, errmsg_size, "this FFmpeg has no \"%s\" encoder", codec_name);
        return ROSTRUM_EUNSUPPORTED;
    }
    if (e->format == ROSTRUM_FORMAT_M4B && p->bitrate_kbps < AAC_MIN_KBPS) {
        rs__set_error(errmsg, errmsg_size, "AAC needs --bitrate %d or more: below it FFmpeg's AAC encoder "
                      "overshoots the peaks past the -1 dBTP ceiling (MP3 and Opus go lower)", AAC_MIN_KBPS);
        return ROSTRUM_EUNSUPPORTED;
    }
    e->encoder = ff.avcodec_alloc_context3(codec);
    if (!e->encoder)
        return ROSTRUM_ENOMEM;
    e->encoder->sample_rate = (int)p->rate;
    e->encoder->sample_fmt = e->format == ROSTRUM_FORMAT_MP3 ? AV_SAMPLE_FMT_S16P : AV_SAMPLE_FMT_FLTP;
    e->encoder->bit_rate = (int64_t)p->bitrate_kbps * 1000;
    e->encoder->time_base = (AVRational){1, (int)p->rate};
    ff.av_channel_layout_default(&e->encoder->ch_layout, 1);
    if (e->muxer->oformat->flags & AVFMT_GLOBALHEADER)
        e->encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    status = ff.avcodec_open2(e->encoder, codec, NULL);
    if (status < 0) {
        char why[AV_ERROR_MAX_STRING_SIZE];
        ff.av_strerror(status, why, sizeof why);
        rs__set_error(errmsg, errmsg_size, "the %s encoder could not start at %d kbit/s, %u Hz: %s",
                      codec_name, p->bitrate_kbps, p->rate, why);
        return map_averror(e, status);
    }
    e->frame = ff.av_frame_alloc();
    e->packet = ff.av_packet_alloc();
    if (!e->frame || !e->packet)
        return ROSTRUM_ENOMEM;
    e->frame->format = e->encoder->sample_fmt;
    e->frame->sample_rate = e->encoder->sample_rate;
    e->frame->nb_samples = e->encoder->frame_size;
    if (ff.av_channel_layout_copy(&e->frame->ch_layout, &e->encoder->ch_layout) < 0 ||
        ff.av_frame_get_buffer(e->frame, 0) < 0)
        return ROSTRUM_ENOMEM;
    e->frame->nb_samples = 0;
    return 0;
}

int rs__encoder_ffmpeg_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
                              const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size)
{
    const char *muxer_name = format == ROSTRUM_FORMAT_MP3 ? "mp3" : "ipod";
    int seekable = io->seek && io->tell;
    unsigned char *buffer = NULL;
    AVPacket *cover = NULL;
    ff_encoder *e;
    int rc = ROSTRUM_ENOMEM, status, said = 0;

    if ((rc = ff_load(errmsg, errmsg_size)) != 0)
        return rc;
    rc = ROSTRUM_ENOMEM;
    /* the library never prints: FFmpeg's messages are silenced, unless the
     * program around it has chosen a level of its own */
    if (ff.av_log_get_level() == AV_LOG_INFO)
        ff.av_log_set_level(AV_LOG_QUIET);
    /* MP4 writes its index (moov) after the audio and points back to it */
    if (format == ROSTRUM_FORMAT_M4B && !seekable) {
        rs__set_error(errmsg, errmsg_size, "M4B/M4A needs a seekable output (its index is written at the end); "
                      "write MP3 or Ogg Opus to a pipe");
        return ROSTRUM_EUNSUPPORTED;
    }
    e = rs__calloc(1, sizeof *e);
    if (!e)
        return ROSTRUM_ENOMEM;
    e->base.vt = &ff_vtable;
    e->format = format;
    e->io = io;
    e->io_user = io_user;
    e->factor = pow(10.0, p->gain_db / 20.0);
    status = ff.avformat_alloc_output_context2(&e->muxer, NULL, muxer_name, NULL);
    if (status < 0 || !e->muxer) {
        rs__set_error(errmsg, errmsg_size, "this FFmpeg has no \"%s\" muxer", muxer_name);
        said = 1;
        rc = status == AVERROR(ENOMEM) ? ROSTRUM_ENOMEM : ROSTRUM_EUNSUPPORTED;
        goto fail;
    }
    buffer = ff.av_malloc(AVIO_BUFFER);
    if (!buffer)
        goto fail;
    e->avio = ff.avio_alloc_context(buffer, AVIO_BUFFER, 1, e, NULL, output_write, seekable ? output_seek : NULL);
    if (!e->avio) {
        ff.av_free(buffer);
        goto fail;
    }
    e->avio->seekable = seekable ? AVIO_SEEKABLE_NORMAL : 0;
    e->muxer->pb = e->avio;
    /* the same bytes for the same input: no creation time */
    e->muxer->flags |= AVFMT_FLAG_BITEXACT;
    rc = open_encoder(e, p, errmsg, errmsg_size);
    if (rc) {
        said = 1;
        goto fail;
    }
    rc = ROSTRUM_ENOMEM;
    e->audio = ff.avformat_new_stream(e->muxer, NULL);
    if (!e->audio)
        goto fail;
    e->audio->time_base = e->encoder->time_base;
    if (ff.avcodec_parameters_from_context(e->audio->codecpar, e->encoder) < 0)
        goto fail;
    rc = add_tags(e, p, &cover);
    if (rc)
        goto fail;
    status = ff.avformat_write_header(e->muxer, NULL);
    if (status < 0) {
        char why[AV_ERROR_MAX_STRING_SIZE];
        ff.av_strerror(status, why, sizeof why);
        rc = map_averror(e, status);
        rs__set_error(errmsg, errmsg_size, "the %s muxer could not start: %s", muxer_name, why);
        said = 1;
        goto fail;
    }
    if (cover) {
        status = ff.av_write_frame(e->muxer, cover);
        if (status < 0) {
            rc = map_averror(e, status);
            goto fail;
        }
    }
    if (p->measure) {
        rc = start_decoder(e);
        if (rc)
            goto fail;
    }
    ff.av_packet_free(&cover);
    *out = &e->base;
    return 0;
fail:
    ff.av_packet_free(&cover);
    if (!said || rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "the %s encoder could not start: %s",
                      format == ROSTRUM_FORMAT_MP3 ? "MP3" : "AAC", rc == ROSTRUM_ENOMEM ? "out of memory" :
                      rc == ROSTRUM_EIO ? "cannot write the output" : "FFmpeg refused");
    ff_destroy(&e->base);
    return rc;
}

/* "libavcodec 59.37.100, libavformat 59.27.100": the libraries run with. */
void rs__ffmpeg_versions(char *buf, size_t size)
{
    unsigned codec, format;
    if (ff_load(NULL, 0) != 0) {
        snprintf(buf, size, "FFmpeg (not found: %s)", ff_failure);
        return;
    }
    codec = ff.avcodec_version();
    format = ff.avformat_version();
    snprintf(buf, size, "libavcodec %u.%u.%u, libavformat %u.%u.%u", codec >> 16, (codec >> 8) & 0xFF, codec & 0xFF,
             format >> 16, (format >> 8) & 0xFF, format & 0xFF);
}
