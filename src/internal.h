/* Private declarations shared by the stages of librostrum.
 * Nothing here is part of the public interface; names carry the rs__ prefix. */
#ifndef ROSTRUM_INTERNAL_H
#define ROSTRUM_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fnv.h"
#include "rostrum.h"

#define RS__SAMPLE_RATE 22050
#define RS__MAX_CHAPTERS 1000
#define RS__ERRMSG_SIZE 512

/* ---- allocation: every allocation of the library goes through these, so a
 * test can make the Nth one fail (see rs__alloc_fail_at). ---- */
void *rs__malloc(size_t size);
void *rs__calloc(size_t count, size_t size);
void *rs__realloc(void *ptr, size_t size);
void rs__free(void *ptr);
char *rs__strdup(const char *s);
char *rs__strndup(const char *s, size_t len);
/* A copy without the white space around it, and without one pair of
 * surrounding quotes when strip_quotes is set. */
char *rs__strdup_trimmed(const char *s, size_t len, int strip_quotes);
/* Test hook: when non-zero, the allocation with this 1-based number fails
 * and every later one succeeds again. rs__alloc_count counts allocations,
 * from every thread (both are atomic: a test may set and read them as
 * plain variables). */
extern atomic_ulong rs__alloc_fail_at;
extern atomic_ulong rs__alloc_count;

/* ---- growable byte buffer; a failed growth makes it sticky-failed ---- */
typedef struct rs_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} rs_buf;

