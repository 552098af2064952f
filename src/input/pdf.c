/* The PDF reader: a PDF's text layer in through poppler-glib, read into lines
 * with the box around their glyphs; pdf_layout.c rebuilds the layout from them. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>
#include <utf8proc.h>

#include "input/input.h"
#include "input/pdf_internal.h"
#include "text/text.h"

/* poppler-glib is loaded when a PDF is first read, not when rostrum
 * starts: it brings in some forty libraries (NSS, cairo, GLib, the image
 * codecs), about 30 ms of processor time at every start of a process that
 * most often reads no PDF. The header gives the types; GLib's functions
 * come from poppler-glib's own dependencies. */
#define PDF_FUNCTIONS(X) \
    X(g_bytes_new_static) \
    X(g_bytes_unref) \
    X(g_error_free) \
    X(g_free) \
    X(g_log_set_handler) \
    X(g_object_unref) \
    X(poppler_document_get_n_pages) \
    X(poppler_document_get_page) \
    X(poppler_document_new_from_bytes) \
    X(poppler_error_quark) \
    X(poppler_page_free_image_mapping) \
    X(poppler_page_get_image_mapping) \
    X(poppler_page_get_size) \
    X(poppler_page_get_text) \
    X(poppler_page_get_text_layout)

static struct {
#define PDF_SLOT(name) __typeof__(&name) name;
    PDF_FUNCTIONS(PDF_SLOT)
#undef PDF_SLOT
} pp;

static const rs_dl_function pp_functions[] = {
#define PDF_ENTRY(name) {#name, &pp.name},
    PDF_FUNCTIONS(PDF_ENTRY)
#undef PDF_ENTRY
};

static pthread_once_t pp_once = PTHREAD_ONCE_INIT;
static char pp_failure[256] = "not loaded"; /* empty once loaded */

typedef struct glyph {
    uint32_t cp;
    PopplerRectangle box;
    int after_control; /* a bidi control stood before it in poppler's text */
} glyph;

/* Poppler reports what it cannot parse through GLib's log under its own
 * domain; the library never prints, so those messages are dropped (the
 * reader reports failures through its return code). */
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)user;
}

static void pp_load_once(void)
{
    if (rs__dl_load(ROSTRUM_POPPLER_SONAME, pp_functions, sizeof pp_functions / sizeof pp_functions[0], pp_failure,
                    sizeof pp_failure) != 0)
        return;
    pp.g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
                         quiet_log, NULL);
    pp_failure[0] = '\0';
}

/* Marks of the Unicode bidirectional algorithm that poppler writes around
 * right-to-left runs; they have no glyph and are not spoken. */
