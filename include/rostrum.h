/* rostrum: turn written statements into chaptered spoken audio.
 * The one public header of librostrum; everything else in the library is private. */
#ifndef ROSTRUM_H
#define ROSTRUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ROSTRUM_API __attribute__((visibility("default")))
#else
#define ROSTRUM_API
#endif

/* Error codes. Every function that can fail returns 0 or one of these
 * negative values; rostrum_strerror() describes a code and
 * rostrum_error_message() gives the detail of the last failure of a handle
 * (file, line and cause). */
enum {
    ROSTRUM_OK = 0,
    ROSTRUM_EINVAL = -1,       /* an option or argument is out of range */
    ROSTRUM_ENOMEM = -2,       /* an allocation failed */
    ROSTRUM_EINPUT = -3,       /* the input text cannot be read (bad UTF-8, empty, ...) */
    ROSTRUM_EIO = -4,          /* reading or writing a file failed */
    ROSTRUM_EVOICE = -5,       /* unknown voice, preset or language */
    ROSTRUM_ESYNTH = -6,       /* the speech synthesizer failed */
    ROSTRUM_EENCODE = -7,      /* the audio encoder failed */
    ROSTRUM_EUNSUPPORTED = -8, /* the request cannot be met (format, non-seekable output) */
    ROSTRUM_ECANCELLED = -9,   /* the progress callback asked to stop */
    ROSTRUM_ESTATE = -10       /* a call made in the wrong order */
};

/* Output container and codec. */
typedef enum {
    ROSTRUM_FORMAT_AUTO = 0, /* from the file name's extension; Ogg Opus otherwise */
    ROSTRUM_FORMAT_OPUS,
    ROSTRUM_FORMAT_WAV,
    ROSTRUM_FORMAT_FLAC
} rostrum_format;

/* Where chapter markers go. */
typedef enum {
    ROSTRUM_CHAPTERS_AUTO = 0,      /* statement when the input holds several statements, else paragraph */
    ROSTRUM_CHAPTERS_PARAGRAPH,     /* one per paragraph; a heading opens the next one; in a transcript
                                       named after the statement: "Mr Lever", "Mr Lever, 2" */
    ROSTRUM_CHAPTERS_HEADING,       /* one per heading */
    ROSTRUM_CHAPTERS_NONE,
    ROSTRUM_CHAPTERS_STATEMENT      /* one per statement, named after its speaker or heading */
} rostrum_chapters;

/* How the reader finds paragraphs in the input. */
typedef enum {
    ROSTRUM_PARAGRAPHS_AUTO = 0, /* detect the layout of each file */
    ROSTRUM_PARAGRAPHS_BLANK,    /* blank lines separate paragraphs; other lines are joined */
    ROSTRUM_PARAGRAPHS_LINE      /* every line is a paragraph */
} rostrum_paragraphs;

/* Whether a speaker's statement opens with their name ("Mr Lever."). */
typedef enum {
    ROSTRUM_ANNOUNCE_NAME = 0,
    ROSTRUM_ANNOUNCE_NONE
} rostrum_announce;

/* Voices of the speakers in a transcript. */
typedef enum {
    ROSTRUM_VOICES_SAME = 0,     /* everyone in the document's voice (unless a map or attribute says) */
    ROSTRUM_VOICES_ALTERNATE     /* each new speaker gets the language's next preset, so turns are
                                    easy to tell apart by ear */
} rostrum_voices;

/* Stages reported to the progress callback. */
typedef enum {
    ROSTRUM_STAGE_SYNTH = 1, /* done/total count paragraphs */
    ROSTRUM_STAGE_ENCODE = 2 /* done/total count samples */
} rostrum_stage;

/* Called now and then during a render. Return non-zero to cancel the render,
 * which then fails with ROSTRUM_ECANCELLED and leaves no output file. */
typedef int (*rostrum_progress_fn)(void *user, rostrum_stage stage, uint64_t done, uint64_t total);

/* Options of a render. Fill with rostrum_options_init() and then change what
 * you need. Strings are borrowed for the duration of rostrum_create(), which
 * copies them; NULL means "not set". */