void rs__buf_free(rs_buf *b);
int rs__buf_reserve(rs_buf *b, size_t extra);
int rs__buf_append(rs_buf *b, const char *s, size_t len);
int rs__buf_puts(rs_buf *b, const char *s);
int rs__buf_putc(rs_buf *b, char c);
int rs__buf_printf(rs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the NUL-terminated contents to the caller and empties b. */
char *rs__buf_take(rs_buf *b);

/* ---- UTF-8 ---- */
/* Returns the length of the valid UTF-8 sequence at s (1..4), or 0 if the
 * bytes there are not valid UTF-8 (overlong forms and surrogates included). */
size_t rs__utf8_valid_len(const unsigned char *s, size_t avail);
/* Decodes the (valid) sequence at s, stores its length in *len. */
uint32_t rs__utf8_decode(const char *s, size_t *len);
size_t rs__utf8_encode(uint32_t cp, char out[4]);
/* Code points in the first len bytes. */
size_t rs__utf8_count(const char *s, size_t len);

/* ---- byte classes: every byte of a multibyte character counts as a
 * letter, so that words in any script hold together ---- */
int rs__is_digit(char c);
int rs__is_alpha_byte(unsigned char c);
int rs__is_word_byte(unsigned char c); /* letter or digit */

/* ---- little-endian integers of 1 to 8 bytes, as files and headers store them ---- */
void rs__put_le(unsigned char *p, uint64_t v, int bytes);
uint64_t rs__get_le(const unsigned char *p, int bytes);

/* ---- hashing (FNV-1a 64, fnv.h) for deterministic serial numbers and keys ---- */
uint64_t rs__hash(uint64_t h, const void *data, size_t len);

/* A set of hashes; zero-initialize. A failed growth sets failed and drops
 * the key. */
typedef struct rs_hashset {
    uint64_t *keys;
    size_t cap;
    size_t count;
    int failed;
} rs_hashset;
void rs__hashset_add(rs_hashset *set, uint64_t h);
int rs__hashset_has(const rs_hashset *set, uint64_t h);

/* ---- the document model (read.c) ---- */
typedef enum { RS_BLOCK_PARAGRAPH = 0, RS_BLOCK_HEADING } rs_block_kind;

typedef enum { RS_LAYOUT_BLANK = 0, RS_LAYOUT_LINE, RS_LAYOUT_WRAPPED } rs_layout;

typedef struct rs_block {
    rs_block_kind kind;
    int level;         /* heading level 1..6, 0 for paragraphs */
    char *text;        /* inline text as written, lines joined with spaces */
    size_t line;       /* 1-based line of the block's first line */
    size_t offset;     /* byte offset of that line in the input */
    size_t *line_starts;  /* offsets in text where each source line begins */
    size_t *line_numbers; /* and that line's number */
    size_t *line_sources; /* and the input byte offset of that text */
    size_t line_count;
    char *lang;           /* heading attributes: {lang=fr voice=fr-statement .session} */
    char *voice;
    int session;
    size_t statement;     /* index of the statement the block belongs to */
} rs_block;

/* The source line of byte offset in a block's text. */
size_t rs__block_line_at(const rs_block *block, size_t offset);
/* The input byte offset of byte offset of a block's text (text joined
 * from several lines maps into each line; a joining space to the end of
 * the line before). */
size_t rs__block_source_at(const rs_block *block, size_t offset);

typedef struct rs_removed_line {
    size_t line;
    char *text;
} rs_removed_line;

typedef struct rs_document {
    char *title;       /* front matter; NULL when absent */
    char *speaker;
    char *date;
    char *language;
    char *voice;
    char *session;     /* "session:" (or "album:"), the ALBUM tag */
    rs_block *blocks;
    size_t block_count;
    size_t block_cap;
    rs_removed_line *removed; /* page furniture the reader left out */
    size_t removed_count;
    rs_layout layout;  /* the layout the reader used */
    struct rs_statement *statements; /* at least one once read */
    size_t statement_count;
    const char *session_title; /* text of a session-title heading, or NULL */
} rs_document;

/* A statement: what one speaker says, opened by a heading, a speaker turn
 * or the start of the document. Its blocks are consecutive. */
typedef struct rs_statement {
    size_t first_block;
    size_t block_count;
    size_t line;
    size_t heading_block;  /* its heading's block, or SIZE_MAX */
    char *label;           /* the speaker label as written, or NULL */
    char *speaker;         /* shown: "Mr Lever", "Mr. Kishida (Japan)", or NULL */
    char *person;          /* "Mr. Kishida" */
    char *qualifier;       /* "Japan", or NULL */
    const char *lang;      /* from the heading's attributes, or NULL */
    const char *voice;
} rs_statement;

/* Finds the statements of a read document: headings at the statement
 * level, speaker turns (whose labels leave the spoken text). */
int rs__find_statements(rs_document *doc);
void rs__statements_free(rs_document *doc);

/* Reads UTF-8 text or Markdown into doc (which must be zeroed). On failure
 * returns a negative code and writes "name:line: cause" into errmsg. Pure. */
int rs__read(rs_document *doc, const char *name, const char *data, size_t size,
             rostrum_paragraphs mode, char *errmsg, size_t errmsg_size);
void rs__document_free(rs_document *doc);

/* ---- lexicons (lexicon.c) ---- */
typedef enum {
    RS_LEX_ALWAYS = 0,
    RS_LEX_BEFORE_NAME,   /* "M. <Name> = Monsieur": only before a capitalized word */
    RS_LEX_BEFORE_NUMBER  /* "No. <Number> = number": only before a digit */
} rs_lex_condition;

typedef struct rs_lex_entry {
    char *written;
    size_t written_len;
    char *spoken;
    char *source;         /* "file:line", for explanations */
    rs_lex_condition condition;
    int any_case_first;   /* an all-lowercase key also matches a capitalized word */
} rs_lex_entry;

typedef struct rs_lexicon rs_lexicon;
int rs__lexicon_create(rs_lexicon **out);
void rs__lexicon_destroy(rs_lexicon *lex);
/* Adds the entries of one lexicon file's text; later entries replace
 * earlier ones with the same written form. */
int rs__lexicon_parse(rs_lexicon *lex, const char *name, const char *text, char *errmsg, size_t errmsg_size);
/* Must be called after the last parse and before lookups. */
int rs__lexicon_index(rs_lexicon *lex);
/* The longest entry whose written form starts text (as whole words). */
const rs_lex_entry *rs__lexicon_match(const rs_lexicon *lex, const char *text, size_t avail);
size_t rs__lexicon_size(const rs_lexicon *lex);

/* ---- normalization (normalize.c, numbers.c): text as written to text as spoken ---- */
typedef struct rs_norm_context {
    const char *language;       /* "en", "fr-ca", ...: rules by primary subtag */
    const rs_lexicon *lexicon;  /* may be NULL */
    int read_directions;        /* read stage directions instead of skipping them */
    int display;                /* only markup, entities and directions: text to show, e.g. chapter names */
} rs_norm_context;

/* One change the normalizer made: the source bytes [start, end) of the
 * text it was given became spoken, by rule. */
typedef struct rs_change {
    size_t start, end;
    char *spoken;
    const char *rule;           /* static name, or a lexicon entry's source */
} rs_change;

typedef struct rs_change_list {
    rs_change *items;
    size_t count, cap;
} rs_change_list;

void rs__changes_free(rs_change_list *list);

/* Returns a newly allocated speakable form of one block's text, or NULL when
 * out of memory; records every change in changes when it is not NULL. The
 * result may be empty. Pure. */
char *rs__normalize(const char *text, const rs_norm_context *ctx, rs_change_list *changes);
/* A span of bytes [start, end) of a text. */
typedef struct rs_span {
    size_t start, end;
} rs_span;
/* rs__normalize that also sets *map to a new array with, for every byte of
 * the result, the bytes of text it was made from (the whole source of a
 * rule, e.g. "$810 million" for every byte of "810 million dollars"; one
 * character for a character kept as it is). Pure. */
char *rs__normalize_mapped(const char *text, const rs_norm_context *ctx, rs_change_list *changes, rs_span **map);

/* ---- plan (plan.c): one segment per spoken block ---- */
typedef struct rs_segment {
    char *text;          /* exactly what the synthesizer gets */
    char *chapter_name;  /* name if this segment may open a chapter, else NULL */
    int is_heading;
    int is_announcement; /* "Mr Lever." before a speaker's statement */
    size_t statement;    /* index in the document's statements */
    size_t voice;        /* the render's voice for it */
    int chapter_priority; /* 2 heading, 1 paragraph, 0 never opens a chapter */
    int opens_chapter;   /* decided by rs__plan_select_chapters */
    size_t line;
    size_t block;        /* index of the document block it was made from */
    rs_change_list changes; /* what the normalizer changed, when explaining */
    /* filled by the render */
    uint64_t start_sample; /* first sample of the segment's audio */
    uint64_t end_sample;   /* one past its last sample */
    size_t first_word;     /* its words in the render's list of spoken words */
    size_t word_count;
} rs_segment;

typedef struct rs_plan {
    rs_segment *segments;
    size_t count;
    size_t chapter_count;
    size_t chapters_dropped;
    char **statement_names;  /* per statement in a transcript ("Mr Lever"), else NULL */
    size_t statement_count;
} rs_plan;

typedef struct rs_plan_options {
    rostrum_chapters chapters;
    size_t max_chapters;
    int explain;   /* keep the normalizer's changes */
    int announce;  /* say who speaks before a speaker's statement */
} rs_plan_options;

/* Builds the plan from a document: normalizes each block in the context of
 * its statement (contexts[statement], or base for all when contexts is
 * NULL), names chapters and keeps at most max_chapters (headings and
 * statements first). */
int rs__plan_build(rs_plan *plan, const rs_document *doc, const rs_norm_context *base,
                   const rs_norm_context *const *contexts, const rs_plan_options *options);
void rs__plan_free(rs_plan *plan);
#define CHAPTER_NAME_BYTES 48
#define STATEMENT_NAME_BYTES 120
/* The opening words of text, cut at a word boundary within max_bytes. */
char *rs__chapter_name_from_text(const char *text, size_t max_bytes);

/* ---- speaker turns (turns.c) ---- */
/* A speaker label at the start of a paragraph ("Mr L G LEVER:",
 * "Mr. Kishida (Japan):", "PRESIDENTA.-", "ГОЛОВА."). */
typedef struct rs_turn {
    size_t label_start;  /* bytes of emphasis markup before the label */
    size_t label_len;    /* the label as written, without its terminator */
    size_t main_len;     /* its part before any parenthesis */
    size_t consumed;     /* bytes from the start of the text to the speech */
    int weak;            /* "WORD." form: a label only when it recurs */
    int titled;          /* opens with a title or office: "Mr", "The", "M." */
} rs_turn;

/* Whether text opens with a speaker label; fills out when it does. Pure. */
int rs__find_turn(const char *text, size_t len, rs_turn *out);

/* "Mr", "Mrs.", "The", "M.", "Sra.": words that open a speaker's name. */
int rs__is_title_word(const char *word, size_t len);

/* Whether a word in capitals is an acronym the document writes that way. */
typedef int (*rs_caps_fn)(void *user, const char *word, size_t len);

/* How a label is shown and announced: "Mr Lever"; "Mr. Kishida (Japan)"
 * with person "Mr. Kishida" and qualifier "Japan". */
typedef struct rs_turn_names {
    char *name;
    char *person;     /* the part before the parenthesis */
    char *qualifier;  /* the parenthesis (a delegation or the officer's name), or NULL */
} rs_turn_names;

int rs__turn_names(const char *label, size_t len, size_t main_len, rs_caps_fn keep_caps, void *user,
                   rs_turn_names *out);
void rs__turn_names_free(rs_turn_names *names);

/* Letter case in Latin, Greek and Cyrillic. */
int rs__is_upper_cp(uint32_t cp);
int rs__is_lower_cp(uint32_t cp);
uint32_t rs__cp_to_lower(uint32_t cp);

/* ---- timeline (timeline.c) ---- */
/* Formats a sample index at rate as HH:MM:SS.mmm (rounded to the nearest ms). */
void rs__format_chapter_time(uint64_t sample, unsigned rate, char out[32]);
uint64_t rs__samples_to_ms(uint64_t sample, unsigned rate);

/* Streaming silence trimmer: drops leading and trailing quiet samples of one
 * synthesized paragraph, keeping lead/tail guards, and holds quiet runs inside
 * the paragraph until sound follows. */
typedef int (*rs_pcm_sink)(void *user, const int16_t *pcm, size_t count);
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

/* ---- voices (voices.c) ---- */
typedef struct rs_preset {
    char *name;
    char *language;
    char *espeak_voice;
    char *description;
    int rate;   /* 0 = unset */
    int pitch;  /* -1 = unset */
    int is_default;
    char *path;  /* the file it was read from */
    int user;    /* from the user's folder, not the data folder */
} rs_preset;

typedef struct rs_preset_list {
    rs_preset *items;
    size_t count;
} rs_preset_list;

/* Parses one preset file's text. Pure. Returns 0 or ROSTRUM_EINPUT with
 * "name:line: cause" in errmsg. */
int rs__preset_parse(rs_preset *preset, const char *name, const char *text,
                     char *errmsg, size_t errmsg_size);
void rs__preset_free(rs_preset *p);
/* Loads every *.voice file in data_dir/voices, then in user_dir (each
 * folder sorted by name); a user preset replaces a built-in one of the same
 * name. A missing folder, or a NULL one, adds nothing. */
int rs__presets_load(rs_preset_list *list, const char *data_dir, const char *user_dir, char *errmsg,
                     size_t errmsg_size);
void rs__presets_free(rs_preset_list *list);
const rs_preset *rs__preset_find(const rs_preset_list *list, const char *name);
const rs_preset *rs__preset_default_for(const rs_preset_list *list, const char *language);
const char *rs__default_data_dir(void);
/* The user's folder of presets and lexicons: $XDG_CONFIG_HOME/rostrum, or
 * ~/.config/rostrum when XDG_CONFIG_HOME is unset, empty or relative.
 * Returns 0, or -1 when there is no home (the folder need not exist). */
int rs__user_config_dir(char *buf, size_t size);
/* Calls fn for every preset of presets, then every lexicon of
 * data_dir/voices and of user_dir, each with its file and where it comes
 * from ("built-in" or "user"). */
int rs__list_data_files(const rs_preset_list *presets, const char *data_dir, const char *user_dir,
                        rostrum_voice_fn fn, void *user);

/* ---- synthesis (synth.c: the only file that includes espeak-ng) ---- */
typedef struct rs_voice_choice {
    const char *espeak_voice; /* voice name, or NULL to choose by language */
    const char *language;
    int rate;                 /* 0: voice default */
    int pitch;                /* -1: voice default */
} rs_voice_choice;

int rs__synth_open(char *errmsg, size_t errmsg_size);
void rs__synth_close(void);
int rs__synth_select(const rs_voice_choice *choice, char *errmsg, size_t errmsg_size);
/* Synthesizes text; pcm chunks go to sink. The libc generator is seeded
 * first, so the audio is a pure function of text and voice. */
int rs__synth_text(const char *text, rs_pcm_sink sink, void *user, char *errmsg, size_t errmsg_size);
/* Where espeak-ng says a word or sentence of the text begins: the first
 * character (0-based, in code points of the text given) and the length in
 * code points, and the sample of the text's audio (before any trimming). */
enum { RS_SYNTH_WORD = 1, RS_SYNTH_SENTENCE = 2 };
typedef struct rs_synth_event {
    int kind;
    size_t char_position;
    size_t char_length;
    uint64_t sample;
} rs_synth_event;
typedef int (*rs_synth_event_fn)(void *user, const rs_synth_event *event);
/* rs__synth_text that also passes every word and sentence event, in order
 * with the samples, to on_event (may be NULL). */
int rs__synth_text_events(const char *text, rs_pcm_sink sink, void *user, rs_synth_event_fn on_event,
                          void *event_user, char *errmsg, size_t errmsg_size);
int rs__synth_list_voices(rostrum_voice_fn fn, void *user);
const char *rs__synth_version(void);

/* ---- the cast (cast.c): the voice of each statement ---- */
typedef struct rs_voice_slot {
    char *language;
    char *label;              /* preset name, espeak-ng voice or language */
    rs_voice_choice choice;   /* owns espeak_voice */
    rs_lexicon *lexicon;
    int borrows_lexicon;      /* another voice of the language owns it */
    rs_norm_context context;  /* how its text is normalized */
    double level_db;          /* gain that matches its loudness to the other voices */
} rs_voice_slot;

typedef struct rs_map_entry {
    char *key;                /* speaker, delegation or heading */
    char *voice;
    char *lang;
    size_t line;
} rs_map_entry;

typedef struct rs_cast {
    rs_voice_slot *slots;     /* slots[0] is the document's voice */
    size_t count;
    size_t *statement_voice;  /* slot of each statement */
    rs_map_entry *map;
    size_t map_count;
} rs_cast;

typedef struct rs_cast_params {
    const char *input_name;
    const char *voice, *language;  /* flags; NULL when not given */
    int rate, pitch;               /* 0 / -1: the preset's */
    const rs_preset_list *presets;
    const char *data_dir;
    const char *user_dir;          /* the user's presets and lexicons, or NULL */
    const char *const *lexicons;   /* --lexicon files, after the built-in and the user's */
    size_t lexicon_count;
    const char *voice_map;         /* path or NULL */
    int alternate;
    int read_directions;
} rs_cast_params;

/* Picks every statement's voice and loads the lexicons. On failure returns
 * a negative code with "file:line: cause" in errmsg; free the cast anyway. */
int rs__cast_build(rs_cast *cast, const rs_document *doc, const rs_cast_params *params, char *errmsg,
                   size_t errmsg_size);
void rs__cast_free(rs_cast *cast);
/* Adds the entries of a voice map's text (which it cuts up in place) to
 * cast->map. Pure; exposed for the fuzz target. */
int rs__voice_map_parse(rs_cast *cast, const char *name, char *text, char *errmsg, size_t errmsg_size);

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

/* What a meter heard of one stretch, in a form that adds up over stretches:
 * the energy (mean square, K-weighted) of each 20 ms frame and the true
 * peak (linear, full scale 1). */
typedef struct rs_heard {
    double *frames;
    size_t frame_count;
    double peak;
} rs_heard;
/* A meter (with libebur128) of the frames of one stretch at a time. */
typedef struct rs_block_meter rs_block_meter;
/* rate: a multiple of 50 (whole samples in 20 ms), else ROSTRUM_EINVAL. */
int rs__block_meter_create(rs_block_meter **out, unsigned rate);
int rs__block_meter_add(rs_block_meter *m, const float *pcm, size_t count);
/* Hands what was heard to out (whose frames the caller frees); the meter
 * must not be used again but destroyed. */
void rs__block_meter_take(rs_block_meter *m, rs_heard *out);
void rs__block_meter_destroy(rs_block_meter *m);
/* Integrated loudness (LUFS) of the stream whose 20 ms frames these are,
 * by BS.1770's blocks and gates; -HUGE_VAL when all is silent. */
double rs__loudness_gated(const double *frames, size_t count);

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
    const rs_tag *tags;    /* TITLE, ARTIST, ... and CHAPTERnnn pairs */
    size_t tag_count;
} rs_encode_params;

