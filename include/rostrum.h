/* rostrum: turn written statements into chaptered spoken audio.
 * The one public header of librostrum; everything else in the library is private. */

/**
 * @file rostrum.h
 * @brief The public interface of librostrum.
 *
 * A handle (::rostrum) holds one input text, its plan and its render:
 * rostrum_create(), rostrum_load() or rostrum_load_file(), then
 * rostrum_render_file() (or rostrum_render(), rostrum_render_files()), then
 * rostrum_destroy().
 *
 * Rules that hold for every function:
 * - **Errors.** A function that can fail returns 0 or a negative
 *   ROSTRUM_E* code; rostrum_strerror() describes a code and
 *   rostrum_error_message() gives the detail of a handle's failure.
 *   Failure is sticky: once a handle has failed, every later call on it
 *   returns the same code.
 * - **Ownership.** The caller owns everything it passes in; the library
 *   copies what it keeps, so strings and buffers may be freed as soon as
 *   the call returns. Strings the library hands out belong to it and stay
 *   valid for as long as the text says (usually until the next call on the
 *   handle, or during a callback only).
 * - **No output of its own.** The library never prints and never exits;
 *   progress comes through ::rostrum_progress_fn.
 * - **Threads.** A handle is used by one thread at a time. espeak-ng is not
 *   thread-safe, so the library speaks in child processes of its own.
 */
#ifndef ROSTRUM_H
#define ROSTRUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @def ROSTRUM_API
 * Marks a function librostrum exports; the rest of the library is hidden.
 */
#if defined(__GNUC__)
#define ROSTRUM_API __attribute__((visibility("default")))
#else
#define ROSTRUM_API
#endif

/**
 * Error codes. Every function that can fail returns 0 or one of these
 * negative values; rostrum_strerror() describes a code and
 * rostrum_error_message() gives the detail of the last failure of a handle
 * (file, line and cause).
 */
enum rostrum_error {
    ROSTRUM_OK = 0,            /**< success */
    ROSTRUM_EINVAL = -1,       /**< an option or argument is out of range, or a required pointer is NULL */
    ROSTRUM_ENOMEM = -2,       /**< an allocation failed */
    ROSTRUM_EINPUT = -3,       /**< the input text, a lexicon, preset or voice map cannot be read
                                    (bad UTF-8, empty, a syntax error) */
    ROSTRUM_EIO = -4,          /**< reading or writing a file failed, or the data folder is missing */
    ROSTRUM_EVOICE = -5,       /**< unknown voice, preset or language */
    ROSTRUM_ESYNTH = -6,       /**< the speech synthesizer failed */
    ROSTRUM_EENCODE = -7,      /**< the audio encoder failed */
    ROSTRUM_EUNSUPPORTED = -8, /**< the request cannot be met (format, non-seekable output) */
    ROSTRUM_ECANCELLED = -9,   /**< the progress callback asked to stop */
    ROSTRUM_ESTATE = -10,      /**< a call made in the wrong order (render before load, load twice) */
    ROSTRUM_ENOSTATEMENT = -11 /**< the input is a corpus's companion file that holds no statement (a TEI
                                    speaker register or listOrg, a teiCorpus root without its sittings);
                                    a batch passes over it */
};

/** Output container and codec. */
typedef enum {
    ROSTRUM_FORMAT_AUTO = 0, /**< from the file name's extension; Ogg Opus otherwise */
    ROSTRUM_FORMAT_OPUS,     /**< Ogg Opus with chapter tags and the loudness gain in its header */
    ROSTRUM_FORMAT_WAV,      /**< 16-bit PCM WAV (libsndfile), the gain applied to the samples */
    ROSTRUM_FORMAT_FLAC,     /**< FLAC (libsndfile), the gain applied to the samples */
    ROSTRUM_FORMAT_M4B = 4,  /**< MP4 audio (.m4b, .m4a): AAC-LC (FFmpeg) with a chapter track, iTunes tags
                                  and cover; the gain applied to the samples; needs a seekable output */
    ROSTRUM_FORMAT_MP3 = 5,  /**< MP3 (LAME through FFmpeg) with ID3v2 tags, CHAP/CTOC chapters and cover;
                                  the gain applied to the samples */
    ROSTRUM_FORMAT_EPUB = 6  /**< EPUB 3 talking book: the text as XHTML, one SMIL Media Overlay per content
                                  document timed by the synthesizer, the chapters as its navigation, the
                                  audio inside in rostrum_options::epub_audio; needs a seekable output */
} rostrum_format;

/** What an EPUB's Media Overlays synchronize with the audio. */
typedef enum {
    ROSTRUM_EPUB_SENTENCE = 0, /**< each sentence is highlighted while it is read */
    ROSTRUM_EPUB_WORD          /**< each word */
} rostrum_epub_level;

