/* The audio stage: the timeline and its trimmer, loudness meters, the peak
 * limiter, intro and outro, and cover art. Private. */
#ifndef ROSTRUM_AUDIO_H
#define ROSTRUM_AUDIO_H

#include "core/core.h"

/* ---- timeline (timeline.c) ---- */
/* Formats a sample index at rate as HH:MM:SS.mmm (rounded to the nearest ms). */
void rs__format_chapter_time(uint64_t sample, unsigned rate, char out[32]);
uint64_t rs__samples_to_ms(uint64_t sample, unsigned rate);

/* Whether a stretch may start before a paragraph that starts at start
 * (after sound that ended at prev_end), and where: *seam. */
int rs__seam_before(uint64_t prev_end, uint64_t start, uint64_t *seam);

/* Streaming silence trimmer: drops leading and trailing quiet samples of one
 * synthesized paragraph, keeping lead/tail guards, and holds quiet runs inside
 * the paragraph until sound follows. */
typedef struct rs_trimmer {
    int threshold;
    size_t lead_guard;
    size_t tail_guard;
    int heard;            /* sound seen in this paragraph */
    int16_t *held;        /* quiet samples not yet committed */
    size_t held_len, held_cap;
    size_t held_limit;    /* beyond this a quiet run is committed as it is */
    uint64_t committed;   /* samples passed to the sink */
    rs_pcm_sink sink;
    void *sink_user;
} rs_trimmer;

int rs__trimmer_init(rs_trimmer *t, int threshold, size_t lead_guard, size_t tail_guard,
                     size_t held_limit, rs_pcm_sink sink, void *user);
void rs__trimmer_reset(rs_trimmer *t);
int rs__trimmer_push(rs_trimmer *t, const int16_t *pcm, size_t count);
/* Ends the paragraph: commits the tail guard; returns 0 or the sink's error. */
int rs__trimmer_finish(rs_trimmer *t);
void rs__trimmer_free(rs_trimmer *t);

/* ---- loudness (loudness.c) ---- */
typedef struct rs_loudness rs_loudness;
/* Measures integrated loudness and either true peak or (cheaper) sample peak. */
int rs__loudness_create(rs_loudness **out, unsigned rate, int true_peak);
int rs__loudness_add(rs_loudness *l, const int16_t *pcm, size_t count);
int rs__loudness_add_float(rs_loudness *l, const float *pcm, size_t count);
/* Integrated loudness (LUFS, -HUGE_VAL for silence) and peak (dBTP or dBFS). */
int rs__loudness_result(rs_loudness *l, double *lufs, double *true_peak_db);
void rs__loudness_destroy(rs_loudness *l);
/* A loudness and true-peak meter that runs on a thread of its own. It
 * takes float samples, or packets that decode turns into float samples
 * (returning how many, or a negative number on failure). */
typedef struct rs_meter rs_meter;
typedef long (*rs_meter_decode_fn)(void *user, const unsigned char *packet, size_t len, float *out, size_t max);
/* true_peak: measure the true peak (4x oversampled), else the sample peak. */
int rs__meter_start(rs_meter **out, unsigned rate, int true_peak, rs_meter_decode_fn decode, void *decode_user);
int rs__meter_feed(rs_meter *m, const float *pcm, size_t count);
int rs__meter_feed_packet(rs_meter *m, const unsigned char *packet, size_t len);
int rs__meter_finish(rs_meter *m, double *lufs, double *true_peak_db);
void rs__meter_destroy(rs_meter *m);

/* The true peak (linear) of frames [from, to) of a stretch. */
typedef struct rs_part_peak {
    uint32_t from, to;
    double peak;
} rs_part_peak;
/* What a meter heard of one stretch, in a form that adds up over stretches:
 * the energy (mean square, K-weighted) of each 20 ms frame and the true
 * peak (linear, full scale 1); and, when it was told where the parts of
 * the stretch begin and end, the true peak of each. */
