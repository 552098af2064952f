/* Unit tests of the PDF reader: PDFs drawn with cairo in memory, read into
 * the document model; furniture, split words, footnotes, columns, Arabic,
 * the errors for a scan, a truncated file and bytes that are no PDF, and
 * the loader that brings in poppler-glib when a PDF is first read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "check.h"
#include "pdf_samples.h"

static rs_document doc;
static char err[RS__ERRMSG_SIZE];

typedef struct bytes {
    unsigned char *data;
    size_t len;
} bytes;

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    bytes *b = closure;
    unsigned char *grown = realloc(b->data, b->len + length);
    if (!grown)
        return CAIRO_STATUS_NO_MEMORY;
    memcpy(grown + b->len, data, length);
    b->data = grown;
    b->len += length;
    return CAIRO_STATUS_SUCCESS;
}

static bytes make_pdf(void (*draw)(cairo_surface_t *))
{
    bytes b = {0};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &b, 595, 842);
    draw(surface);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    return b;
}

static int read_pdf(const bytes *b)
{
    rs__document_free(&doc);
    err[0] = '\0';
    return rs__read(&doc, "t.pdf", (const char *)b->data, b->len, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
}

/* The block that holds needle, or SIZE_MAX. */
static size_t find_block(const char *needle)
{
    size_t i;
    for (i = 0; i < doc.block_count; i++)
        if (strstr(doc.blocks[i].text, needle))
            return i;
    return SIZE_MAX;
}

static int anywhere(const char *needle)
{
    return find_block(needle) != SIZE_MAX;
}

static int removed_as(const char *text, const char *why)
{
    size_t i;
    for (i = 0; i < doc.removed_count; i++)
        if (strstr(doc.removed[i].text, text) && doc.removed[i].why && strstr(doc.removed[i].why, why))
            return 1;
    return 0;
}

static void test_statement(void)
{
    bytes b = make_pdf(draw_statement);
    size_t left, right, heading;
    CHECK(rs__input_detect("x.bin", (const char *)b.data, b.len) == rs__input_find("pdf"));
    CHECK(read_pdf(&b) == 0);
    if (err[0])
        fprintf(stderr, "%s\n", err);
    /* the heading, set larger */
    heading = find_block("Statement of the Delegation");
    CHECK(heading == 0);
    CHECK(heading < doc.block_count && doc.blocks[heading].kind == RS_BLOCK_HEADING);
    /* a compound keeps its hyphen; a split word is whole again */
    CHECK(anywhere("spirit of co-operation, and we thank"));
    CHECK(anywhere("careful preparation of this session"));
    CHECK(!anywhere("prepa"  "-"));
    /* one paragraph over four lines, without its footnote marker */
    CHECK(anywhere("peoples of the world and to those who will come after them."));
    CHECK(!anywhere("world1"));
    /* a line ended short after a sentence ends its paragraph */
    CHECK(find_block("Mr. President") != find_block("Our debate"));
    CHECK(find_block("Mr. President") == find_block("its voice."));
    /* the indented paragraph is a paragraph of its own */
    CHECK_STR(find_block("second paragraph") < doc.block_count ? doc.blocks[find_block("second paragraph")].text : "",
              "The second paragraph opens with an indent and runs over two lines before it ends here.");
    /* furniture and footnotes are gone, and said why */
    CHECK(!anywhere("A/79/PV.99"));
    CHECK(!anywhere("24-12345"));
    CHECK(!anywhere("footnote"));
    CHECK(removed_as("A/79/PV.99", "running head"));
    CHECK(removed_as("24-12345", "number"));
    CHECK(removed_as("2", "page"));
    CHECK(removed_as("A footnote", "footnote"));
    /* columns one after the other, each whole */
    left = find_block("The left column begins the argument and carries it on down the page to its end.");
    right = find_block("The right column is read after the left one, line by line, in its own order.");
    CHECK(left != SIZE_MAX && right != SIZE_MAX && left < right);
    CHECK(left < doc.block_count && doc.blocks[left].page == 2);
    /* Arabic in logical order, on page 3 */
    CHECK(anywhere("شكرا السيد الرئيس على هذه الكلمة."));
    CHECK(find_block("شكرا") < doc.block_count && doc.blocks[find_block("شكرا")].page == 3);
    CHECK(doc.blocks[0].page == 1);
    CHECK(doc.statement_count >= 1);
    free(b.data);
}

static void test_errors(void)
{
    bytes b = make_pdf(draw_scan);
    bytes cut;
    static const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n";
    bytes j = {(unsigned char *)junk, sizeof junk - 1};
    CHECK(read_pdf(&b) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.pdf") && strstr(err, "no text layer") && strstr(err, "OCR"));
    CHECK(doc.block_count == 0);
    free(b.data);

    b = make_pdf(draw_statement);
    cut.data = b.data;
    cut.len = b.len / 2;
    CHECK(read_pdf(&cut) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.pdf") && strstr(err, "truncated"));
    free(b.data);

    CHECK(read_pdf(&j) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.pdf") && strstr(err, "damaged"));
}

/* Every allocation of the reader may fail; each failure is reported, and
 * nothing leaks (the sanitizer build checks the leaks). */
static void test_failed_allocations(void)
{
    bytes b = make_pdf(draw_statement);
    unsigned long n, total;
    rs__alloc_count = 0;
    CHECK(read_pdf(&b) == 0);
    total = rs__alloc_count;
    for (n = 1; n <= total; n += 1 + total / 200) {
        int rc;
        rs__document_free(&doc);
        rs__alloc_fail_at = n;
        rs__alloc_count = 0;
        rc = rs__read(&doc, "t.pdf", (const char *)b.data, b.len, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
        rs__alloc_fail_at = 0;
        CHECK(rc == 0 || rc == ROSTRUM_ENOMEM);
        CHECK(rc == 0 || doc.block_count == 0);
    }
    free(b.data);
}

/* rs__dl_load, which loads poppler-glib: a found function can be called
 * through its slot; a missing function or library is named. */
static void test_loader(void)
{
    double (*cosine)(double) = NULL;
    double (*absent)(double) = NULL;
    const rs_dl_function found[] = {{"cos", &cosine}};
    const rs_dl_function missing[] = {{"cos", &cosine}, {"rostrum_no_such_function", &absent}};
    char failure[256] = "";
    CHECK(rs__dl_load("libm.so.6", found, 1, failure, sizeof failure) == 0);
    CHECK(cosine != NULL && cosine(0.0) == 1.0 && failure[0] == '\0');
    CHECK(rs__dl_load("libm.so.6", missing, 2, failure, sizeof failure) == ROSTRUM_EUNSUPPORTED);
    CHECK_STR(failure, "libm.so.6 has no rostrum_no_such_function");
    CHECK(absent == NULL);
    failure[0] = '\0';
    CHECK(rs__dl_load("librostrum-absent.so.0", found, 1, failure, sizeof failure) == ROSTRUM_EUNSUPPORTED);
    CHECK(strstr(failure, "librostrum-absent.so.0") != NULL);
}

int main(void)
{
    test_loader();
    test_statement();
    test_errors();
    test_failed_allocations();
    rs__document_free(&doc);
    return check_report("test_pdf");
}