/** Where chapter markers go. */
typedef enum {
    ROSTRUM_CHAPTERS_AUTO = 0,      /**< statement when the input holds several statements, else paragraph */
    ROSTRUM_CHAPTERS_PARAGRAPH,     /**< one per paragraph; a heading opens the next one; in a transcript
                                         named after the statement: "Mr Lever", "Mr Lever, 2" */
    ROSTRUM_CHAPTERS_HEADING,       /**< one per heading */
    ROSTRUM_CHAPTERS_NONE,          /**< no chapters */
    ROSTRUM_CHAPTERS_STATEMENT      /**< one per statement, named after its speaker or heading */
} rostrum_chapters;

/** How the reader finds paragraphs in the input. */
typedef enum {
    ROSTRUM_PARAGRAPHS_AUTO = 0, /**< detect the layout of each file */
    ROSTRUM_PARAGRAPHS_BLANK,    /**< blank lines separate paragraphs; other lines are joined */
    ROSTRUM_PARAGRAPHS_LINE      /**< every line is a paragraph */
} rostrum_paragraphs;

/** Whether a speaker's statement opens with their name ("Mr Lever."). */
typedef enum {
    ROSTRUM_ANNOUNCE_NAME = 0, /**< say the speaker's name (and delegation) first */
    ROSTRUM_ANNOUNCE_NONE      /**< no announcement */
} rostrum_announce;

/** Voices of the speakers in a transcript. */
typedef enum {
    ROSTRUM_VOICES_SAME = 0,     /**< everyone in the document's voice (unless a map or attribute says) */
    ROSTRUM_VOICES_ALTERNATE     /**< each new speaker gets the language's next preset, so turns are
                                      easy to tell apart by ear */
} rostrum_voices;

/** Stages reported to the progress callback. */
typedef enum {
    ROSTRUM_STAGE_SYNTH = 1, /**< done/total count paragraphs */
    ROSTRUM_STAGE_ENCODE = 2 /**< done/total count samples */
} rostrum_stage;

/**
 * Called now and then during a render, from the thread that called the
 * render function.
 * @param user   rostrum_options::progress_user, as given
 * @param stage  what is being done
 * @param done   how much of it is done
 * @param total  how much there is in all (paragraphs or samples)
 * @return 0 to go on; non-zero cancels the render, which then fails with
 *         ::ROSTRUM_ECANCELLED and leaves no output file
 */
typedef int (*rostrum_progress_fn)(void *user, rostrum_stage stage, uint64_t done, uint64_t total);

/* How rostrum_options grows. Programs built against librostrum.so.0 tell
 * the library the size of the struct they were compiled with (the macros
 * rostrum_options_init() and rostrum_create() pass it), and the library
 * gives every field past that size its default. So that a program built
 * before a field was added keeps working, unchanged and not rebuilt:
 * - a new field goes at the end; no field is ever removed, moved or retyped;
 * - its default, the value rostrum_options_init() sets and that a program
 *   which does not know the field gets, means "as before"; make it the
 *   field's zero value where you can;
 * - the struct ends without padding, so that every addition makes it grow
 *   and a size always tells which fields its program knew: when the new
 *   fields leave a hole at the end, fill it with a reserved field that must
 *   be 0. src/api.c names the last field in a static assertion, which fails
 *   until it is updated, and pins the end of 0.1.0's fields. */

/**
 * Options of a render. Fill with rostrum_options_init() and then change what
 * you need. Strings and arrays are borrowed for the duration of
 * rostrum_create() only, which copies them; NULL means "not set". A value
 * out of its range makes rostrum_create() fail with ::ROSTRUM_EINVAL.
 *
 * Fields are only ever added at the end, and a program built against an
 * older rostrum.h gets the default of every field it does not know (see
 * rostrum_create_sized()).
 */
