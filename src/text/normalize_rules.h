/* Shared by the normalizer's files (normalize.c, numbers.c): the state of
 * one normalization and the rules of each language. Private. */
#ifndef ROSTRUM_NORMALIZE_RULES_H
#define ROSTRUM_NORMALIZE_RULES_H

#include "text/text.h"

typedef enum {
    RS_LANG_OTHER = 0,
    RS_LANG_EN,
    RS_LANG_FR,
    RS_LANG_ES,
    /* number rules only (numbers.c); their words are left as written */
    RS_LANG_RU,
    RS_LANG_UK,
    RS_LANG_DE,
    RS_LANG_PT,
    RS_LANG_IT,
    RS_LANG_PL,
    RS_LANG_TR,
    RS_LANG_NL,
    RS_LANG_ZH,
    RS_LANG_AR,
    RS_LANG_COUNT
} rs_lang_id;

typedef struct rs_lang_rules {
    rs_lang_id id;
    const char *word_and;      /* &amp; */
    const char *word_number;   /* #5 */
    const char *word_to;       /* ranges: 2016-2020 */
    const char *per_cent;
    char group_separator;      /* thousands: ',' (en) or '.' (es, fr) */
    int group_space;           /* 1: a space or no-break space groups thousands; 2: a no-break one only */
    char decimal_mark;
    const char *const *months; /* twelve names, lowercase where the language writes them so */
    const char *scale_of;      /* "de" after a scale word before a currency (fr, es) */
    const char *subparagraph;  /* 7(1): article 7, paragraph 1 */
    const char *locale;        /* ICU's locale for number words; NULL: the language's own tag (zh-Hant, yue) */
    int numbers_only;          /* only the number rules: no acronyms, no foreign letters */
    int group_apostrophe;      /* 1'000 and 1’000 group thousands (Swiss usage) */
} rs_lang_rules;

typedef struct rs_norm {
    const char *text;
    size_t len;
    const rs_norm_context *ctx;
    const rs_lang_rules *lang;
    rs_buf out;
    rs_change_list *changes;
    int home_script;           /* the script of the language (see normalize.c) */
    int space_groups;          /* the language groups thousands with spaces: 21 000 */
    size_t caps_until;         /* end of the sentence whose capitals were judged */
    int caps_sentence;         /* that sentence is set in capitals */
    int failed;
    int phonemes_ok;           /* what is emitted now may hold "[[" (a lexicon's phonemes) */
    int map_wanted;            /* keep where each output byte came from */
    rs_span *map;              /* per output byte: the text's bytes it came from */
    size_t map_cap, mapped;    /* room, and output bytes noted so far */
} rs_norm;

/* Appends text to the output. */
void rs__norm_emit(rs_norm *n, const char *s, size_t len);
/* Replaces the source bytes [start, end) by spoken, recording the change. */
void rs__norm_change(rs_norm *n, size_t start, size_t end, const char *spoken, const char *rule);
/* rs__norm_change with text built in a buffer, which it frees; returns
 * end - start, the bytes consumed. */
size_t rs__norm_change_buf(rs_norm *n, size_t start, size_t end, rs_buf *spoken, const char *rule);
/* Numbers, dates, currencies, percentages, ranges, ordinals and units at
 * pos; returns the source bytes consumed, 0 when no rule applies. */
size_t rs__norm_number(rs_norm *n, size_t pos);
/* A French ordinal or Roman-numeral ordinal such as "XIXe" at pos (a word
 * start); returns the bytes consumed or 0. */
size_t rs__norm_roman(rs_norm *n, size_t pos);
/* The value of a Roman numeral of len bytes, or 0 if it is not one. */
unsigned rs__roman_value(const char *s, size_t len);
/* Writes the French ordinal of value (1 -> premier/première). */
void rs__fr_ordinal(unsigned value, int feminine, rs_buf *out);

/* The value of len decimal digits (no overflow check beyond 9 digits). */
unsigned long rs__digits_value(const char *s, size_t len);

#endif
