/* The handle that the public interface (api.c) hands out and the render
 * (render.c and the files beside it) fills: one input, its plan and its
 * render. Private to the conductor; the stages never see it. */
#ifndef ROSTRUM_HANDLE_H
#define ROSTRUM_HANDLE_H

#include <stddef.h>
#include <sys/stat.h>

#include "encode/encode.h"
#include "sidecars/sidecars.h"

#define RS__MAX_THREADS 256 /* Opus encoding threads at most */

/* The size of rostrum_options in version 0.1.0, the end of its last field:
 * what programs built against 0.1.0, which call rostrum_options_init and
 * rostrum_create by those names, know of it. */
#define RS__OPTIONS_SIZE_0_1_0 (offsetof(rostrum_options, sidecars) + sizeof(unsigned))

struct rostrum {
    rostrum_options opt;     /* the caller's options over the defaults; strings and arrays copied */
    char *opt_strings[15];
    char **lexicon_paths;    /* copies of opt.lexicons */
    char **extra_tags;       /* copies of opt.extra_tags, split: "KEY\0value" */
    int failed;              /* sticky: the first failure's code */
    char errmsg[RS__ERRMSG_SIZE];

    int loaded;
    char *input_name;
    char *source;            /* a copy of the input, for the manifest's character spans */
    size_t source_size;
    int have_input_stat;
    struct stat input_stat;
    rs_document doc;
    rs_plan plan;
    rs_preset_list presets;

    rs_identifier *identifier; /* language identification, made at load */
    rs_cast cast;            /* the voice of every statement; slots[0] the document's */
    char *session_title;     /* a session-title heading as shown, or NULL */
    char **warnings;         /* made at load: what will not be heard */
    size_t warning_count, warning_cap;
    rs_media media;          /* intro, outro and cover, read when the render starts */
    uint64_t *seams;         /* where the encoding stretches meet, when encoded in stretches */
    size_t captioned_segment; /* the segment being spoken, whose words come in */
    size_t seam_count;
    rs_stretch_stats stretch_stats;

    rs_spoken_word *words;   /* every word espeak-ng spoke, by segment (first_word, word_count) */
    size_t word_count, word_cap;
    rs_captions captions;    /* built after a render */

    int rendered;
    char encoder_tag[64];
    uint64_t total_samples;
    double measured_lufs;    /* of the synthesized speech */
    double calibrated_lufs;  /* what the voices measure on the calibration text */
    double gain_db;
    double codec_headroom_db; /* how much lower the limiter aims for a codec that overshoots (AAC, MP3) */
    double output_lufs;      /* of what was encoded, with the gain */
    double true_peak_db;
};

/* Records the first failure with its message (NULL: keep the message set
 * deeper down, else the code's text); later calls keep returning it. */
int rs__fail(rostrum *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether call may go on with the handle: 0; the error it failed with; or
 * ROSTRUM_ESTATE, said as "call: render first" when it wants a render
 * done and there is none, else "call: load a text first" when no text is
 * loaded. */
int rs__usable(rostrum *r, int wants_render, const char *call);
/* Puts name in front of the last failure's message unless it is there. */
void rs__name_the_file(rostrum *r, const char *name);
/* Whether an output of format is encoded in stretches (render.c). */
int rs__encodes_in_stretches(const rostrum *r, rostrum_format format);
/* The bitrate (kbit/s) of format: the options', else the container's own. */
int rs__bitrate_kbps(const rostrum *r, rostrum_format format);
/* Adds the versions of rostrum and of every library that shapes the bytes
 * of format to d (key.c). */
void rs__digest_versions(rs_digest *d, const rostrum *r, rostrum_format format);
/* The chapters of the intro and the outro (0, 1 or 2). */
size_t rs__part_chapters(const rostrum *r);
/* The chapters the audio carries, in order: the intro's, the plan's and
 * the outro's, the first from sample 0; marks holds plan.count + 2. */
size_t rs__audio_chapters(const rostrum *r, rs_chapter_mark *marks);
/* The TITLE and ALBUM tags: flags, front matter, or a session-title heading. */
const char *rs__title_of(const rostrum *r);
const char *rs__album_of(const rostrum *r);

/* Collects the trimmer's many small pieces into blocks, so that the spool
 * and the loudness meter see few large writes. */
typedef struct rs_spool_writer {
    rostrum *r;
    FILE *spool;
    rs_meter *meter;         /* measures the speech on another core */
    float as_float[RS__SPOOL_CHUNK];
    uint64_t position;       /* samples taken, buffered or not */
    int io_error;
    int16_t block[RS__SPOOL_CHUNK];
    size_t block_len;
    double peak_db;          /* true peak of the speech (dBTP) */
    uint64_t pending_silence; /* owed before the next sample */
    uint64_t last_report;    /* position of the last progress report */
    size_t segment;          /* the paragraph being synthesized */
    int gain_q15;            /* level of the current voice, 32768 = unchanged */
    /* encoding while speaking: the blocks go through the limiter to the
     * stretch encoder instead of the spool */
    rs_encoder *encoder;
    rs_limiter *limiter;
    int16_t *limited;
    int awaiting_sound;      /* the paragraph has made no sound yet */
    int synth_open;          /* the synthesizer is open for the render */
    rs_calibration calibration; /* the level voices meet, and the speech that set it */
} rs_spool_writer;

/* The speaking pass (speak.c): every paragraph to w, then the captions. */
int rs__synthesize_all(rostrum *r, rs_spool_writer *w);
int rs__build_captions(rostrum *r);
/* Where paragraphs' speech is cached, or NULL. */
const char *rs__speech_cache(const rostrum *r);
/* Tells the progress callback; a non-zero answer cancels the render. */
int rs__report(rostrum *r, rostrum_stage stage, uint64_t done, uint64_t total);

/* The EPUB talking book (book.c): the container of the audio inside it,
 * and the render of the whole book to io. */
const rs_container *rs__book_audio(const rostrum *r);
int rs__render_book(rostrum *r, const rostrum_io *io, void *io_user);

/* The files of a render (outputs.c): the manifest's text. */
int rs__manifest_text(rostrum *r, rs_buf *json);

#endif