typedef struct rostrum_options {
    const char *language;   /**< BCP 47 / espeak-ng language, e.g. "en", "fr"; default from front matter, else "en" */
    const char *voice;      /**< an espeak-ng voice name or a preset from the voices folder or the user's */
    int rate_wpm;           /**< words per minute, 80..450; 0 = the voice's or preset's rate */
    int pitch;              /**< 0..100; -1 = the voice's or preset's pitch */
    int pause_ms;           /**< silence between paragraphs, 0..10000 (default 750) */
    double loudness_lufs;   /**< integrated loudness target, -40..-10 (default -19) */
    int bitrate_kbps;       /**< bitrate in kbit/s, 6..256; 0 (the default) = the container's: 24 for Opus,
                                 64 for AAC and MP3; AAC (M4B) refuses less than 64 with ::ROSTRUM_EUNSUPPORTED */
    int complexity;         /**< Opus complexity, 0..10 (default 10) */
    rostrum_chapters chapters;     /**< where chapters go (default ::ROSTRUM_CHAPTERS_AUTO) */
    rostrum_paragraphs paragraphs; /**< how paragraphs are found (default ::ROSTRUM_PARAGRAPHS_AUTO) */
    const char *title;      /**< TITLE tag; overrides front matter */
    const char *artist;     /**< ARTIST tag; overrides the front matter's speaker */
    const char *date;       /**< DATE tag; overrides front matter */
    const char *data_dir;   /**< folder holding voices/; NULL = ROSTRUM_DATA_DIR, else the data installed
                                 beside the library; a folder without voices/ fails with ::ROSTRUM_EIO */
    int read_directions;    /**< non-zero: read stage directions such as "[Applause.]" instead of skipping them */
    const char *const *lexicons; /**< lexicon files, loaded after the built-in and the user's lexicon of
                                      the language, so their entries win; later files win */
    size_t lexicon_count;   /**< number of entries in lexicons */
    const char *const *extra_tags; /**< more tags for the file, "KEY=value" each, written right after
                                        ENCODER and before the chapters (Ogg Opus only; WAV and FLAC
                                        keep only the tags they know). KEY is printable ASCII
                                        (0x20-0x7D) without '=', the value UTF-8, as Vorbis comments
                                        require; otherwise rostrum_create() fails with ::ROSTRUM_EINVAL */
    size_t extra_tag_count; /**< number of entries in extra_tags */
    int explain;            /**< non-zero: keep every change the normalizer makes, for rostrum_explain() */
    int pause_statement_ms; /**< transcripts: silence between statements, 0..10000 (default 1500) */
    rostrum_announce announce; /**< transcripts: say who speaks before a speaker's statement */
    const char *voice_map;  /**< transcripts: file of "speaker or delegation = voice" lines, or NULL */
    rostrum_voices voices;  /**< transcripts: one voice, or the language's presets in turn per speaker */
    int threads;            /**< Opus encoding threads, 0 = one per processor, 1..256; Ogg Opus
                                 is encoded in stretches cut at paragraph pauses (the same bytes
                                 for any count, to a file or a stream) */
    const char *cache_dir;  /**< keep the packets of encoded stretches (and the speech of paragraphs)
                                 here, and encode only the stretches whose audio changed (Ogg
                                 Opus); created if missing */
    int cache_max_mb;       /**< size bound of cache_dir, speech evicted first, then the least
                                 recently used stretches; 0 = 512 */
    int cache_speech;       /**< non-zero (as rostrum_options_init() sets it): also keep each
                                 paragraph's speech in cache_dir (44 kB per second of audio), so that
                                 a re-render speaks only the paragraphs that changed */
    const char *config_dir; /**< the user's own presets (NAME.voice) and lexicons (LANG.lexicon); NULL =
                                 $XDG_CONFIG_HOME/rostrum, else ~/.config/rostrum; "" = none. A user
                                 preset replaces a built-in one of its name; a user lexicon's entries
                                 win over the built-in lexicon's */
    /* podcast and broadcast: read when the render starts; a file that cannot
     * be used fails rostrum_render() with a message naming it */
    const char *intro;      /**< audio file (any format libsndfile reads: WAV, FLAC, Ogg, MP3) played
                                 first, mixed down to mono, resampled, matched to the speech's
                                 loudness, with its own chapter "Introduction"; the statement pause
                                 follows it; NULL = none */
    const char *outro;      /**< the same, after the speech, with the chapter "Closing"; NULL = none */
    const char *cover;      /**< PNG or JPEG image embedded as the front cover: METADATA_BLOCK_PICTURE in Ogg
                                 Opus, an attached picture in M4B and MP3; WAV and FLAC fail with
                                 ::ROSTRUM_EUNSUPPORTED; NULL = none */
    const char *album;      /**< ALBUM tag; NULL = front matter "session:", else a session-title heading */
    rostrum_progress_fn progress; /**< called during a render, or NULL */
    void *progress_user;    /**< passed to progress as it is */
    unsigned sidecars;      /**< ROSTRUM_SIDECAR_* flags: files rostrum_render_files() writes beside
                                 the output (not for stdout); ::ROSTRUM_SIDECAR_PAGE implies
                                 ::ROSTRUM_SIDECAR_VTT and ::ROSTRUM_SIDECAR_CHAPTERS_VTT */
    /* the end of version 0.1.0's fields */
    /* 0.2: the field that padded sidecars' end, reserved in 0.1.0, whose 0 means "as before" */
    unsigned identify;      /**< 1 (rostrum_options_init()'s default): find the language of each
                                 statement the input does not label, and of the document when neither
                                 the options nor the front matter name a language or voice; 0: as
                                 0.1.0 did, the language given, else "en". Other values make
                                 rostrum_create() fail with ::ROSTRUM_EINVAL */
    const char *input_format; /**< the reader to use, by name as rostrum_list_formats() lists the inputs
                                 ("text", "markdown", "tei", "akn", "parlparse"); NULL = found from
                                 the bytes, the file's extension a hint; an unknown name makes
                                 rostrum_create() fail with ::ROSTRUM_EINVAL */
    /* 0.3: EPUB talking books */
    rostrum_format epub_audio; /**< the audio inside an EPUB (::ROSTRUM_FORMAT_EPUB): an audio container
                                 that EPUB reading systems play (Ogg Opus, MP3, AAC); ::ROSTRUM_FORMAT_AUTO
                                 = MP3 where the library writes it, else Ogg Opus. Another value makes
                                 rostrum_create() fail with ::ROSTRUM_EINVAL */
    rostrum_epub_level epub_level; /**< what an EPUB's Media Overlays synchronize (default sentence) */
    /* 0.3: renders side by side */
    int job_server_read;  /**< a job server's pipe, as GNU make shares one between processes: the
                             read end (non-blocking), whose bytes are tokens. While an Ogg Opus
                             render has stretches waiting and can read a token, one more thread
                             encodes, and writes the token back to job_server_write after each
                             stretch. rostrum batch gives its workers one when its queue is empty,
                             so that the last long statement gets every idle processor. Both 0 =
                             none */
    int job_server_write; /**< the job server pipe's write end */
} rostrum_options;

