/* Shared by the HTML reader's files: html.c walks the page and collects
 * each block's text with the styles it was written in; html_blocks.c says
 * what a block is (a heading, a speaker's turn, a direction, furniture) and
 * puts it into the document. Private. */
#ifndef ROSTRUM_HTML_INTERNAL_H
#define ROSTRUM_HTML_INTERNAL_H

#include "input/xml.h"

/* How deep the text being walked is inside each style. */
typedef struct html_style {
    int bold, italic, link, pre;
} html_style;

/* The block being collected: its text as written (line ends kept only from
 * <pre> and <br>), where its first bold run lies, and whether all of it was
 * in italics, in bold or in links. */
typedef struct html_block {
    rs_buf text;
    size_t line;
    int heading; /* 1..6 for <h1>..<h6>, else 0 */
    int has_text;
    int all_italic, all_bold, all_link;
    int bold_started, bold_done;
    size_t bold_start, bold_end;
} html_block;

typedef struct html_reader {
    rs_document *doc;
    int counting;          /* the first pass: counts recurring lines, writes nothing */
    int failed;            /* out of memory */
    html_block block;
    const char *lang;      /* the lang attribute of the nearest element that has one */
    rs_hashset heads_once, heads_twice, heads_often; /* running heads, by their letters */
    /* weak labels ("ГОЛОВА. ..."), turns only when they recur, as in text */
    rs_hashset weak_once, weak_twice;
    size_t titled_weak;
    /* each paragraph's key and marks, in the order both passes meet them:
     * the first pass fills them, rs__html_mark_furniture decides, the
     * second pass reads them (each has its own room: rs__grow gives a
     * byte array more to start with) */
    uint64_t *keys;
    unsigned char *marks;
    size_t key_cap, mark_cap;
    size_t paragraph_count, next_paragraph;
    char *time;            /* a time the record gave, for the next statement */
    int after_furniture;   /* a column number came since the last paragraph */
    int in_division;       /* inside a division list */
} html_reader;

/* s (n bytes) with its runs of white space (U+00A0 too) made one space,
 * trimmed; a byte that is not UTF-8 (a page that lies about its encoding
 * passes them through libxml2) becomes U+FFFD. NULL when out of memory. */
char *rs__html_clean(const char *s, size_t n);

/* After the counting pass: marks the paragraphs that are running heads,
 * and the catchwords beside them. 0 or ROSTRUM_ENOMEM. */
int rs__html_mark_furniture(html_reader *r);

/* Ends the open block: puts it into the document (or, on the counting
 * pass, counts it) and opens an empty one. */
void rs__html_flush(html_reader *r);

#endif
