/* The speech stage: voice presets, the cast of every statement, and
 * synthesis with libespeak-ng (only synth.c includes it). Private. */
#ifndef ROSTRUM_SPEECH_H
#define ROSTRUM_SPEECH_H

#include "text/text.h"

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
    rs_digest digest; /* of the file's text, for the render key */
} rs_preset;

typedef struct rs_preset_list {
    rs_preset *items;
    size_t count, cap;
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

/* ---- IPA to espeak-ng phonemes (phonemes.c) ---- */
/* Appends to out the espeak-ng phoneme names of an IPA string, as the
 * voices of language (may be NULL) name them. Returns 0, or
 * ROSTRUM_EINPUT with the byte offset and length of the first symbol it
 * cannot map. Pure. */
int rs__ipa_to_espeak(const char *language, const char *ipa, rs_buf *out, size_t *bad_offset, size_t *bad_length);

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
/* For each of count language tags, whether an espeak-ng voice speaks it
 * (its primary subtag is enough): speaks[i] 1 or 0. 0, or a negative code
 * when espeak-ng cannot start. */
int rs__synth_speaks(const char *const *languages, size_t count, int *speaks);
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
    int has_preset;           /* chosen from a preset, whose text preset_digest is */
    rs_digest preset_digest;
} rs_voice_slot;

typedef struct rs_map_entry {
    char *key;                /* speaker, delegation or heading */
    char *voice;
    char *lang;
    size_t line;
} rs_map_entry;

typedef struct rs_cast {
    rs_voice_slot *slots;     /* slots[0] is the document's voice */
    size_t count, slot_cap;
    size_t *statement_voice;  /* slot of each statement */
    size_t *block_voice;      /* slot of each block: its statement's, or its own language's */
    rs_map_entry *map;
    size_t map_count, map_cap;
    rs_digest sources;        /* every file read, in order: what it is and its text (voice map,
                                 lexicons), for the render key */
    char **notes;             /* what a lexicon could not give as written ("file:line: ..."), once each */
    size_t note_count, note_cap;
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

/* Picks every statement's and block's voice and loads the lexicons. On failure returns
 * a negative code with "file:line: cause" in errmsg; free the cast anyway. */
int rs__cast_build(rs_cast *cast, const rs_document *doc, const rs_cast_params *params, char *errmsg,
                   size_t errmsg_size);
void rs__cast_free(rs_cast *cast);
/* Adds the entries of a voice map's text (which it cuts up in place) to
 * cast->map. Pure; exposed for the fuzz target. */
int rs__voice_map_parse(rs_cast *cast, const char *name, char *text, char *errmsg, size_t errmsg_size);

/* ---- speaking and calibration (speech_cache.c, calibrate.c) ---- */
/* Speaks text with the selected voice (choice), through the speech cache
 * in cache_dir (NULL: none); see speech_cache.c. */
int rs__speak(const char *cache_dir, const rs_voice_choice *choice, const char *text, rs_pcm_sink sink, void *user,
              rs_synth_event_fn on_event, void *event_user, char *errmsg, size_t errmsg_size);
/* What calibration found: the level every voice meets (LUFS), and the
 * calibration text as the quietest voice read it, to see what the limiter
 * will take from speech at that level. */
typedef struct rs_calibration {
    double lufs;
    int16_t *speech;
    size_t count, cap;
} rs_calibration;
/* Matches the level of every voice the plan uses (slot level_db) and fills
 * *out (freed with rs__calibration_free); see calibrate.c. */
int rs__calibrate_voices(rs_cast *cast, const rs_plan *plan, const char *cache_dir, rs_calibration *out,
                         char *errmsg, size_t errmsg_size);
void rs__calibration_free(rs_calibration *c);

#endif