typedef struct rostrum_options {
    const char *language;   /* BCP 47 / espeak-ng language, e.g. "en", "fr"; default from front matter, else "en" */
    const char *voice;      /* an espeak-ng voice name or a preset from the voices folder */
    int rate_wpm;           /* words per minute, 80..450; 0 = the voice's or preset's rate */
    int pitch;              /* 0..100; -1 = the voice's or preset's pitch */
    int pause_ms;           /* silence between paragraphs, 0..10000 */
    double loudness_lufs;   /* integrated loudness target, -40..-10 */
    int bitrate_kbps;       /* Opus bitrate, 6..256 */
    int complexity;         /* Opus complexity, 0..10 */
    rostrum_chapters chapters;
    rostrum_paragraphs paragraphs;
    const char *title;      /* tags; override front matter */
    const char *artist;
    const char *date;
    const char *data_dir;   /* folder holding voices/; NULL = ROSTRUM_DATA_DIR or the built-in place */
    int read_directions;    /* read stage directions such as "[Applause.]" instead of skipping them */
    const char *const *lexicons; /* the user's lexicon files, loaded after the built-in one for
                                    the language; later files win */
    size_t lexicon_count;
    const char *const *extra_tags; /* more tags for the file, "KEY=value" each, written right after
                                      ENCODER and before the chapters (Ogg Opus only; WAV and FLAC
                                      keep only the tags they know). KEY is printable ASCII
                                      (0x20-0x7D) without '=', the value UTF-8, as Vorbis comments
                                      require; otherwise rostrum_create() fails with ROSTRUM_EINVAL */
    size_t extra_tag_count;
    int explain;            /* keep every change the normalizer makes, for rostrum_explain() */
    /* session transcripts */
    int pause_statement_ms; /* silence between statements, 0..10000 (default 1500) */
    rostrum_announce announce; /* say who speaks before a speaker's statement */
    const char *voice_map;  /* file of "speaker or delegation = voice" lines, or NULL */
    rostrum_voices voices;  /* one voice, or the language's presets in turn per speaker */
    int threads;            /* Opus encoding threads, 0 = one per processor, 1..256; with more
                               than one, a seekable .opus is encoded in stretches cut at
                               paragraph pauses (the same bytes for any count above one) */
    const char *cache_dir;  /* keep the packets of encoded stretches here, and encode only the
                               stretches whose audio changed (seekable .opus); created if missing */
    int cache_max_mb;       /* size bound of cache_dir, oldest entries evicted; 0 = 512 */
    rostrum_progress_fn progress;
    void *progress_user;
    unsigned sidecars;      /* ROSTRUM_SIDECAR_* flags: files rostrum_render_files() writes beside
                               the output (not for stdout); PAGE implies VTT and CHAPTERS_VTT */
} rostrum_options;

/* Files written beside the output, named after it without its extension. */
enum {
    ROSTRUM_SIDECAR_VTT = 1,          /* NAME.vtt: WebVTT captions, one cue per sentence or clause */
    ROSTRUM_SIDECAR_SRT = 2,          /* NAME.srt: the same cues as SubRip */
    ROSTRUM_SIDECAR_CHAPTERS_VTT = 4, /* NAME.chapters.vtt: the chapters as WebVTT */
    ROSTRUM_SIDECAR_PAGE = 8          /* NAME.html: a listening page with the transcript */
};

/* Output callbacks. write must write all len bytes or fail (return non-zero).
 * seek and tell may be NULL for a stream such as a pipe; then only Ogg Opus
 * can be written. seek takes whence as fseek does. */
typedef struct rostrum_io {
    int (*write)(void *user, const void *data, size_t len);
    int (*seek)(void *user, int64_t offset, int whence);
    int64_t (*tell)(void *user);
} rostrum_io;

typedef struct rostrum rostrum; /* one input, its plan, its render */

/* Version of the library, e.g. "0.1.0". */
ROSTRUM_API const char *rostrum_version(void);

/* Writes a one-line list of the versions of the libraries rostrum runs with
 * (espeak-ng, libopus, libopusenc, libsndfile, libebur128) into buf. */
ROSTRUM_API void rostrum_dependency_versions(char *buf, size_t size);

/* A static English description of an error code. */
ROSTRUM_API const char *rostrum_strerror(int code);

/* Sets every field to its default: language and voice unset, rate and pitch
 * from the voice, 750 ms pause, -19 LUFS, 24 kbit/s, complexity 10,
 * paragraph chapters, automatic paragraph detection. */
ROSTRUM_API void rostrum_options_init(rostrum_options *options);

/* Creates a handle with a copy of options. Returns 0 and sets *out, or a
 * negative code (ROSTRUM_EINVAL names the bad option in no message, since
 * there is no handle yet: check the ranges above). */
ROSTRUM_API int rostrum_create(rostrum **out, const rostrum_options *options);

/* Frees a handle and all it holds. NULL is a no-op. */
ROSTRUM_API void rostrum_destroy(rostrum *r);

/* The detail of the last failure, e.g. "speech.md:12: invalid UTF-8 at byte
 * 345", or "" if nothing failed. Valid until the next call on r. */
ROSTRUM_API const char *rostrum_error_message(const rostrum *r);

/* Reads an input text (UTF-8 plain text or Markdown): front matter, headings,
 * paragraphs; makes every paragraph speakable and plans the render. name is
 * used in messages ("-" or NULL reads as "<stdin>"). The data is copied.
 * May be called once per handle. */
ROSTRUM_API int rostrum_load(rostrum *r, const char *name, const void *data, size_t size);

/* Reads the file at path (or stdin for "-") and calls rostrum_load(). */
ROSTRUM_API int rostrum_load_file(rostrum *r, const char *path);

/* Number of paragraphs that will be spoken, after rostrum_load(). */
ROSTRUM_API size_t rostrum_paragraph_count(const rostrum *r);