typedef struct rs_encoder rs_encoder;
typedef struct rs_encoder_vtable {
    int (*write)(rs_encoder *e, const int16_t *pcm, size_t count);
    int (*finish)(rs_encoder *e);
    /* After finish: sets the final gain where the format stores it in a
     * header that can be rewritten; ROSTRUM_EUNSUPPORTED where it cannot. */
    int (*set_gain)(rs_encoder *e, double gain_db);
    /* After finish, when measuring: loudness and true peak of the output
     * (before the header gain, for Opus). */
    int (*result)(rs_encoder *e, double *lufs, double *true_peak_db);
    void (*destroy)(rs_encoder *e);
} rs_encoder_vtable;
struct rs_encoder {
    const rs_encoder_vtable *vt;
};

int rs__encoder_opus_create(rs_encoder **out, const rs_encode_params *p,
                            const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
int rs__encoder_sndfile_create(rs_encoder **out, rostrum_format format, const rs_encode_params *p,
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
} rs_stretch_stats;

typedef struct rs_stretch_options {
    const uint64_t *cuts;     /* input samples, multiples of 441, inside digital silence */
    size_t cut_count;
    int threads;
    const char *cache_dir;    /* packets of stretches already encoded, or NULL */
    rs_stretch_stats *stats;  /* filled by finish, or NULL */
} rs_stretch_options;

/* Ogg Opus encoded in stretches cut at the cuts, on several threads; see
 * encode_stretch.c. When p->tags is NULL the headers wait for
 * rs__encoder_stretch_tags, which must come before finish; stretches
 * encoded before then wait in a temporary file. */
int rs__encoder_stretch_create(rs_encoder **out, const rs_encode_params *p, const rs_stretch_options *options,
                               const rostrum_io *io, void *io_user, char *errmsg, size_t errmsg_size);
/* One more seam, after the last and not yet passed by what was written. */
int rs__encoder_stretch_cut(rs_encoder *e, uint64_t at);
/* Writes the headers with these tags (copied) and muxes what waited. */
int rs__encoder_stretch_tags(rs_encoder *e, const rs_tag *tags, size_t count);

/* The render cache (cache.c). get returns 1 and fills out on a valid hit. */
int rs__cache_get(const char *dir, const uint64_t key[2], rs_packets *out);
/* Any bytes under a kind (a letter, part of the entry's name) and a key: 1
 * and a copy in *data (the caller frees) on a valid hit; a damaged entry is
 * removed and is a miss. */
int rs__cache_get_bytes(const char *dir, char kind, const uint64_t key[2], unsigned char **data, size_t *len);
int rs__cache_put_bytes(const char *dir, char kind, const uint64_t key[2], const unsigned char *data, size_t len);
int rs__cache_put(const char *dir, const uint64_t key[2], const rs_packets *packets);
/* Removes the least recently used entries until the folder holds max_bytes. */
void rs__cache_trim(const char *dir, uint64_t max_bytes);
#define RS__FRAME_SAMPLES 441 /* one 20 ms Opus frame at RS__SAMPLE_RATE */
void rs__opus_versions(char *buf, size_t size);
const char *rs__sndfile_version(void);
/* "libebur128 1.2.6": the version of the libebur128 rostrum runs with. */
void rs__ebur128_version(char *buf, size_t size);

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

/* ---- atomic file output (output.c) ---- */
typedef struct rs_outfile {
    int fd;
    char *final_path;
    char *temp_path;
    int direct;     /* an existing device or pipe, written in place */
    int seekable;
} rs_outfile;

/* Creates a temporary file beside path (beside the file a symbolic link
 * points to); an existing device or FIFO is opened to be written in place. */
int rs__outfile_open(rs_outfile *o, const char *path, char *errmsg, size_t errmsg_size);
/* /dev/stdout, /dev/fd/N and the like: open files of the process. */
int rs__is_descriptor_path(const char *path);
/* Flushes, syncs and renames the temporary file over path. */
int rs__outfile_commit(rs_outfile *o, char *errmsg, size_t errmsg_size);
/* Removes the temporary file (after a failure). Safe to call twice. */
void rs__outfile_abandon(rs_outfile *o);
extern const rostrum_io rs__fd_io;

/* ---- manifest (manifest.c) ---- */
typedef struct rs_manifest_info {
    const char *input_name;
    const char *title;      /* as tagged: flags over front matter */
    const char *album;
    const rs_media *media;  /* intro and outro, or NULL */
    int part_chapters;      /* whether they open chapters of their own */
    const char *speaker;
    const char *date;
    const rs_document *doc;
    const char *source;     /* the input as loaded, for character offsets */
    size_t source_size;
    const rs_plan *plan;
    const rs_cast *cast;
    const struct rs_captions *captions; /* sentences and words, or NULL */
    const uint64_t *seams;  /* where encoding stretches meet, or NULL */
    size_t seam_count;
    const char *language;
    const char *voice;
    unsigned rate;
    uint64_t total_samples;
    double measured_lufs;
    double true_peak_db;
    double target_lufs;
    double gain_db;
    double output_lufs;
} rs_manifest_info;

int rs__manifest_json(rs_buf *out, const rs_manifest_info *m);
void rs__json_string(rs_buf *out, const char *s);

/* ---- captions (captions.c): sentences, cues, WebVTT and SubRip ---- */
#define RS__CAPTION_LINE 42       /* characters a caption line holds */
#define RS__CAPTION_MAX_MS 7000   /* a cue longer than this is split at a clause */

/* The sentences of a spoken text, as byte spans without the white space
 * around them: a sentence ends at . ! ? or an ellipsis (and the closing
 * quotes after it) before a space and a word that is not in lower case;
 * a full stop after a single letter ("L. G.", "I.C.C.") ends none. Returns
 * the count, (size_t)-1 when out of memory. Pure. */
size_t rs__split_sentences(const char *text, rs_span **out);
/* The bytes of text of the char_length code points from char_position. */
void rs__word_span(const char *text, size_t char_position, size_t char_length, rs_span *out);
/* The source bytes [start, end) as shown in a caption: markup and entities
 * gone, white space single. */
char *rs__caption_text(const char *source, size_t start, size_t end, const rs_norm_context *ctx);
/* text in one line, or two of at most width characters (code points) as
 * even as its spaces allow, else as many as it takes; '\n' between. The
 * first of two lines ends on a word that leans on the next ("the", "de")
 * only when no other break fits within a quarter of the text from its
 * middle; language (en, fr, es by the primary subtag; NULL: none) says
 * which words lean. */
char *rs__wrap_caption(const char *text, size_t width, const char *language);
/* HH:MM:SS.mmm (or with ',' for SubRip); the hours grow past 99. */
void rs__caption_time(uint64_t ms, char separator, char out[32]);

/* A word as espeak-ng spoke it: bytes of the spoken text, output sample. */
typedef struct rs_spoken_word {
    rs_span spoken;
    uint64_t start;
} rs_spoken_word;

/* One paragraph to caption: its text as written (the block's), as spoken
 * with the map between them (rs__normalize_mapped), and its words. */
typedef struct rs_caption_paragraph {
    size_t paragraph;               /* index of the plan's segment */
    const char *source;
    const char *spoken;
    const rs_span *map;
    const rs_spoken_word *words;
    size_t word_count;
    uint64_t end_sample;            /* where its speech ends */
    const char *voice;              /* the speaker, for a voice tag, or NULL */
    const rs_norm_context *display; /* its language */
} rs_caption_paragraph;

typedef struct rs_cue {
    uint64_t start, end;  /* output samples */
    char *text;           /* as shown, lines split by '\n' */
    const char *voice;    /* borrowed */
    size_t paragraph;
    size_t sentence;
    rs_span source;       /* bytes of the paragraph's source text */
} rs_cue;

typedef struct rs_caption_sentence {
    size_t paragraph;
    rs_span source;
    uint64_t start, end;
    size_t first_word, word_count;
    size_t first_cue, cue_count;
} rs_caption_sentence;

typedef struct rs_caption_word {
    size_t paragraph;
    rs_span source;
    uint64_t start, end;
} rs_caption_word;

typedef struct rs_captions rs_captions;
struct rs_captions {
    rs_cue *cues;
    size_t cue_count, cue_cap;
    rs_caption_sentence *sentences;
    size_t sentence_count, sentence_cap;
    rs_caption_word *words;
    size_t word_count, word_cap;
};

/* Adds a paragraph's sentences, words and cues (a sentence longer than two
 * lines or RS__CAPTION_MAX_MS is split at clauses). Paragraphs in order. */
int rs__captions_add_paragraph(rs_captions *c, const rs_caption_paragraph *p);
/* Ends every cue before the next one starts; sets the sentences' times. */
void rs__captions_finish(rs_captions *c);
void rs__captions_free(rs_captions *c);
int rs__captions_vtt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate);
int rs__captions_srt(rs_buf *out, const rs_cue *cues, size_t count, unsigned rate);

/* ---- the listening page (page.c) ---- */
typedef struct rs_page_info {
    const char *title;          /* may be NULL */
    const char *speaker;        /* may be NULL */
    const char *language;
    const char *audio_name;     /* file names relative to the page */
    const char *captions_name;
    const char *chapters_name;
    const rs_plan *plan;
    const char *const *paragraph_languages; /* per segment: its language where it is not the page's, or NULL */
    const rs_cue *chapters;     /* text: the chapter's name */
    size_t chapter_count;
    const rs_captions *captions;
    unsigned rate;
} rs_page_info;

/* One self-contained HTML page: the audio with its caption and chapter
 * tracks, the chapter list and the transcript, every cue a span with its
 * times, highlighted while it is spoken. Pure. */
int rs__page_html(rs_buf *out, const rs_page_info *page);

/* ---- small helpers ---- */
void rs__set_error(char *errmsg, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
