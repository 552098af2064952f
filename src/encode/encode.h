/* The encode stage: one encoder per container behind one vtable, the
 * stretch encoder and the render cache. Private. */
#ifndef ROSTRUM_ENCODE_H
#define ROSTRUM_ENCODE_H

#include "audio/audio.h"

/* ---- encoders ---- */
typedef struct rs_tag {
    const char *key;
    const char *value;
} rs_tag;

typedef struct rs_encode_params {
    unsigned rate;
    int bitrate_kbps;
    int complexity;
    double gain_db;        /* applied as OpusHead gain, or to the samples */
    uint32_t serial;
    int measure;           /* measure what is written (decoded, for Opus) */
    int lower_peaks;       /* a stretch encoder lowers the stretches whose decoded
                              peaks the final gain would lift over ceiling_db */
    double target_lufs;    /* where the final gain will bring the loudness */
    double ceiling_db;     /* dBTP */
    const rs_tag *tags;    /* TITLE, ARTIST, ... and CHAPTERnnn pairs */
    size_t tag_count;
    uint64_t total_samples; /* input samples to come, when known (0: not); the last chapter ends there */
} rs_encode_params;

typedef struct rs_encoder rs_encoder;
typedef struct rs_encoder_vtable {
    int (*write)(rs_encoder *e, const int16_t *pcm, size_t count);
    int (*finish)(rs_encoder *e);
    /* After finish: sets the final gain where the format stores it in a
     * header (rewritten in a file; held until now, with the stream after
     * it, for a pipe); ROSTRUM_EUNSUPPORTED where it cannot. */
    int (*set_gain)(rs_encoder *e, double gain_db);
    /* After finish, when measuring: loudness and true peak of the output
     * (before the header gain, for Opus). */
    int (*result)(rs_encoder *e, double *lufs, double *true_peak_db);
    void (*destroy)(rs_encoder *e);
} rs_encoder_vtable;
struct rs_encoder {
    const rs_encoder_vtable *vt;
};

/* gain_db in Q7.8 dB, clamped, as OpusHead stores the output gain
 * (ogg_mux.c; libopusenc takes it so too). */
