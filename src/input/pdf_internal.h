/* Shared by the PDF reader's files: pdf.c reads a PDF's pages into lines
 * through poppler, pdf_layout.c rebuilds the layout from them. Private. */
#ifndef ROSTRUM_PDF_INTERNAL_H
#define ROSTRUM_PDF_INTERNAL_H

#include <stddef.h>

#include "input/input.h"

typedef enum { PDF_BODY = 0, PDF_FURNITURE, PDF_FOOTNOTE } pdf_line_kind;

/* One line of a page as poppler reads it: its text cleaned for speaking and
 * the box around its glyphs, in points from the top left of the page. */
typedef struct pdf_line {
    char *text;
    size_t len;
    double x0, y0, x1, y1;
    double height;      /* median glyph height: the font size, near enough */
    double char_width;  /* mean advance of its glyphs */
    double page_height;
    size_t page;        /* 1-based */
    size_t number;      /* 1-based over the document */
    int rtl;            /* most of its letters are Arabic or Hebrew */
    pdf_line_kind kind;
    const char *why;    /* for furniture and footnotes */
    double col_left, col_right; /* the column it stands in */
} pdf_line;

typedef struct pdf_lines {
    pdf_line *items;
    size_t count, cap;
} pdf_lines;

/* The median of values (sorted in place), 0 for none. */
double rs__pdf_median(double *values, size_t count);

/* Marks running heads and feet and page numbers as furniture. */
int rs__pdf_mark_furniture(pdf_lines *lines, size_t page_count);
/* Puts the lines of multi-column pages in reading order. */
int rs__pdf_order_columns(pdf_lines *lines);
/* Builds the document's blocks from the lines (footnotes, columns,
 * paragraphs, hyphens). */
int rs__pdf_build(rs_document *doc, pdf_lines *lines);

#endif
