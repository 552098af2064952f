/* The text stage: speaker turns, statements, lexicons, the normalizer and
 * the planner; every function here is pure. Private. */
#ifndef ROSTRUM_TEXT_H
#define ROSTRUM_TEXT_H

#include "input/input.h"

/* ---- statements (statements.c) ---- */
/* Finds the statements of a read document: headings at the statement
 * level, speaker turns (whose labels leave the spoken text). */
int rs__find_statements(rs_document *doc);
/* Frees what one statement owns (its strings), not the statement. */
void rs__statement_free(rs_statement *s);
void rs__statements_free(rs_document *doc);

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
/* Adds one entry (copied) as a parsed line would: written = spoken, with
 * source ("file:line") named in explanations; a later entry replaces one
 * of the same written form. Returns 0 or ROSTRUM_ENOMEM. */
int rs__lexicon_add(rs_lexicon *lex, const char *written, const char *spoken, const char *source);
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
    int summary_only;       /* keep no items, only the summary below */
    /* letters dropped because the voice's language is not written in
     * their script: how many, the first one's offset and its script */
    size_t foreign_letters;
    size_t foreign_first;
    int foreign_script;
} rs_change_list;

void rs__changes_free(rs_change_list *list);

/* Returns a newly allocated speakable form of one block's text, or NULL when
 * out of memory; records every change in changes when it is not NULL. The
 * result may be empty. Pure. */
char *rs__normalize(const char *text, const rs_norm_context *ctx, rs_change_list *changes);
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

/* A block that lost letters to the foreign-script rule. */
typedef struct rs_plan_drop {
    size_t block;
    size_t line;       /* of the first letter dropped */
    size_t letters;
    int script;        /* of the first letter dropped (ICU's numbering) */
} rs_plan_drop;

typedef struct rs_plan {
    rs_segment *segments;
    size_t count;
    size_t chapter_count;
    size_t chapters_dropped;
    struct rs_plan_drop *drops; /* blocks whose letters of another script were not spoken */
    size_t drop_count, drop_cap;
    char **statement_names;  /* per statement in a transcript ("Mr Lever"), else NULL */
    size_t statement_count;
} rs_plan;

typedef struct rs_plan_options {
    rostrum_chapters chapters;
    size_t max_chapters;
    int explain;   /* keep the normalizer's changes */
    int announce;  /* say who speaks before a speaker's statement */
    /* per block, the context of a block in a language other than its
     * statement's; NULL (or a NULL entry): the statement's */
    const rs_norm_context *const *block_contexts;
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

/* Whether a paragraph is a line of the record about the sitting itself
 * ("The meeting rose at 9.15 p.m.", "La séance est levée à 13 h 5.",
 * "Заседание закрывается в 13 ч. 05 м.", "下午1时散会。") or what it
 * decided ("Debate concluded.", "Motion agreed to."): the record's, not
 * the last speaker's. Pure. */
int rs__is_procedural_line(const char *text, size_t len);

/* What the chair is called when the record names no one: "The Chair",
 * "La Presidencia", "Головуючий", by the primary subtag of lang; English
 * for a language without a name listed in turns.c, or lang NULL. Pure. */
const char *rs__chair_name(const char *lang);

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


/* ---- number words (spellout.c) ---- */
/* value in words by ICU's rule set ("%spellout-ordinal-masculine-locative")
 * for locale ("ru"); a new string, or NULL when ICU has no such rule set. */
char *rs__spellout(const char *locale, const char *ruleset, long long value);
/* rs__spellout of a decimal number written with a dot ("12.5"); Ukrainian
 * and Polish ordinals come from rostrum's own rule texts. */
char *rs__spellout_decimal(const char *locale, const char *ruleset, const char *number);

/* ---- language identification (identify.c) ---- */
typedef struct rs_identifier rs_identifier;
/* An identifier reading libexttextcat's fingerprints from dir (NULL: the
 * folder found at build time); NULL when out of memory. A missing
 * fingerprint leaves its language out. */
rs_identifier *rs__identifier_create(const char *dir);
void rs__identifier_destroy(rs_identifier *id);
/* Whether identification can find tag's language (then espeak-ng speaks
 * it: every language found has a voice). */
int rs__identify_offers(const char *tag);

#define RS_CENSUS_SCRIPTS 6
/* The letters of a text by script (ICU's USCRIPT_* numbers), and the
 * script most of them are in. */
typedef struct rs_script_census {
    int scripts[RS_CENSUS_SCRIPTS];
    size_t counts[RS_CENSUS_SCRIPTS];
    size_t count;
    size_t letters;        /* letters in any script */
    size_t kana;           /* of them Hiragana or Katakana */
    int script;            /* the script of most letters, RS_SCRIPT_COMMON if none */
    size_t script_letters; /* its letters */
} rs_script_census;
void rs__script_census(const char *text, size_t len, rs_script_census *out);

/* The language text is in ("ar", "zh", "fr"), or NULL when it cannot be
 * told (too short, too close a call): by script, then by the fingerprints
 * of the script's languages (id may be NULL: script alone). prefer, the
 * language the text is expected in, is returned when it is as likely as
 * the best, and NULL when the call is unsure and prefer writes the text's
 * script. */
const char *rs__identify(rs_identifier *id, const char *text, size_t len, const char *prefer);

/* Identifies what the document does not label: each statement without a
 * language of its own, and the document's language unless given (given is
 * the language or voice the options or front matter name, else NULL). A
 * statement found in the document's language keeps the document's voice.
 * 0 or ROSTRUM_ENOMEM. */
int rs__identify_document(rs_document *doc, rs_identifier *id, const char *given);

#endif