int rs__opus_gain_q8(double gain_db);
int rs__encoder_opus_create(rs_encoder **out, const rs_encode_params *p,
                            const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
int rs__encoder_sndfile_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
/* M4B/M4A (AAC-LC) and MP3 (LAME) through FFmpeg's libraries (ffmpeg.c),
 * encoded in one piece; M4B needs a seekable output. */
int rs__encoder_ffmpeg_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
                              const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
/* Encoded packets of a stretch, back to back, one per 20 ms frame. */
typedef struct rs_packets {
    unsigned char *data;
    size_t bytes;
    uint16_t *lengths;
    size_t packets;
    rs_heard heard;          /* what the meter heard when they were decoded */
} rs_packets;
void rs__packets_free(rs_packets *p);

typedef struct rs_stretch_stats {
    size_t stretches;
    size_t from_cache;
    size_t lowered;           /* encoded again in part (see stretch_encode.c) */
} rs_stretch_stats;

typedef struct rs_stretch_options {
    const uint64_t *cuts;     /* input samples, multiples of 441, inside digital silence */
    size_t cut_count;
    int threads;
    const char *cache_dir;    /* packets of stretches already encoded, or NULL */
    int job_server_read;      /* a job server's pipe for more threads (rostrum_options), */
    int job_server_write;     /* or both 0 */
    rs_stretch_stats *stats;  /* filled by finish, or NULL */
} rs_stretch_options;

/* Ogg Opus encoded in stretches cut at the cuts, on several threads; see
 * stretch.c. When p->tags is NULL the headers wait for
 * rs__encoder_stretch_tags, which must come before finish; stretches
 * encoded before then wait in a temporary file. */
int rs__encoder_stretch_create(rs_encoder **out, const rs_encode_params *p, const rs_stretch_options *options,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
/* One more seam, after the last and not yet passed by what was written. */
int rs__encoder_stretch_cut(rs_encoder *e, uint64_t at);
/* Writes the headers with these tags (copied) and muxes what waited. */
int rs__encoder_stretch_tags(rs_encoder *e, const rs_tag *tags, size_t count);

/* ---- containers (containers.c holds their table) ---- */
typedef int (*rs_encoder_create_fn)(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
                                    const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
typedef int (*rs_stretch_create_fn)(rs_encoder **out, const rs_encode_params *p, const rs_stretch_options *options,
                                    const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);

/* One output container: a row of the table in containers.c. */
typedef struct rs_container {
    rostrum_format format;         /* its value in the public enum */
    const char *name;              /* "opus": what a --format option takes */
    const char *description;       /* "Ogg Opus", for people */
    const char *const *extensions; /* ".opus", ...: lower case, NULL-terminated; the first is the usual one */
    const char *mime_type;
    int streams;                   /* can be written to a pipe, without seeking */
    int chapters;                  /* carries chapter marks */
    int cover;                     /* carries a cover picture */
    int header_gain;               /* the loudness gain goes into a header, set from what the decoded
                                      output measured; otherwise it is applied to the samples */
    int publication;               /* a book holding the text and audio of another container (EPUB):
                                      no encoder of its own */
    int default_kbps;              /* the bitrate when the options leave it at 0; 0 for lossless */
    rs_encoder_create_fn create;   /* NULL for a publication */
    rs_stretch_create_fn create_stretched; /* in stretches on several threads, or NULL */
} rs_container;

size_t rs__container_count(void);
const rs_container *rs__container_at(size_t index);          /* NULL past the end */
const rs_container *rs__container_of(rostrum_format format); /* NULL for AUTO or an unknown value */
const rs_container *rs__container_find(const char *name);    /* by name; NULL when unknown */
/* The container that claims the extension of path (any case), or NULL. */
const rs_container *rs__container_from_path(const char *path);

/* The container of format when its audio may go inside an EPUB, else NULL;
 * and the one used when none is asked for (MP3, else Ogg Opus). */
const rs_container *rs__epub_audio_container(rostrum_format format);
const rs_container *rs__epub_default_audio(void);

/* ---- zip archives (zip.c, the only file that writes with libzip) ---- */
typedef struct rs_zip_entry {
    const char *name;       /* path inside the archive */
    const void *data;
    size_t size;
    int store;              /* stored as it is (mimetype, audio), else deflated */
} rs_zip_entry;

/* An archive of the entries, in their order, into out: every entry with
 * the same fixed time and no extra fields, so the same entries give the
 * same bytes. */
int rs__zip_write(const rs_zip_entry *entries, size_t count, rs_buf *out, char *errmsg, size_t errmsg_size);
const char *rs__zip_version(void);

/* The render cache (cache.c). get returns 1 and fills out on a valid hit. */
int rs__cache_get(const char *dir, const uint64_t key[2], rs_packets *out);
int rs__cache_put(const char *dir, const uint64_t key[2], const rs_packets *packets);
void rs__opus_versions(char *buf, size_t size);
const char *rs__sndfile_version(void);
void rs__ffmpeg_versions(char *buf, size_t size);

/* ---- tags (tags.c) ---- */
typedef struct rs_chapter_mark {
    uint64_t sample;          /* where it starts */
    const char *name;
} rs_chapter_mark;

typedef struct rs_tag_info {
    const char *title, *album, *artist, *date, *language, *encoder; /* NULL: left out */
    char *const *extra;       /* the caller's tags, each "KEY\0value" */
    size_t extra_count;
    const rs_chapter_mark *chapters; /* in order of time */
    size_t chapter_count;
    const char *cover;        /* METADATA_BLOCK_PICTURE value, or NULL */
} rs_tag_info;

/* The tags of info in their order; their keys and chapter times live in
 * *storage. The caller frees *tags and *storage. */
int rs__tags_build(const rs_tag_info *info, unsigned rate, rs_tag **tags, size_t *count, char **storage);

#endif