/** Files written beside the output, named after it without its extension. */
enum {
    ROSTRUM_SIDECAR_VTT = 1,          /**< NAME.vtt: WebVTT captions, one cue per sentence or clause */
    ROSTRUM_SIDECAR_SRT = 2,          /**< NAME.srt: the same cues as SubRip */
    ROSTRUM_SIDECAR_CHAPTERS_VTT = 4, /**< NAME.chapters.vtt: the chapters as WebVTT */
    ROSTRUM_SIDECAR_PAGE = 8,         /**< NAME.html: a listening page with the transcript */
    ROSTRUM_SIDECAR_CHAPTERS_JSON = 16 /**< NAME.chapters.json: the chapters as a JSON chapters file
                                            (Podcasting 2.0, version "1.2.0"), the audio's own,
                                            intro and outro included */
};

/**
 * Output callbacks for rostrum_render(). seek and tell may be NULL for a
 * stream such as a pipe; then only Ogg Opus can be written.
 */
typedef struct rostrum_io {
    /** Writes all len bytes of data; returns 0, or non-zero on failure. */
    int (*write)(void *user, const void *data, size_t len);
    /** Moves to offset as fseek() does with whence; returns 0, or non-zero on failure. May be NULL. */
    int (*seek)(void *user, int64_t offset, int whence);
    /** The current offset, or -1 on failure. May be NULL. */
    int64_t (*tell)(void *user);
} rostrum_io;

/** A handle: one input, its plan and its render. Opaque. */
typedef struct rostrum rostrum;

/**
 * The version of the library.
 * @return a static string such as "0.1.0"
 */
ROSTRUM_API const char *rostrum_version(void);

/**
 * Writes a one-line list of the versions of the libraries rostrum runs with,
 * such as "espeak-ng 1.51, libopus 1.3.1, libopusenc 0.2.1,
 * libsndfile-1.2.0, libebur128 1.2.6". espeak-ng that cannot start is
 * listed as "(not found)".
 * @param buf   where the NUL-terminated line goes (owned by the caller)
 * @param size  the size of buf; a longer line is cut to fit
 */
ROSTRUM_API void rostrum_dependency_versions(char *buf, size_t size);

/**
 * Describes an error code.
 * @param code  0 or a ROSTRUM_E* code
 * @return a static English description; "unknown error" for other values
 */
ROSTRUM_API const char *rostrum_strerror(int code);

/**
 * Sets every field to its default: language and voice unset, rate and pitch
 * from the voice, 750 ms pause, -19 LUFS, 24 kbit/s, complexity 10,
 * automatic chapters and paragraph detection, 1500 ms between statements,
 * one encoding thread per processor, the user's folder from XDG_CONFIG_HOME.
 *
 * A macro: it calls rostrum_options_init_sized() with the size of
 * ::rostrum_options as this header declares it, so that a later library
 * with more options writes only the fields this program knows.
 * @param options  the options to fill (a rostrum_options *)
 */
#define rostrum_options_init(options) rostrum_options_init_sized((options), sizeof(rostrum_options))

/**
 * Sets the fields in the first size bytes of options to their defaults (see
 * rostrum_options_init(), which is how a program calls it) and writes
 * nothing past size. Fields this library does not know, when size is
 * larger than its own ::rostrum_options, are set to zero.
 * @param options  the options to fill; NULL does nothing
 * @param size     sizeof(rostrum_options) as the caller was compiled
 */
ROSTRUM_API void rostrum_options_init_sized(rostrum_options *options, size_t size);

/**
 * Creates a handle with a copy of options.
 *
 * A macro: it calls rostrum_create_sized() with the size of
 * ::rostrum_options as this header declares it.
 * @param out      set to the new handle, or to NULL on failure; free it with rostrum_destroy()
 *                 (a rostrum **)
 * @param options  the options; nothing in it needs to outlive this call (a const rostrum_options *)
 * @return as rostrum_create_sized()
 */
#define rostrum_create(out, options) rostrum_create_sized((out), (options), sizeof(rostrum_options))