typedef struct rs_heard {
    double *frames;
    size_t frame_count;
    double peak;
    rs_part_peak *parts;
    size_t part_count;
} rs_heard;
/* A meter (with libebur128) of the frames of one stretch at a time. */
typedef struct rs_block_meter rs_block_meter;
/* rate: a multiple of 50 (whole samples in 20 ms), else ROSTRUM_EINVAL. */
int rs__block_meter_create(rs_block_meter **out, unsigned rate);
int rs__block_meter_add(rs_block_meter *m, const float *pcm, size_t count);
/* Ends a part of the stretch at the frames heard so far: the true peak of
 * what was heard since the last part ended (or the start) is kept for
 * frames [from, the frames heard) when keep is set, and is dropped from
 * the parts otherwise (but not from the stretch's peak). */
int rs__block_meter_part(rs_block_meter *m, size_t from, int keep);
/* Hands what was heard to out (whose frames and parts the caller frees);
 * the meter must not be used again but destroyed. */
void rs__block_meter_take(rs_block_meter *m, rs_heard *out);
void rs__block_meter_destroy(rs_block_meter *m);
/* Integrated loudness (LUFS) of the stream whose 20 ms frames these are,
 * by BS.1770's blocks and gates; -HUGE_VAL when all is silent. */
double rs__loudness_gated(const double *frames, size_t count);
/* Frames for the gates from elsewhere (a file): given out == NULL, goes
 * back to the first frame and returns 0 (or -1); else fills out with up to
 * max frames and returns how many (0 at the end, -1 on error). */
typedef long (*rs_frame_reader)(void *user, double *out, size_t max);
/* The same from a reader, which is read twice; ROSTRUM_EIO when it fails. */
int rs__loudness_gated_read(rs_frame_reader read, void *user, double *lufs);

/* "libebur128 1.2.6": the version of the libebur128 rostrum runs with. */
void rs__ebur128_version(char *buf, size_t size);
/* "0.1.3": the version of libsoxr, which resamples every output and jingle. */
const char *rs__soxr_version(void);

/* ---- peak limiter (limiter.c) ---- */
typedef struct rs_limiter rs_limiter;
int rs__limiter_create(rs_limiter **out, unsigned rate, double ceiling_dbfs);
void rs__limiter_destroy(rs_limiter *l);
/* Limits count samples; writes the samples that leave the look-ahead delay
 * to out (room for count) and returns how many. */
size_t rs__limiter_process(rs_limiter *l, const int16_t *in, size_t count, int16_t *out);
/* Writes the samples still in the delay (room for rs__limiter_delay()). */
size_t rs__limiter_flush(rs_limiter *l, int16_t *out);
size_t rs__limiter_delay(const rs_limiter *l);
/* Whether samples pass straight through while the gain stays 1 (the
 * default); off, every sample takes the full arithmetic, for tests to
 * compare the two. */
void rs__limiter_shortcut(rs_limiter *l, int on);

/* ---- intro and outro (jingle.c) ---- */
/* An audio file played before or after the speech, read with libsndfile,
 * mixed down to mono and resampled to RS__SAMPLE_RATE. */
typedef struct rs_jingle {
    float *pcm;        /* full scale 1 */
    size_t count;
    double lufs;       /* its own integrated loudness */
    double peak_db;    /* its true peak (dBTP) */
} rs_jingle;

/* Reads the file at path; what ("intro", "outro") names it in messages,
 * which start with the path. */
int rs__jingle_load(rs_jingle *j, const char *path, const char *what, char *errmsg, size_t errmsg_size);
void rs__jingle_free(rs_jingle *j);
/* The gain that brings the jingle to speech_lufs, lowered where its true
 * peak would pass peak_ceiling_db. */
double rs__jingle_gain(const rs_jingle *j, double speech_lufs, double peak_ceiling_db);
/* Writes the jingle at gain_db to f as 16-bit samples. */
int rs__jingle_write(const rs_jingle *j, double gain_db, FILE *f);