static int is_bidi_control(uint32_t cp)
{
    return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int is_rtl_letter(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rs__pdf_median(double *values, size_t count)
{
    if (count == 0)
        return 0;
    qsort(values, count, sizeof *values, cmp_double);
    return values[count / 2];
}

static int is_marker_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || cp == '*' || cp == 0x2020 || cp == 0x2021;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0x202F;
}

/* The box around a line's glyphs, their summed advance, and its letters by
 * direction. */
typedef struct line_box {
    double x0, y0, x1, y1, advance;
    size_t rtl, ltr;
} line_box;

/* The median height and the median bottom (the baseline) of a line's solid
 * glyphs, spaces aside. */
static int measure_line(const glyph *glyphs, size_t count, size_t solid, double *line_height, double *baseline)
{
    double *heights = rs__malloc(solid * sizeof *heights);
    double *bottoms = rs__malloc(solid * sizeof *bottoms);
    size_t i;
    int rc = ROSTRUM_ENOMEM;

    if (heights && bottoms) {
        solid = 0;
        for (i = 0; i < count; i++) {
            const PopplerRectangle *b = &glyphs[i].box;
            if (is_space_cp(glyphs[i].cp))
                continue;
            heights[solid] = b->y2 - b->y1;
            bottoms[solid++] = b->y2;
        }
        *line_height = rs__pdf_median(heights, solid);
        *baseline = rs__pdf_median(bottoms, solid);
        rc = 0;
    }
    rs__free(heights);
    rs__free(bottoms);
    return rc;
}

/* Where a run of small raised digits after a word, from glyph i on, ends (a
 * footnote marker, left out), or 0 when none starts there (a line that opens
 * with one is a footnote's own). */
static size_t marker_end(const glyph *glyphs, size_t count, size_t i, double line_height, double baseline)
{
    size_t j = i;
    int small = 1;
    while (j < count && is_marker_cp(glyphs[j].cp)) {
        const PopplerRectangle *b = &glyphs[j].box;
        if (b->y2 - b->y1 > 0.8 * line_height || b->y2 > baseline - 0.2 * line_height)
            small = 0;
        j++;
    }
    return small && !is_marker_cp(glyphs[i - 1].cp) ? j : 0;
}

/* Whether the glyphs either side of the bidi control before glyph i stand
 * apart as a word space does. */
static int runs_apart(const glyph *glyphs, size_t i, double line_height)
{
    const PopplerRectangle *a = &glyphs[i - 1].box, *b = &glyphs[i].box;
    double gap = fmax(a->x1 - b->x2, b->x1 - a->x2);
    /* measured on Word's Arabic PDFs: poppler's boxes there put
     * the glyphs either side of a word space 1.4 to 3.5 line
     * heights apart, and those of one word split into two runs
     * closer than 1.2 */
    return gap > 1.25 * line_height;
}

/* Writes a line's text from its glyphs (markers left out, spaces between
 * runs put in) and measures the box around what it kept. */
static void spell_line(const glyph *glyphs, size_t count, double line_height, double baseline, rs_buf *text,
                       line_box *box)
{
    size_t i;
    for (i = 0; i < count; i++) {
        const glyph *g = &glyphs[i];
        char utf8[4];
        if (is_space_cp(g->cp)) {
            if (text->len > 0 && text->data[text->len - 1] != ' ')
                rs__buf_putc(text, ' ');
            continue;
        }
        if (is_marker_cp(g->cp) && text->len > 0 && line_height > 0) {
            size_t end = marker_end(glyphs, count, i, line_height, baseline);
            if (end) {
                while (text->len > 0 && text->data[text->len - 1] == ' ')
                    text->len--;
                i = end - 1;
                continue;
            }
        }
        if (g->after_control && i > 0 && !is_space_cp(glyphs[i - 1].cp) && text->len > 0 &&
            text->data[text->len - 1] != ' ' && runs_apart(glyphs, i, line_height))
            rs__buf_putc(text, ' ');
        box->rtl += is_rtl_letter(g->cp);
        box->ltr += g->cp < 0x0590 && rs__cp_is_letter(g->cp);
        rs__buf_append(text, utf8, rs__utf8_encode(g->cp, utf8));
        box->x0 = fmin(box->x0, g->box.x1);
        box->y0 = fmin(box->y0, g->box.y1);
        box->x1 = fmax(box->x1, g->box.x2);
        box->y1 = fmax(box->y1, g->box.y2);
        box->advance += g->box.x2 - g->box.x1;
    }
    while (text->len > 0 && text->data[text->len - 1] == ' ')
        text->len--;
}

/* Appends a line made of proto and its normalized text, numbered next. */
static int add_line(pdf_lines *lines, const char *normal, const pdf_line *proto, size_t *number)
{
    pdf_line *line;
    if (rs__grow(&lines->items, &lines->cap, lines->count + 1, sizeof *lines->items) != 0)
        return ROSTRUM_ENOMEM;
    line = &lines->items[lines->count];
    *line = *proto;
    line->text = rs__strdup(normal);
    if (!line->text)
        return ROSTRUM_ENOMEM;
    line->len = strlen(line->text);
    line->number = ++*number;
    lines->count++;
    return 0;
}

/* Builds one line from its glyphs: footnote markers (digits set small and
 * raised above the line's baseline, right after a word) are left out; a
 * space goes where poppler closed one right-to-left run and opened the next
 * without one although the glyphs stand apart; compatibility forms (Arabic
 * presentation forms, ligatures such as "fi") become the letters they show
 * (NFKC). */
static int finish_line(pdf_lines *lines, const glyph *glyphs, size_t count, size_t page, double page_height,
                       size_t *number)
{
    double line_height = 0, baseline = 0;
    line_box box = {1e30, 1e30, -1e30, -1e30, 0, 0, 0};
    size_t i, solid = 0;
    rs_buf text = {0};
    pdf_line proto;
    utf8proc_uint8_t *normal = NULL;
    int rc;

    for (i = 0; i < count; i++)
        solid += !is_space_cp(glyphs[i].cp);
    if (solid == 0)
        return 0;
    rc = measure_line(glyphs, count, solid, &line_height, &baseline);
    if (rc)
        return rc;
    spell_line(glyphs, count, line_height, baseline, &text, &box);
    rc = ROSTRUM_ENOMEM;
    if (text.failed)
        goto done;
    rc = 0;
    if (text.len == 0)
        goto done;
    rc = ROSTRUM_ENOMEM;
    if (rs__buf_putc(&text, '\0') != 0)
        goto done;
    if (utf8proc_map((const utf8proc_uint8_t *)text.data, 0, &normal,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT) < 0)
        goto done;
    memset(&proto, 0, sizeof proto);
    proto.x0 = box.x0;
    proto.y0 = box.y0;
    proto.x1 = box.x1;
    proto.y1 = box.y1;
    proto.height = line_height;
    proto.char_width = box.advance / (double)solid;
    proto.page = page;
    proto.page_height = page_height;
    proto.rtl = box.rtl > box.ltr;
    rc = add_line(lines, (const char *)normal, &proto, number);
done:
    free(normal);
    rs__buf_free(&text);
    return rc;
}

/* Splits a page's text into lines, pairing each glyph with its box (poppler
 * gives one box per character of its text, the bidi controls excepted). */
static int read_page(pdf_lines *lines, PopplerPage *page, size_t page_number, size_t *number)
{
    char *text = pp.poppler_page_get_text(page);
    PopplerRectangle *boxes = NULL;
    guint box_count = 0, k = 0;
    glyph *glyphs = NULL;
    size_t count = 0, cap = 0;
    double width, height;
    const char *p, *next;
    int after_control = 0, rc = 0;

    pp.poppler_page_get_size(page, &width, &height);
    if (!text)
        return 0;
    if (!pp.poppler_page_get_text_layout(page, &boxes, &box_count))
        box_count = 0;
    for (p = text;; p = next) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = *p ? utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp) : 0;
        if (n < 0)
            break; /* poppler writes UTF-8; stop at anything else */
        next = p + n;
        if (cp == 0 || cp == '\n') {
            rc = finish_line(lines, glyphs, count, page_number, height, number);
            count = 0;
            after_control = 0;
            k++;
            if (rc || cp == 0)
                break;
            continue;
        }
        if (is_bidi_control(cp)) {
            after_control = 1;
            continue;
        }
        if (k >= box_count)
            break; /* no box: nothing to place it by */
        if (rs__grow(&glyphs, &cap, count + 1, sizeof *glyphs) != 0) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
        glyphs[count].cp = (uint32_t)cp;
        glyphs[count].box = boxes[k++];
        glyphs[count].after_control = after_control;
        after_control = 0;
        count++;
    }
    rs__free(glyphs);
    pp.g_free(boxes);
    pp.g_free(text);
    return rc;
}
/* A complete PDF ends with "%%EOF" (within its last kilobyte, as readers
 * allow); poppler would rebuild a truncated one silently from what is left. */