/**
 * Creates a handle from the first size bytes of options, the fields a
 * program compiled with that size of ::rostrum_options knows (rostrum_create(),
 * which is how a program calls it, passes its sizeof). Every field past
 * size takes its default, so a program built against an older rostrum.h
 * renders as it always did. The handle keeps copies of the strings and
 * arrays it needs.
 *
 * Programs built against version 0.1.0, before the size was passed, call
 * the function rostrum_create (and rostrum_options_init) by that name; the
 * library still exports both and takes the size of 0.1.0's struct for them.
 * @param out      set to the new handle, or to NULL on failure; free it with rostrum_destroy()
 * @param options  the options; nothing in it needs to outlive this call
 * @param size     sizeof(rostrum_options) as the caller was compiled: at
 *                 least the end of version 0.1.0's fields (up to and with
 *                 rostrum_options::sidecars) and at most this library's
 *                 sizeof(rostrum_options)
 * @return 0; ::ROSTRUM_EINVAL when out or options is NULL, size is out of
 *         that range (a program built against a later rostrum.h than the
 *         library), or a value is out of range (there is no handle yet to
 *         carry a message: check the ranges of ::rostrum_options);
 *         ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_create_sized(rostrum **out, const rostrum_options *options, size_t size);

/**
 * Frees a handle and all it holds.
 * @param r  the handle; NULL is a no-op
 */
ROSTRUM_API void rostrum_destroy(rostrum *r);

/**
 * The detail of the handle's failure, e.g. "speech.md:12: invalid UTF-8 at
 * byte 345".
 * @param r  the handle, or NULL
 * @return the message, or "" if nothing failed (or r is NULL); owned by r,
 *         valid until the next call on r
 */
ROSTRUM_API const char *rostrum_error_message(const rostrum *r);

/**
 * Reads an input text (UTF-8 plain text or Markdown): front matter,
 * headings, paragraphs and speaker turns; picks the voices, loads the
 * lexicons (built-in, the user's, then rostrum_options::lexicons), makes
 * every paragraph speakable and plans the render. May be called once per
 * handle.
 * @param r     the handle
 * @param name  the input's name in messages; "-" or NULL reads as "<stdin>"
 * @param data  the text, copied; may be NULL when size is 0
 * @param size  its length in bytes
 * @return 0; ::ROSTRUM_EINVAL (r NULL, data NULL with size); ::ROSTRUM_ESTATE
 *         (a text is loaded already); ::ROSTRUM_EINPUT (invalid or empty
 *         text, a bad lexicon, preset or voice map); ::ROSTRUM_EVOICE;
 *         ::ROSTRUM_EIO; ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_load(rostrum *r, const char *name, const void *data, size_t size);

/**
 * Reads the file at path (or stdin for "-") and calls rostrum_load().
 * @param r     the handle
 * @param path  the file; also its name in messages
 * @return as rostrum_load(); ::ROSTRUM_EIO when the file cannot be read
 */
ROSTRUM_API int rostrum_load_file(rostrum *r, const char *path);

/**
 * The number of paragraphs that will be spoken.
 * @param r  a handle after rostrum_load()
 * @return the count; 0 before a load or for NULL
 */
ROSTRUM_API size_t rostrum_paragraph_count(const rostrum *r);

/**
 * The exact text handed to the synthesizer for a paragraph.
 * @param r      a handle after rostrum_load()
 * @param index  0 .. rostrum_paragraph_count() - 1
 * @return the text, owned by r and valid until rostrum_destroy(); NULL for
 *         an index out of range
 */
ROSTRUM_API const char *rostrum_paragraph_text(const rostrum *r, size_t index);

/**
 * One change the normalizer made to a paragraph: the text as written at a
 * source line, what is spoken instead, and the rule or lexicon entry
 * ("en.lexicon:12") that made it. The strings are valid during the
 * callback only.
 */
typedef struct rostrum_change {
    size_t line;          /**< line of the input, from 1 */
    const char *written;  /**< the text as written */
    const char *spoken;   /**< what is spoken instead; "" when left out */
    const char *rule;     /**< the rule ("currency", "page furniture") or lexicon entry ("en.lexicon:8") */
} rostrum_change;

/**
 * Receives one change from rostrum_explain() or rostrum_explain_removed().
 * @param user    as given to the listing function
 * @param change  the change; it and its strings are valid during the call only
 * @return 0 to go on; non-zero stops the listing, which returns this value
 */
typedef int (*rostrum_change_fn)(void *user, const rostrum_change *change);

/**
 * Calls fn for every change made to a paragraph, in order. Needs a handle
 * created with rostrum_options::explain set (otherwise there are none).
 * @param r      a handle after rostrum_load()
 * @param index  the paragraph, 0 .. rostrum_paragraph_count() - 1
 * @param fn     the callback
 * @param user   passed to fn
 * @return 0; the non-zero value fn returned; ::ROSTRUM_EINVAL (r or fn
 *         NULL); ::ROSTRUM_ESTATE (no such paragraph); ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_explain(rostrum *r, size_t index, rostrum_change_fn fn, void *user);

/**
 * Calls fn for every line the reader left out as page furniture of a
 * published record (job numbers, running headers, page numbers), with
 * spoken "" and rule "page furniture".
 * @param r     a handle after rostrum_load()
 * @param fn    the callback
 * @param user  passed to fn
 * @return 0; the non-zero value fn returned; ::ROSTRUM_EINVAL (r or fn
 *         NULL); ::ROSTRUM_ESTATE (no text loaded)
 */
