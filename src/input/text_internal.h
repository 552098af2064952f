/* Shared by the text reader's files: text.c splits the input into lines and
 * builds the blocks, layout.c says where paragraphs break. Private. */
#ifndef ROSTRUM_TEXT_INTERNAL_H
#define ROSTRUM_TEXT_INTERNAL_H

#include "input/input.h"

typedef enum {
    LINE_BLANK = 0,
    LINE_TEXT,
    LINE_HEADING,
    LINE_BREAK,      /* thematic break, table rule, link definition, fence: not spoken */
    LINE_BULLET,
    LINE_ORDERED,
    LINE_SETEXT1,    /* "===" under a line */
    LINE_SETEXT2,    /* "---" under a line */
    LINE_FURNITURE   /* page furniture of a published record, and blank lines around it */
} line_kind;

typedef struct line_info {
    const char *start;   /* content after markers, trimmed */
    size_t len;
    size_t number;       /* 1-based */
    size_t offset;       /* byte offset of the raw line */
    size_t indent;       /* leading spaces of the raw line (tab = 4) */
    size_t width;        /* code points of the trimmed raw line */
    line_kind kind;
    int level;           /* heading level */
    size_t item;         /* an ordered item's number ("12." 12), and the bytes */
    size_t marker;       /* of its marker before start */
    int quoted;          /* inside a block quote */
} line_info;

typedef struct reader {
    rs_document *doc;
    const rs_hashset *words;
    rs_buf current;      /* text of the block being built */
    rs_block_lines lines; /* its source lines */
    const char *text_base; /* the input as split into lines, and the bytes skipped before it */
    size_t base_offset;
    size_t current_line;
    size_t current_offset;
    int current_open;
    int current_is_list;
    const line_info *last_line; /* last line appended to the open block */
} reader;

static inline int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* ---- layout.c ---- */

/* The last character of s that is not closing markup or a closing quote
 * ('.' for an ellipsis), or '\0'. */
char rs__last_meaningful(const char *s, size_t len);
/* Whether s ends a sentence: . ! ? : or ; before closing marks. */
int rs__ends_sentence(const char *s, size_t len);
/* Whether a line is page furniture by its form alone: page and job
 * numbers, document symbols with dates, placeholders. */
int rs__is_furniture(const char *s, size_t len);
/* Marks running headers as furniture with the blank lines around it,
 * keeps the furniture lines in doc->removed, and sets doc->layout: the
 * layout detected, unless mode says otherwise. width is the wrap width of
 * a wrapped layout. */
int rs__find_layout(rs_document *doc, line_info *lines, size_t count, rostrum_paragraphs mode, size_t *width);
/* Whether the furniture at lines[at] ends the open paragraph. */
int rs__furniture_ends_paragraph(const reader *r, const line_info *lines, size_t at, size_t count);
/* Whether a text line continues the open paragraph under the layout. */
int rs__continues_paragraph(const reader *r, const line_info *l, rs_layout layout, size_t width);
/* Collects the words of the text lines, for rs__join_line's hyphens. */
int rs__word_set_build(rs_hashset *set, const line_info *lines, size_t count);
/* Ends the open block's text where line l joins it: a space, or nothing
 * after a line-end hyphen, which is dropped inside a word. */
int rs__join_line(reader *r, const line_info *l);

#endif
