/* What the three files of the stretch encoder share: stretch.c (the encoder
 * and its worker threads), stretch_encode.c (one stretch), ogg_mux.c (the stream). */
#ifndef ROSTRUM_STRETCH_INTERNAL_H
#define ROSTRUM_STRETCH_INTERNAL_H

#include <stdio.h>

#include <ogg/ogg.h>

#include "encode/encode.h"

#define OUT_RATE 48000
#define OUT_FRAME 960                    /* 20 ms at 48 kHz */
#define IN_FRAME 441                     /* the same 20 ms at 22050 Hz */
#define QUIET_MAX 16
#define FIRST_PAGE_MAX 512
#define NO_RECORD ((size_t)-1)
/* the complexity of a part encoded again for a codec fault (stretch_encode.c) */
#define RAISED_COMPLEXITY 10

enum stretch_state { STRETCH_FILLING, STRETCH_READY, STRETCH_ENCODING, STRETCH_DONE, STRETCH_FAILED };

/* The most parts of one stretch encoded again, each on its own; more are
 * joined to their nearest (see stretch_encode.c). */
#define FIX_PARTS 8

/* A part of a stretch encoded again: frames [from, to), which begin and
 * end at pauses where the encoder starts afresh, so that the packets
 * outside are the first encoding's, unchanged. The part has a gain of its
 * own and may be encoded at RAISED_COMPLEXITY. */
typedef struct rs_fix_part {
    size_t from, to;         /* 20 ms frames of the stretch */
    double gain_db;          /* 0 or less */
    int raised;
} rs_fix_part;

/* The parts of a stretch encoded again, in order, apart. */
typedef struct rs_stretch_fix {
    rs_fix_part part[FIX_PARTS];
    size_t count;
} rs_stretch_fix;

/* A stretch of the timeline: filled by the caller, encoded by a worker,
 * muxed by the caller again. */
typedef struct rs_stretch {
    uint64_t start;          /* first input sample */
    int16_t *pcm;            /* the input, count samples */
    size_t count, cap;
    int last;                /* the last stretch: padded and flushed */
    size_t replaces;         /* encoded again: the index of its record; else NO_RECORD */
    /* encoded again: the packets it had (kept outside the part), the
     * decoded peak it may have at most (linear), and the part: as it was
     * on the way in, as it is now on the way out */
    rs_packets before;
    double limit;
    rs_stretch_fix fix;
    int changed;             /* encoded again: some part of it was */
    rs_packets out;          /* one packet per 20 ms frame */
    size_t data_cap;
    enum stretch_state state;
    int error;
    struct rs_stretch *next;
} rs_stretch;

/* ---- one stretch (stretch_encode.c), on a worker thread ---- */

/* What shapes the packets of every stretch: set when the encoder is
 * created, and only read after, by every worker. */
typedef struct rs_stretch_coder {
    rs_encode_params params;
    int lookahead;           /* pre-skip at 48 kHz */
    unsigned char quiet[QUIET_MAX]; /* a packet that plays silence after silence; */
    int quiet_len;                  /* 0: none, every frame is encoded */
    const char *cache_dir;   /* NULL: no cache */
} rs_stretch_coder;

/* Copies the parameters and finds the encoder's lookahead and the silent
 * packet. */
int rs__stretch_coder_init(rs_stretch_coder *c, const rs_encode_params *p, const char *cache_dir);
/* Fills s->out with the stretch's packets (and what was heard of them, when
 * measuring), from the cache or encoded; *from_cache says which. A stretch
 * encoded again (s->replaces) first decides which of its parts to encode
 * again (see stretch_encode.c) and keeps its other packets. */
int rs__stretch_encode(const rs_stretch_coder *c, rs_stretch *s, int *from_cache);

/* ---- the spool (stretch_spool.c), on the caller's thread ---- */

struct rs_ogg_mux;