ROSTRUM_API int rostrum_explain_removed(rostrum *r, rostrum_change_fn fn, void *user);

/**
 * After a render: in how many stretches it was encoded and how many of them
 * came from the cache.
 * @param r           a handle after a render
 * @param count       set to the number of stretches, 0 when encoded in one piece (WAV, FLAC, AAC, MP3) (may be NULL)
 * @param from_cache  set to how many came from rostrum_options::cache_dir (may be NULL)
 * @return 0; ::ROSTRUM_ESTATE before a render (or for NULL)
 */
ROSTRUM_API int rostrum_stretches(const rostrum *r, size_t *count, size_t *from_cache);

/**
 * Synthesizes, measures loudness and encodes to the callbacks.
 * @param r        a handle after rostrum_load()
 * @param format   the format; ::ROSTRUM_FORMAT_AUTO means Ogg Opus
 * @param io       the callbacks; WAV, FLAC and EPUB need seek and tell
 * @param io_user  passed to the callbacks
 * @return 0; ::ROSTRUM_EINVAL; ::ROSTRUM_ESTATE (no text loaded);
 *         ::ROSTRUM_EUNSUPPORTED (WAV, FLAC or EPUB without seek);
 *         ::ROSTRUM_ESYNTH; ::ROSTRUM_EENCODE; ::ROSTRUM_EIO (a callback
 *         failed); ::ROSTRUM_ECANCELLED; ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_render(rostrum *r, rostrum_format format, const rostrum_io *io, void *io_user);

/**
 * Renders to a file: written under a temporary name in the same folder and
 * renamed at the end, so the file appears whole or not at all and an
 * existing file is only replaced by a complete one.
 * @param r       a handle after rostrum_load()
 * @param path    the file; "-" writes Ogg Opus to stdout
 * @param format  the format; ::ROSTRUM_FORMAT_AUTO takes it from the extension
 * @return as rostrum_render(); ::ROSTRUM_EIO names the file in the message
 */
ROSTRUM_API int rostrum_render_file(rostrum *r, const char *path, rostrum_format format);

/**
 * Renders to path as rostrum_render_file() does, writes the JSON manifest
 * and the sidecars of rostrum_options.sidecars beside path. All
 * destinations are opened before the render starts and the files appear
 * only when all are complete, so a bad manifest path never costs an
 * existing output. An existing device or FIFO (/dev/null) is written in
 * place; a symbolic link keeps pointing to the file it names, which is
 * replaced.
 * @param r              a handle after rostrum_load()
 * @param path           the audio file; "-" writes Ogg Opus to stdout
 * @param format         the format; ::ROSTRUM_FORMAT_AUTO takes it from the extension
 * @param manifest_path  the manifest; NULL for none, "-" for stdout
 * @return as rostrum_render_file(); ::ROSTRUM_EINVAL when sidecars are asked
 *         for and path is "-" or a device, or an EPUB is asked of "-"
 */
ROSTRUM_API int rostrum_render_files(rostrum *r, const char *path, rostrum_format format, const char *manifest_path);

/**
 * The name of a sidecar of an output: path without its extension, then
 * ".vtt", ".srt", ".chapters.vtt", ".html" or ".chapters.json".
 * @param path     the output file
 * @param sidecar  one ROSTRUM_SIDECAR_* flag
 * @param buf      receives the name, NUL-terminated
 * @param size     bytes of buf
 * @return 0; ::ROSTRUM_EINVAL for an unknown flag, "-", or a name too long for buf
 */
ROSTRUM_API int rostrum_sidecar_path(const char *path, unsigned sidecar, char *buf, size_t size);

/**
 * Writes the JSON manifest of the last render (atomically, like
 * rostrum_render_file()): duration, loudness, gain, every paragraph with
 * its chapter, times, source line and spoken text, and every sentence and
 * word with its times and its bytes [start, end) in the input.
 * @param r     a handle after a render
 * @param path  the file; "-" for stdout
 * @return 0; ::ROSTRUM_EINVAL; ::ROSTRUM_ESTATE (no render yet);
 *         ::ROSTRUM_EIO; ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_write_manifest(rostrum *r, const char *path);

/**
 * The loudness of the last render's output. A target louder than the speech
 * can be made under the -1 dBTP ceiling is not reached; compare output_lufs
 * with rostrum_options::loudness_lufs.
 * @param r               a handle after a render
 * @param output_lufs     set to the integrated loudness in LUFS (may be NULL)
 * @param true_peak_dbtp  set to the true peak in dBTP (may be NULL)
 * @param gain_db         set to the gain applied in dB (may be NULL)
 * @return 0; ::ROSTRUM_ESTATE before a render (or for NULL)
 */
