/* PDFs written for the tests with cairo: a three-page statement laid out as
 * published (running head, page numbers, a split word, a footnote, two
 * columns, Arabic) and a scan (an image without text). */
#ifndef ROSTRUM_PDF_SAMPLES_H
#define ROSTRUM_PDF_SAMPLES_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <string.h>

#define SAMPLE_FONT "DejaVu Sans"

static void text_at(cairo_t *cr, double x, double y, double size, const char *text)
{
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text);
}

/* Right-to-left text is written as PDF producers write it: the glyphs in
 * visual order, left to right (the last letter leftmost), ending at the
 * right edge; the reader must give the letters back in logical order. */
static void rtl_text_at(cairo_t *cr, double right, double y, double size, const char *text)
{
    char visual[512];
    size_t len = strlen(text), i = 0;
    cairo_text_extents_t ext;
    if (len >= sizeof visual)
        return;
    while (i < len) {
        size_t n = 1;
        while (i + n < len && (text[i + n] & 0xC0) == 0x80)
            n++;
        memcpy(visual + len - i - n, text + i, n);
        i += n;
    }
    visual[len] = '\0';
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, visual, &ext);
    cairo_move_to(cr, right - ext.x_advance, y);
    cairo_show_text(cr, visual);
}

static void furniture(cairo_t *cr, int page)
{
    char number[8];
    text_at(cr, 72, 40, 9, "A/79/PV.99    General Assembly    26/09/2024");
    snprintf(number, sizeof number, "%d", page);
    text_at(cr, 295, 810, 9, number);
    text_at(cr, 72, 825, 8, "24-12345");
}

/* The statement: what test_pdf.c checks, page by page. */
static void draw_statement(cairo_surface_t *surface)
{
    cairo_t *cr = cairo_create(surface);
    double y;
    cairo_select_font_face(cr, SAMPLE_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0, 0, 0);

    /* page 1: a heading, two paragraphs, a split word, a compound, a footnote */
    furniture(cr, 1);
    text_at(cr, 72, 90, 16, "Statement of the Delegation");
    y = 130;
    text_at(cr, 72, y, 11, "Mr. President, we come to this Assembly in a spirit of co-");
    text_at(cr, 72, y += 14, 11, "operation, and we thank the Secretariat for the careful prepa-");
    text_at(cr, 72, y += 14, 11, "ration of this session, which gives every delegation its voice.");
    {
        cairo_text_extents_t ext;
        cairo_set_font_size(cr, 11);
        cairo_text_extents(cr, "Our debate matters to all of the peoples of the world", &ext);
        text_at(cr, 72, y += 14, 11, "Our debate matters to all of the peoples of the world");
        text_at(cr, 72 + ext.x_advance + 1, y - 4, 6, "1");
    }
    text_at(cr, 72, y += 14, 11, "and to those who will come after them.");
    y += 10;
    text_at(cr, 90, y += 14, 11, "The second paragraph opens with an indent and runs over two");
    text_at(cr, 72, y += 14, 11, "lines before it ends here.");
    text_at(cr, 72, 770, 8, "1 A footnote that is not read aloud.");
    cairo_show_page(cr);

    /* page 2: two columns */
    furniture(cr, 2);
    y = 90;
    text_at(cr, 72, y, 11, "The left column begins the");
    text_at(cr, 72, y += 14, 11, "argument and carries it on");
    text_at(cr, 72, y += 14, 11, "down the page to its end.");
    y = 90;
    text_at(cr, 320, y, 11, "The right column is read");
    text_at(cr, 320, y += 14, 11, "after the left one, line by");
    text_at(cr, 320, y += 14, 11, "line, in its own order.");
    cairo_show_page(cr);

    /* page 3: Arabic, right to left */
    furniture(cr, 3);
    rtl_text_at(cr, 523, 90, 12, "شكرا السيد الرئيس على هذه الكلمة.");
    cairo_show_page(cr);
    cairo_destroy(cr);
}

/* A page that holds only an image, as a scanner writes it. */
static void draw_scan(cairo_surface_t *surface)
{
    cairo_t *cr = cairo_create(surface);
    cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
    cairo_t *ic = cairo_create(image);
    cairo_set_source_rgb(ic, 1, 1, 1);
    cairo_paint(ic);
    cairo_set_source_rgb(ic, 0, 0, 0);
    cairo_rectangle(ic, 8, 8, 48, 4);
    cairo_fill(ic);
    cairo_destroy(ic);
    cairo_set_source_surface(cr, image, 72, 72);
    cairo_paint(cr);
    cairo_show_page(cr);
    cairo_surface_destroy(image);
    cairo_destroy(cr);
}

#endif