/* The exact text handed to the synthesizer for paragraph index, or NULL. */
ROSTRUM_API const char *rostrum_paragraph_text(const rostrum *r, size_t index);

/* One change the normalizer made to a paragraph: the text as written at a
 * source line, what is spoken instead, and the rule or lexicon entry
 * ("voices/en.lexicon:12") that made it. */
typedef struct rostrum_change {
    size_t line;
    const char *written;
    const char *spoken;
    const char *rule;
} rostrum_change;

typedef int (*rostrum_change_fn)(void *user, const rostrum_change *change);

/* Calls fn for every change made to paragraph index, in order, when the
 * handle was created with options.explain. A non-zero return from fn stops
 * and is returned. The strings are valid during the call only. */
ROSTRUM_API int rostrum_explain(rostrum *r, size_t index, rostrum_change_fn fn, void *user);

/* Calls fn for every line the reader left out as page furniture of a
 * published record (job numbers, running headers, page numbers), with
 * spoken "" and rule "page furniture". */
ROSTRUM_API int rostrum_explain_removed(rostrum *r, rostrum_change_fn fn, void *user);

/* After a render: how many stretches it was encoded in (0 when encoded in
 * one piece) and how many of them came from the cache. ROSTRUM_ESTATE
 * before a render. */
ROSTRUM_API int rostrum_stretches(const rostrum *r, size_t *count, size_t *from_cache);

/* Synthesizes, measures loudness and encodes to the callbacks. */
ROSTRUM_API int rostrum_render(rostrum *r, rostrum_format format, const rostrum_io *io, void *io_user);

/* Renders to path: written under a temporary name in the same folder and
 * renamed at the end, so the file appears whole or not at all and an existing
 * file is only replaced by a complete one. "-" writes Ogg Opus to stdout. */
ROSTRUM_API int rostrum_render_file(rostrum *r, const char *path, rostrum_format format);

/* Renders to path as rostrum_render_file() does and writes the JSON
 * manifest to manifest_path (NULL: none; "-": stdout), and the sidecars of
 * options.sidecars beside path (ROSTRUM_EINVAL when path is "-" or a
 * device). All destinations are opened before the render starts and the
 * files appear only when all are complete, so a bad manifest path never
 * costs an existing output.
 * An existing device or FIFO (/dev/null) is written in place; a symbolic
 * link keeps pointing to the file it names, which is replaced. */
ROSTRUM_API int rostrum_render_files(rostrum *r, const char *path, rostrum_format format, const char *manifest_path);

/* The name of a sidecar (one ROSTRUM_SIDECAR_* flag) of the output path:
 * path without its extension, then ".vtt", ".srt", ".chapters.vtt" or
 * ".html". Returns 0, or ROSTRUM_EINVAL (unknown flag, "-", or too long
 * for buf). */
ROSTRUM_API int rostrum_sidecar_path(const char *path, unsigned sidecar, char *buf, size_t size);

/* Writes the JSON manifest of the last render to path (atomically, like
 * rostrum_render_file()): duration, loudness, gain, every paragraph with
 * its chapter, times, source line and spoken text, and every sentence and
 * word with its times and its bytes in the input. */
ROSTRUM_API int rostrum_write_manifest(rostrum *r, const char *path);

/* The loudness of the last render's output (integrated, LUFS), its true
 * peak (dBTP) and the gain applied. A target louder than the speech can be
 * made under the -1 dBTP ceiling is not reached; compare output_lufs with
 * options.loudness_lufs. ROSTRUM_ESTATE before a render. */
ROSTRUM_API int rostrum_render_loudness(const rostrum *r, double *output_lufs, double *true_peak_dbtp, double *gain_db);

/* Number of chapters written by the last render (after the 1000 limit), and
 * how many paragraph boundaries had to be dropped to meet that limit. */
ROSTRUM_API size_t rostrum_chapter_count(const rostrum *r);
ROSTRUM_API size_t rostrum_chapters_dropped(const rostrum *r);

/* One voice that can be used: a preset from the voices folder (kind
 * "preset"), an espeak-ng voice (kind "espeak", named by its identifier),
 * or an espeak-ng variant that can follow any voice after "+" (kind
 * "variant"). */
typedef struct rostrum_voice_info {
    const char *kind;
    const char *name;
    const char *language;
    const char *description;
} rostrum_voice_info;

typedef int (*rostrum_voice_fn)(void *user, const rostrum_voice_info *voice);

/* Calls fn for every preset in data_dir (NULL: the default place), every
 * espeak-ng voice and every variant. A non-zero return from fn stops the
 * listing and is returned. On failure errmsg (may be NULL) names the file. */
ROSTRUM_API int rostrum_list_voices(const char *data_dir, rostrum_voice_fn fn, void *user, char *errmsg,
                                    size_t errmsg_size);

/* Guesses the output format from a file name's extension. */
ROSTRUM_API rostrum_format rostrum_format_from_path(const char *path);

#ifdef __cplusplus
}
#endif
#endif