ROSTRUM_API int rostrum_render_loudness(const rostrum *r, double *output_lufs, double *true_peak_dbtp, double *gain_db);

/**
 * The length of the last render's audio, intro and outro included.
 * @param r        a handle after a render
 * @param seconds  set to the length in seconds (may be NULL)
 * @return 0; ::ROSTRUM_ESTATE before a render (or for NULL)
 */
ROSTRUM_API int rostrum_render_duration(const rostrum *r, double *seconds);

/** The size of a render key. */
enum {
    ROSTRUM_KEY_SIZE = 33 /**< bytes of a render key: 32 hexadecimal digits and a NUL */
};

/**
 * A key of everything that shapes the files a render writes, to tell
 * whether files rendered before are up to date: a render with the same key
 * writes the same bytes. It is a hash (128 bits) of, in a fixed order:
 * - the versions of rostrum and of the libraries that shape the bytes
 *   (espeak-ng, libopus, libopusenc, libsndfile, libebur128, libsoxr);
 * - the format; for Ogg Opus the bitrate, the complexity, and that it is
 *   encoded in stretches; how many threads, the cache's folder and size,
 *   the progress callback and rostrum_options::explain change no byte and
 *   do not count;
 * - the other options by the values they take effect with, not as given:
 *   the voice of every statement as chosen (language, espeak-ng voice, and
 *   the rate and pitch of the options or else of the preset), the pauses,
 *   the loudness target, the chapter, paragraph, announce and voices modes,
 *   the tags as written (an option, else the front matter; the extra
 *   tags), and the sidecars asked for (::ROSTRUM_SIDECAR_PAGE brings the
 *   captions and chapters it plays);
 * - the text of every preset a voice comes from and of every lexicon and
 *   voice map read (built-in, the user's, named by an option), whatever
 *   folder they are in: an edited preset or lexicon changes the keys of
 *   the texts that use it, and only those;
 * - the bytes of the intro, outro and cover, read by this call;
 * - the input's name (the manifest records it) and bytes.
 *
 * The output's path is not in the key (a listening page names the audio
 * file beside it): keep one key per output. A file and a stream (callbacks
 * without seek) of one render get the same bytes, so the same key.
 * Asking for it starts no synthesizer, so a process may ask before it
 * forks renders.
 * @param r       a handle after rostrum_load()
 * @param format  the format the render will be given; ::ROSTRUM_FORMAT_AUTO
 *                means Ogg Opus, as for rostrum_render() (for a file name,
 *                resolve it with rostrum_format_from_path() first)
 * @param key     receives the key: 32 lowercase hexadecimal digits and a
 *                NUL, ::ROSTRUM_KEY_SIZE bytes (owned by the caller)
 * @return 0; ::ROSTRUM_EINVAL (r or key NULL, an unknown format);
 *         ::ROSTRUM_ESTATE (no text loaded); ::ROSTRUM_EIO (the intro,
 *         outro or cover cannot be read; the message names it)
 */
ROSTRUM_API int rostrum_render_key(rostrum *r, rostrum_format format, char key[ROSTRUM_KEY_SIZE]);

/**
 * The number of chapters of the plan, after the limit of 1000 per file.
 * @param r  a handle after rostrum_load()
 * @return the count; 0 for NULL
 */
ROSTRUM_API size_t rostrum_chapter_count(const rostrum *r);

/**
 * How many chapter boundaries had to be dropped to meet the limit of 1000
 * chapters per file (headings are kept first).
 * @param r  a handle after rostrum_load()
 * @return the count; 0 for NULL
 */
ROSTRUM_API size_t rostrum_chapters_dropped(const rostrum *r);

/**
 * What rostrum_load() found that the listener will miss, one line each,
 * such as "speech.md:12: 23 letters in Arabic script are not spoken: the
 * voice en-statement does not speak that script". Nothing is dropped
 * silently: a program shows these, or treats them as errors (the command
 * line's --strict).
 * @param r  a handle after rostrum_load()
 * @return the count; 0 for NULL or before a load
 */
ROSTRUM_API size_t rostrum_warning_count(const rostrum *r);
/**
 * @param r      a handle after rostrum_load()
 * @param index  0 .. rostrum_warning_count() - 1
 * @return the warning, valid until rostrum_destroy(); NULL when out of range
 */
ROSTRUM_API const char *rostrum_warning(const rostrum *r, size_t index);

/**
 * One voice, preset or lexicon that rostrum_list_voices() reports. The
 * strings are valid during the callback only.
 */
typedef struct rostrum_voice_info {
    const char *kind;        /**< "preset" (a voices/ or user preset), "lexicon", "espeak" (an espeak-ng
                                  voice, named by its identifier) or "variant" (an espeak-ng variant
                                  that can follow any voice after "+") */
    const char *name;        /**< what --voice takes; for a lexicon its language */
    const char *language;    /**< the language it speaks; "any" for a variant */
    const char *description; /**< a line for people */
    const char *path;        /**< the file of a preset or lexicon; NULL for espeak-ng's */
    const char *origin;      /**< "built-in" (the data folder), "user" (the user's folder) or "espeak-ng" */
} rostrum_voice_info;