/* What a render adds around the speech: an intro and an outro, each with
 * a chapter of its own, and cover art. */
enum { RS__INTRO = 0, RS__OUTRO = 1 };
typedef struct rs_media_part {
    const char *path;        /* NULL: none */
    rs_jingle audio;
    uint64_t start, end;     /* where it lies in the render (samples) */
    double gain_db;          /* applied to match the speech */
} rs_media_part;

typedef struct rs_media {
    rs_media_part parts[2];  /* RS__INTRO, RS__OUTRO */
    char *cover_tag;         /* METADATA_BLOCK_PICTURE value, or NULL */
} rs_media;

/* The chapter name of a part: "Introduction", "Closing". */
const char *rs__media_chapter_name(int part);
/* Reads the intro, the outro and the cover named (NULL: none). */
int rs__media_load(rs_media *m, const char *intro, const char *outro, const char *cover, char *errmsg,
                   size_t errmsg_size);
void rs__media_free(rs_media *m);
/* Writes the intro and outro over the silence reserved for them in the
 * spool, matched to the speech's loudness. */
int rs__media_fill(rs_media *m, FILE *spool, double speech_lufs);

/* ---- cover art (picture.c) ---- */
typedef struct rs_picture_info {
    const char *mime;  /* "image/png" or "image/jpeg" */
    uint32_t width, height;
    uint32_t depth;    /* bits per pixel */
    uint32_t colours;  /* palette entries of an indexed image, else 0 */
} rs_picture_info;

/* Recognizes a PNG or JPEG by its magic bytes and reads its header. On
 * failure *why says what the bytes are instead. Pure. */
int rs__picture_parse(const unsigned char *data, size_t size, rs_picture_info *info, const char **why);
/* The FLAC picture block (front cover) of the image, in base64. */
int rs__picture_block_base64(const unsigned char *data, size_t size, const rs_picture_info *info, char **out);
/* Reads the image at path into the value of a METADATA_BLOCK_PICTURE tag. */
int rs__picture_tag(const char *path, char **value, char *errmsg, size_t errmsg_size);

/* ---- the render's gain (gain.c) ---- */
#define RS__TRUE_PEAK_CEILING -1.0 /* dBTP: no decoded peak above it */
#define RS__SPOOL_CHUNK 8192       /* samples the spool is read and written in */
/* Reads the spool back through the peak limiter, block by block, so that
 * every consumer sees the same limited samples. */
typedef struct rs_limited_reader {
    FILE *spool;
    uint64_t total;
    uint64_t done;          /* spool samples read */
    rs_limiter *limiter;    /* NULL once flushed */
    int16_t *chunk;
    int16_t *limited;
} rs_limited_reader;
int rs__limited_reader_open(rs_limited_reader *lr, FILE *spool, uint64_t total, double ceiling_dbfs);
/* The next block of limited samples in *out and *count; 0 samples at the end. */
int rs__limited_reader_next(rs_limited_reader *lr, const int16_t **out, size_t *count);
int rs__limited_reader_more(const rs_limited_reader *lr);
void rs__limited_reader_close(rs_limited_reader *lr);
/* The limiter's ceiling (dBFS, before the gain) at a gain. */
double rs__limiter_ceiling(double gain_db);
/* Loudness of the spool's first total samples as the limiter shapes them. */
int rs__measure_limited(FILE *spool, uint64_t total, double ceiling_dbfs, double *lufs);
/* The one gain (rounds of measuring the limited spool at most) that
 * brings speech measured at measured_lufs to target_lufs. */
int rs__estimate_gain(FILE *spool, uint64_t total, double target_lufs, double measured_lufs, double sample_peak_db,
                      int rounds, double *gain_db);
double rs__max_gain(double sample_peak_db);
double rs__limiting_depth(double sample_peak_db, double target_lufs, double measured_lufs);

#endif