static int has_end_marker(const char *data, size_t size)
{
    size_t from = size > 1024 ? size - 1024 : 0, i;
    for (i = size >= 5 ? size - 5 + 1 : 0; i-- > from;)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

int rs__sniff_pdf(const char *data, size_t size)
{
    /* the header may follow a few bytes of other matter (up to 1024, as
     * readers allow) */
    size_t i, limit = size < 1024 ? size : 1024;
    for (i = 0; i + 5 <= limit; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return RS_SNIFF_CERTAIN;
    return RS_SNIFF_NO;
}

/* Opens the PDF, or says why poppler cannot (a password, or damage). */
static PopplerDocument *open_pdf(GBytes *bytes, const char *name, char *errmsg, size_t errmsg_size)
{
    GError *error = NULL;
    PopplerDocument *pdf = pp.poppler_document_new_from_bytes(bytes, NULL, &error);
    if (!pdf) {
        if (error && error->domain == pp.poppler_error_quark() && error->code == POPPLER_ERROR_ENCRYPTED)
            rs__set_error(errmsg, errmsg_size,
                          "%s: the PDF is encrypted and needs a password; rostrum reads unprotected PDFs "
                          "(remove the protection, e.g. qpdf --decrypt --password=... in.pdf out.pdf)", name);
        else
            rs__set_error(errmsg, errmsg_size, "%s: the PDF is damaged and cannot be read (%s)", name,
                          error && error->message ? error->message : "poppler could not open it");
    }
    if (error)
        pp.g_error_free(error);
    return pdf;
}

/* Reads the lines of every page; a PDF with none says why (pages of images
 * only, a scan; or empty or damaged pages). */
static int read_pages(pdf_lines *lines, PopplerDocument *pdf, size_t page_count, const char *name, char *errmsg,
                      size_t errmsg_size)
{
    size_t i, number = 0, before, image_pages = 0;
    int rc;

    for (i = 0; i < page_count; i++) {
        PopplerPage *page = pp.poppler_document_get_page(pdf, (int)i);
        if (!page) {
            rs__set_error(errmsg, errmsg_size, "%s: page %zu of the PDF is damaged and cannot be read", name, i + 1);
            return ROSTRUM_EINPUT;
        }
        before = lines->count;
        rc = read_page(lines, page, i + 1, &number);
        if (rc == 0 && lines->count == before) {
            /* a page without text: a scanned page shows an image */
            GList *images = pp.poppler_page_get_image_mapping(page);
            image_pages += images != NULL;
            pp.poppler_page_free_image_mapping(images);
        }
        pp.g_object_unref(page);
        if (rc)
            return rc;
    }
    if (lines->count == 0 && image_pages == 0) {
        rs__set_error(errmsg, errmsg_size, "%s: the PDF has no text and no images (its pages are empty, or damaged)",
                      name);
        return ROSTRUM_EINPUT;
    }
    if (lines->count == 0) {
        rs__set_error(errmsg, errmsg_size,
                      "%s: the PDF has no text layer (%zu page%s of images only: a scan?); run OCR on it "
                      "first, e.g. ocrmypdf %s out.pdf", name, page_count, page_count == 1 ? "" : "s", name);
        return ROSTRUM_EINPUT;
    }
    return 0;
}

int rs__read_pdf(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size)
{
    GBytes *bytes = NULL;
    PopplerDocument *pdf = NULL;
    pdf_lines lines = {0};
    size_t page_count, i;
    int rc = ROSTRUM_EINPUT;

    (void)mode; /* paragraphs come from the layout of the page */
    if (!name)
        name = "<stdin>";
    if (rs__sniff_pdf(data, size) != RS_SNIFF_CERTAIN) {
        rs__set_error(errmsg, errmsg_size, "%s: not a PDF (no %%PDF- header)", name);
        goto done;
    }
    if (!has_end_marker(data, size)) {
        rs__set_error(errmsg, errmsg_size, "%s: the PDF is truncated or damaged (it does not end with %%%%EOF)", name);
        goto done;
    }
    pthread_once(&pp_once, pp_load_once);
    if (pp_failure[0]) {
        rs__set_error(errmsg, errmsg_size, "%s: reading a PDF needs poppler-glib (Debian: %s): %s", name,
                      ROSTRUM_POPPLER_PACKAGE, pp_failure);
        rc = ROSTRUM_EUNSUPPORTED;
        goto done;
    }
    bytes = pp.g_bytes_new_static(data, size);
    pdf = open_pdf(bytes, name, errmsg, errmsg_size);
    if (!pdf)
        goto done;
    page_count = (size_t)pp.poppler_document_get_n_pages(pdf);
    if (page_count == 0) {
        rs__set_error(errmsg, errmsg_size, "%s: the PDF has no pages", name);
        goto done;
    }
    rc = read_pages(&lines, pdf, page_count, name, errmsg, errmsg_size);
    if (rc)
        goto done;
    rc = rs__pdf_mark_furniture(&lines, page_count);
    if (rc == 0)
        rc = rs__pdf_order_columns(&lines);
    if (rc == 0)
        rc = rs__pdf_build(doc, &lines);
    if (rc == 0)
        rc = rs__find_statements(doc);
    if (rc == 0 && doc->block_count == 0) {
        rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s: no text to speak (the PDF holds only page furniture)", name);
    }
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
done:
    for (i = 0; i < lines.count; i++)
        rs__free(lines.items[i].text);
    rs__free(lines.items);
    if (pdf)
        pp.g_object_unref(pdf);
    if (bytes)
        pp.g_bytes_unref(bytes);
    if (rc)
        rs__document_free(doc);
    return rc;
}