/**
 * Receives one entry from rostrum_list_voices().
 * @param user   as given to rostrum_list_voices()
 * @param voice  the entry; valid during the call only
 * @return 0 to go on; non-zero stops the listing, which returns this value
 */
typedef int (*rostrum_voice_fn)(void *user, const rostrum_voice_info *voice);

/**
 * Calls fn for every preset in effect (data_dir's and the user's, a user
 * preset replacing a built-in one of its name), every lexicon (built-in,
 * then the user's), every espeak-ng voice and every variant.
 * @param data_dir     the folder holding voices/; NULL: ROSTRUM_DATA_DIR or the installed data
 * @param fn           the callback
 * @param user         passed to fn
 * @param errmsg       on failure, the file (and line) and cause; may be NULL
 * @param errmsg_size  the size of errmsg
 * @return 0; the non-zero value fn returned; ::ROSTRUM_EINVAL (fn NULL);
 *         ::ROSTRUM_EIO (a named data folder without voices/);
 *         ::ROSTRUM_EINPUT (a bad preset); ::ROSTRUM_ESYNTH; ::ROSTRUM_ENOMEM
 */
ROSTRUM_API int rostrum_list_voices(const char *data_dir, rostrum_voice_fn fn, void *user, char *errmsg,
                                    size_t errmsg_size);

/**
 * Guesses the output format from a file name's extension (.opus, .ogg,
 * .oga, .wav, .flac, .epub, in any case): the extensions rostrum_list_formats()
 * reports for its outputs.
 * @param path  the file name
 * @return the format; ::ROSTRUM_FORMAT_AUTO when the extension says nothing
 */
ROSTRUM_API rostrum_format rostrum_format_from_path(const char *path);

/**
 * A format the library reads (an input) or writes (an output container),
 * as rostrum_list_formats() reports it. The structure and its strings
 * belong to the library; fields may be added at the end in later versions.
 */
typedef struct rostrum_format_info {
    const char *kind;              /**< "input" or "output" */
    const char *name;              /**< a short name: "markdown", "text"; "opus", "wav", "flac" */
    const char *description;       /**< for people: "Markdown", "Ogg Opus" */
    const char *const *extensions; /**< the file name extensions it claims, with the dot, in lower case,
                                        NULL-terminated: ".md", ".markdown". An input's extension is a
                                        hint (its content decides); an output's picks the format, the
                                        first being the usual one */
    const char *mime_type;         /**< "text/markdown", "audio/ogg" */
    rostrum_format format;         /**< an output's value for rostrum_render(); ::ROSTRUM_FORMAT_AUTO
                                        for an input */
    int streams;                   /**< an output: non-zero when it can be written to a pipe (no seeking) */
    int chapters;                  /**< an output: non-zero when it carries chapter marks */
    int cover;                     /**< an output: non-zero when it carries a cover picture
                                        (rostrum_options::cover) */
} rostrum_format_info;

/**
 * Receives one entry from rostrum_list_formats().
 * @param user    as given to rostrum_list_formats()
 * @param format  the entry; the structure is valid during the call only, its strings
 *                for as long as the library is loaded
 * @return 0 to go on; non-zero stops the listing, which returns this value
 */
typedef int (*rostrum_format_fn)(void *user, const rostrum_format_info *format);

/**
 * Calls fn for every input format, in the order detection prefers them on
 * a tie, then for every output container. Programs build their lists of
 * extensions from it (which files to look for in a folder, what --help
 * says), so a format added to the library shows everywhere.
 * @param fn    the callback
 * @param user  passed to fn
 * @return 0; the non-zero value fn returned; ::ROSTRUM_EINVAL (fn NULL)
 */
ROSTRUM_API int rostrum_list_formats(rostrum_format_fn fn, void *user);

/**
 * The input format whose extension a file name has (.md, .markdown, .txt,
 * in any case): what a folder is searched for. rostrum_load() decides by
 * the content, with the name's extension as a hint.
 * @param path  the file name
 * @return the format's name ("markdown"), static; NULL when no input
 *         format claims the extension
 */
ROSTRUM_API const char *rostrum_input_format_from_path(const char *path);

/**
 * What a render tags its output with, known once the input is loaded (no
 * render needed): the option, else the front matter or what the reader
 * found, as rostrum_render() writes it. Programs that list many outputs
 * (a podcast feed of a batch) describe each with these.
 * @param r     a handle after rostrum_load()
 * @param name  "title", "artist", "album", "date" or "language" (the
 *              language of the document's voice, as in the manifest)
 * @return the value, valid until rostrum_destroy(); NULL when the output
 *         has no such tag, for an unknown name, for NULL, or before a load
 */
ROSTRUM_API const char *rostrum_tag(const rostrum *r, const char *name);

#ifdef __cplusplus
}
#endif
#endif