/* Where a finished stretch waits, and what is known of it. */
typedef struct rs_stretch_record {
    uint64_t start;          /* first input sample */
    size_t count;            /* input samples */
    int last;
    int64_t packets_at;      /* in the packet file */
    size_t packets, bytes;
    size_t parts;            /* the peaks of its parts, after the packets */
    uint64_t first_frame;    /* in the frame file */
    size_t frame_count;
    double peak;             /* decoded true peak, linear */
    rs_stretch_fix fix;      /* the parts encoded again, if any */
    int settled;             /* encoded again, nothing of it could be lowered */
    int64_t speech_at;       /* its speech in the speech file; -1: not kept */
} rs_stretch_record;

typedef struct rs_stretch_spool {
    FILE *packets, *frames, *speech;
    rs_stretch_record *records;
    size_t count, cap;
    uint64_t frame_total;
    double lufs;             /* the integrated loudness, while lufs_known */
    int lufs_known;          /* nothing was added or replaced since it was measured */
    double energy;           /* the running estimate of the loudness */
    size_t energy_frames;
} rs_stretch_spool;

/* Keeps a finished stretch (and its speech, when s->pcm is set). */
int rs__stretch_spool_add(rs_stretch_spool *sp, const rs_stretch *s);
/* Puts the stretch encoded again in the place of record index. */
int rs__stretch_spool_replace(rs_stretch_spool *sp, size_t index, const rs_stretch *s);
/* The kept speech of record index, in *pcm (freed by the caller). */
int rs__stretch_spool_speech(rs_stretch_spool *sp, size_t index, int16_t **pcm);
/* The packets of record index, in out (rs__packets_free), with the peaks
 * of its parts as heard (but not its frames). */
int rs__stretch_spool_packets(rs_stretch_spool *sp, size_t index, rs_packets *out);
/* Integrated loudness of everything kept, and a quick estimate of it. */
int rs__stretch_spool_loudness(rs_stretch_spool *sp, double *lufs);
double rs__stretch_spool_estimate(const rs_stretch_spool *sp);
/* The highest decoded peak kept, linear. */
double rs__stretch_spool_peak(const rs_stretch_spool *sp);
/* Muxes every stretch in order; the headers must be out. */
int rs__stretch_spool_mux(rs_stretch_spool *sp, struct rs_ogg_mux *m);
void rs__stretch_spool_clear(rs_stretch_spool *sp);

/* ---- the Ogg stream (ogg_mux.c), on the caller's thread ---- */

/* One Ogg Opus stream: the stream state and its first page (kept to be
 * rewritten with the final gain). An output that cannot seek (a pipe) gets
 * nothing until the final gain is known: its headers are held in memory
 * and go out with the gain in their first page. */
typedef struct rs_ogg_mux {
    const rostrum_io *io;
    void *io_user;
    int io_failed;
    ogg_stream_state ogg;
    int ogg_ready;
    int lookahead;           /* pre-skip at 48 kHz */
    int headers_written;
    int64_t packet_index;    /* packets muxed */
    uint64_t total_out;      /* 48 kHz samples of the whole timeline: set before the last stretch */
    unsigned char first_page[FIRST_PAGE_MAX];
    size_t first_page_len;
    int64_t first_page_at;   /* where it starts in the output */
    int holding;             /* an output that cannot seek: the headers wait in held */
    rs_buf held;
} rs_ogg_mux;

/* Starts the stream, whose serial number is serial (m is zeroed first). */
int rs__ogg_mux_init(rs_ogg_mux *m, uint32_t serial, int lookahead, const rostrum_io *io, void *io_user);
void rs__ogg_mux_clear(rs_ogg_mux *m);
/* Writes OpusHead with gain_db and OpusTags with the tags (or holds them,
 * for an output that cannot seek). */
int rs__ogg_mux_headers(rs_ogg_mux *m, double gain_db, const rs_tag *tags, size_t count);
/* Muxes the packets of the next stretch (last: the stream's last), after
 * the headers. */
int rs__ogg_mux_add(rs_ogg_mux *m, const rs_packets *out, int last);
/* Rewrites the first page with the final gain; or, when the headers are
 * held, writes them with it. */
int rs__ogg_mux_set_gain(rs_ogg_mux *m, double gain_db);

#endif
