/* The EPUB 3 talking book's own files: XHTML content, SMIL Media Overlays
 * timed by the synthesizer, navigation and package document. Pure: text in buffers. */
#include <stdio.h>
#include <string.h>

#include "sidecars/sidecars.h"

/* the class a reading system gives the sentence (or word) being read */
#define ACTIVE_CLASS "rostrum-active"

void rs__smil_clock(rs_buf *out, uint64_t ms)
{
    uint64_t s = ms / 1000;
    rs__buf_printf(out, "%llu:%02u:%02u.%03u", (unsigned long long)(s / 3600), (unsigned)(s / 60 % 60),
                   (unsigned)(s % 60), (unsigned)(ms % 1000));
}

/* The segments [first, end) of one content document and what its overlay
 * lasts. */
typedef struct epub_part {
    size_t first, end;
    size_t pars;
    uint64_t duration_ms;
} epub_part;

typedef struct epub_build {
    const rs_epub_info *info;
    rs_epub *book;
    epub_part *parts;
    size_t part_count;
    int failed;
} epub_build;

static rs_buf *add_file(epub_build *b, const char *name, int store)
{
    rs_epub_file *f = &b->book->files[b->book->count++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->store = store;
    return &f->text;
}

static uint64_t ms_of(const epub_build *b, uint64_t sample)
{
    return rs__samples_to_ms(sample, b->info->rate);
}

/* The content documents: one per statement in a transcript, else one. */
static int find_parts(epub_build *b)
{
    const rs_plan *plan = b->info->plan;
    size_t i;
    b->parts = rs__calloc(plan->count ? plan->count : 1, sizeof *b->parts);
    if (!b->parts)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < plan->count; i++) {
        int opens = i == 0 || (b->info->per_statement && plan->segments[i].statement != plan->segments[i - 1].statement);
        if (opens) {
            b->parts[b->part_count].first = i;
            b->part_count++;
        }
        b->parts[b->part_count - 1].end = i + 1;
    }
    if (b->part_count == 0)
        b->part_count = 1; /* one empty document */
    return 0;
}

static size_t part_of(const epub_build *b, size_t segment)
{
    size_t k;
    for (k = 0; k + 1 < b->part_count; k++)
        if (segment < b->parts[k].end)
            return k;
    return b->part_count - 1;
}

/* A part of a paragraph's source as it is shown. */
static void shown_text(epub_build *b, rs_buf *out, size_t segment, size_t start, size_t end)
{
    const rs_block *block = &b->info->doc->blocks[b->info->plan->segments[segment].block];
    char *text;
    if (end <= start)
        return;
    text = rs__caption_text(block->text, start, end, b->info->contexts[segment]);
    if (!text) {
        b->failed = 1;
        return;
    }
    rs__markup_escape(out, text, RS__MARKUP_XML);
    rs__free(text);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What lies between two words (punctuation, a space) as shown: the space
 * normalizing drops around it is put back. */
static void gap_text(epub_build *b, rs_buf *out, size_t segment, size_t start, size_t end)
{
    const char *text = b->info->doc->blocks[b->info->plan->segments[segment].block].text;
    size_t before = out->len;
    if (end <= start)
        return;
    if (is_space(text[start]))
        rs__buf_putc(out, ' ');
    shown_text(b, out, segment, start, end);
    if (is_space(text[end - 1]) && !(out->len == before + 1 && out->data[before] == ' '))
        rs__buf_putc(out, ' ');
}

/* The written word that starts at caption word k of sentence s: k and the
 * words after it whose source overlaps it ("10.05" is read as three).
 * Returns one past its last word; *source_end is where its text ends. */
static size_t word_group(const rs_captions *c, const rs_caption_sentence *s, size_t k, size_t *source_end)
{
    size_t last = s->first_word + s->word_count < c->word_count ? s->first_word + s->word_count : c->word_count;
    size_t end = c->words[k].source.end, j = k + 1;
    for (; j < last && c->words[j].source.start < end; j++)
        if (c->words[j].source.end > end)
            end = c->words[j].source.end;
    *source_end = end;
    return j;
}

/* Whether that word is shown as an element of its own: it lies inside its
 * sentence, after the word before it (at). */
static int word_shown(const rs_captions *c, const rs_caption_sentence *s, size_t k, size_t end, size_t at)
{
    return c->words[k].source.start >= at && end <= s->source.end && end > c->words[k].source.start;
}

static size_t sentence_end_word(const rs_captions *c, const rs_caption_sentence *s)
{
    return s->first_word + s->word_count < c->word_count ? s->first_word + s->word_count : c->word_count;
}

/* A sentence as an element with an id; at word level each written word
 * too, named after its first spoken word. */
static void sentence_xhtml(epub_build *b, rs_buf *out, size_t index)
{
    const rs_captions *c = b->info->captions;
    const rs_caption_sentence *s = &c->sentences[index];
    size_t k, next, end, at = s->source.start;
    rs__buf_printf(out, "<span id=\"s%zu\">", index);
    if (!b->info->word_level) {
        shown_text(b, out, s->paragraph, s->source.start, s->source.end);
        rs__buf_puts(out, "</span>");
        return;
    }
    for (k = s->first_word; k < sentence_end_word(c, s); k = next) {
        next = word_group(c, s, k, &end);
        if (!word_shown(c, s, k, end, at))
            continue;
        gap_text(b, out, s->paragraph, at, c->words[k].source.start);
        rs__buf_printf(out, "<span id=\"w%zu\">", k);
        shown_text(b, out, s->paragraph, c->words[k].source.start, end);
        rs__buf_puts(out, "</span>");
        at = end;
    }
    gap_text(b, out, s->paragraph, at, s->source.end);
    rs__buf_puts(out, "</span>");
}

static void xhtml_head(epub_build *b, rs_buf *out, const char *title, const char *css)
{
    rs__buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    rs__markup_escape(out, b->info->language, RS__MARKUP_XML);
    rs__buf_puts(out, "\" xml:lang=\"");
    rs__markup_escape(out, b->info->language, RS__MARKUP_XML);
    rs__buf_puts(out, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    rs__markup_escape(out, title, RS__MARKUP_XML);
    rs__buf_printf(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"%s\"/>\n</head>\n", css);
}

static const char *book_title(const rs_epub_info *info)
{
    return info->title && info->title[0] ? info->title : "Statement";
}

/* The name of a content document: a statement's, else the book's. */
static const char *part_title(const epub_build *b, size_t k)
{
    const rs_plan *plan = b->info->plan;
    if (b->info->per_statement && plan->statement_names && b->parts[k].first < plan->count) {
        const char *name = plan->statement_names[plan->segments[b->parts[k].first].statement];
        if (name && name[0])
            return name;
    }
    return book_title(b->info);
}

/* Who speaks, above the speech of a transcript's statement. */
static void who_xhtml(epub_build *b, rs_buf *out, size_t segment, const char *id_prefix)
{
    const rs_segment *seg = &b->info->plan->segments[segment];
    const char *speaker = b->info->doc->statements[seg->statement].speaker;
    rs__buf_puts(out, "<p class=\"who\"");
    if (id_prefix)
        rs__buf_printf(out, " id=\"%s%zu\"", id_prefix, segment);
    rs__buf_putc(out, '>');
    rs__markup_escape(out, speaker ? speaker : seg->text, RS__MARKUP_XML);
    rs__buf_puts(out, "</p>\n");
}

static void content_xhtml(epub_build *b, rs_buf *out, size_t k)
{
    const rs_epub_info *info = b->info;
    const rs_captions *c = info->captions;
    size_t i, si = 0, who_shown = (size_t)-1;
    xhtml_head(b, out, part_title(b, k), "../style.css");
    rs__buf_puts(out, "<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\">\n");
    while (si < c->sentence_count && c->sentences[si].paragraph < b->parts[k].first)
        si++;
    for (i = b->parts[k].first; i < b->parts[k].end; i++) {
        const rs_segment *seg = &info->plan->segments[i];
        const rs_statement *st = &info->doc->statements[seg->statement];
        int level = info->doc->blocks[seg->block].level;
        int first = 1;
        if (seg->is_announcement) {
            who_xhtml(b, out, i, "p");
            who_shown = seg->statement;
            continue;
        }
        if (info->per_statement && !seg->is_heading && st->speaker && who_shown != seg->statement) {
            who_xhtml(b, out, i, NULL);
            who_shown = seg->statement;
        }
        level = level < 1 ? 1 : level > 6 ? 6 : level;
        if (seg->is_heading)
            rs__buf_printf(out, "<h%d id=\"p%zu\"", level, i);
        else
            rs__buf_printf(out, "<p id=\"p%zu\"", i);
        if (info->paragraph_languages && info->paragraph_languages[i]) {
            rs__buf_puts(out, " lang=\"");
            rs__markup_escape(out, info->paragraph_languages[i], RS__MARKUP_XML);
            rs__buf_puts(out, "\" xml:lang=\"");
            rs__markup_escape(out, info->paragraph_languages[i], RS__MARKUP_XML);
            rs__buf_putc(out, '"');
        }
        rs__buf_putc(out, '>');
        while (si < c->sentence_count && c->sentences[si].paragraph < i)
            si++;
        if (si >= c->sentence_count || c->sentences[si].paragraph != i) {
            /* not captioned: shown, but not synchronized */
            const rs_block *block = &info->doc->blocks[seg->block];
            shown_text(b, out, i, 0, strlen(block->text));
        }
        for (; si < c->sentence_count && c->sentences[si].paragraph == i; si++) {
            if (!first)
                rs__buf_putc(out, ' ');
            first = 0;
            sentence_xhtml(b, out, si);
        }
        if (seg->is_heading)
            rs__buf_printf(out, "</h%d>\n", level);
        else
            rs__buf_puts(out, "</p>\n");
    }
    rs__buf_puts(out, "</section>\n</body>\n</html>\n");
}

static void par_smil(epub_build *b, rs_buf *out, const char *doc_name, const char *id, size_t index, uint64_t start,
                     uint64_t end, epub_part *part)
{
    uint64_t from = ms_of(b, start), to = ms_of(b, end);
    rs__buf_printf(out, "<par id=\"par-%s%zu\"><text src=\"%s#%s%zu\"/><audio src=\"../", id, index, doc_name, id,
                   index);
    rs__markup_escape(out, b->info->audio_href, RS__MARKUP_XML);
    rs__buf_puts(out, "\" clipBegin=\"");
    rs__smil_clock(out, from);
    rs__buf_puts(out, "\" clipEnd=\"");
    rs__smil_clock(out, to);
    rs__buf_puts(out, "\"/></par>\n");
    part->pars++;
    part->duration_ms += to > from ? to - from : 0;
}

/* The overlay of content document k: a par per sentence (or word) it
 * shows, with the manifest's times. */
static void overlay_smil(epub_build *b, rs_buf *out, size_t k, const char *doc_name)
{
    const rs_captions *c = b->info->captions;
    epub_part *part = &b->parts[k];
    size_t si;
    rs__buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
                        "version=\"3.0\">\n<body>\n");
    for (si = 0; si < c->sentence_count; si++) {
        const rs_caption_sentence *s = &c->sentences[si];
        size_t w, next, end, at;
        if (s->paragraph < part->first || s->paragraph >= part->end)
            continue;
        if (!b->info->word_level) {
            par_smil(b, out, doc_name, "s", si, s->start, s->end, part);
            continue;
        }
        /* the words as sentence_xhtml shows them */
        for (w = s->first_word, at = s->source.start; w < sentence_end_word(c, s); w = next) {
            next = word_group(c, s, w, &end);
            if (!word_shown(c, s, w, end, at))
                continue;
            par_smil(b, out, doc_name, "w", w, c->words[w].start, c->words[next - 1].end, part);
            at = end;
        }
    }
    rs__buf_puts(out, "</body>\n</smil>\n");
}

static void nav_entry(epub_build *b, rs_buf *out, size_t paragraph, const char *name)
{
    rs__buf_printf(out, "<li><a href=\"text/part-%03zu.xhtml", part_of(b, paragraph) + 1);
    if (paragraph < b->info->plan->count)
        rs__buf_printf(out, "#p%zu", paragraph);
    rs__buf_puts(out, "\">");
    rs__markup_escape(out, name && name[0] ? name : book_title(b->info), RS__MARKUP_XML);
    rs__buf_puts(out, "</a></li>\n");
}

/* The table of contents: the audio's chapters, else each content document. */
static void nav_xhtml(epub_build *b, rs_buf *out)
{
    size_t i;
    xhtml_head(b, out, book_title(b->info), "style.css");
    rs__buf_puts(out, "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
    rs__markup_escape(out, book_title(b->info), RS__MARKUP_XML);
    rs__buf_puts(out, "</h1>\n<ol>\n");
    for (i = 0; i < b->info->chapter_count; i++)
        nav_entry(b, out, b->info->chapters[i].paragraph, b->info->chapters[i].text);
    if (b->info->chapter_count == 0)
        for (i = 0; i < b->part_count; i++)
            nav_entry(b, out, b->parts[i].first, part_title(b, i));
    rs__buf_puts(out, "</ol>\n</nav>\n</body>\n</html>\n");
}

/* CCYY, CCYY-MM or CCYY-MM-DD: what dc:date takes without a warning. */
static int w3c_date(const char *s)
{
    size_t i, n = s ? strlen(s) : 0;
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static void meta(rs_buf *out, const char *property, const char *refines, const char *value)
{
    rs__buf_printf(out, "<meta property=\"%s\"", property);
    if (refines)
        rs__buf_printf(out, " refines=\"#%s\"", refines);
    rs__buf_putc(out, '>');
    rs__markup_escape(out, value, RS__MARKUP_XML);
    rs__buf_puts(out, "</meta>\n");
}

/* <dc:name attributes>value</dc:name> on a line of its own. */
static void dc_element(rs_buf *out, const char *name, const char *attributes, const char *value)
{
    rs__buf_printf(out, "<dc:%s%s>", name, attributes);
    rs__markup_escape(out, value, RS__MARKUP_XML);
    rs__buf_printf(out, "</dc:%s>\n", name);
}

static void duration_meta(rs_buf *out, const char *refines, uint64_t ms)
{
    rs_buf clock = {0};
    rs__smil_clock(&clock, ms);
    if (clock.failed)
        out->failed = 1;
    else
        meta(out, "media:duration", refines, clock.data);
    rs__buf_free(&clock);
}

static void package_opf(epub_build *b, rs_buf *out)
{
    const rs_epub_info *info = b->info;
    size_t k;
    rs__buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" "
                      "xml:lang=\"");
    rs__markup_escape(out, info->language, RS__MARKUP_XML);
    rs__buf_puts(out, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    dc_element(out, "identifier", " id=\"pub-id\"", info->identifier);
    dc_element(out, "title", "", book_title(info));
    dc_element(out, "language", "", info->language);
    if (info->speaker && info->speaker[0])
        dc_element(out, "creator", "", info->speaker);
    if (w3c_date(info->date))
        dc_element(out, "date", "", info->date);
    dc_element(out, "type", "", "sound");
    meta(out, "dcterms:modified", NULL, info->modified);
    duration_meta(out, NULL, b->book->duration_ms);
    for (k = 0; k < b->part_count; k++)
        if (b->parts[k].pars) {
            char id[32];
            snprintf(id, sizeof id, "smil-%03zu", k + 1);
            duration_meta(out, id, b->parts[k].duration_ms);
        }
    if (info->narrator)
        meta(out, "media:narrator", NULL, info->narrator);
    meta(out, "media:active-class", NULL, ACTIVE_CLASS);
    /* EPUB Accessibility 1.1: what the book offers a reader who cannot see
     * the page or cannot hear the voice */
    meta(out, "schema:accessMode", NULL, "textual");
    meta(out, "schema:accessMode", NULL, "auditory");
    meta(out, "schema:accessModeSufficient", NULL, "textual");
    meta(out, "schema:accessModeSufficient", NULL, "textual,auditory");
    meta(out, "schema:accessibilityFeature", NULL, "synchronizedAudioText");
    meta(out, "schema:accessibilityFeature", NULL, "structuralNavigation");
    meta(out, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta(out, "schema:accessibilityFeature", NULL, "readingOrder");
    meta(out, "schema:accessibilityHazard", NULL, "none");
    meta(out, "schema:accessibilitySummary", NULL,
         info->word_level
             ? "The full text with its reading by a synthetic voice (espeak-ng), synchronized word by word: "
               "reading systems that play Media Overlays highlight each word as it is read. The table of "
               "contents holds the chapters of the audio. No images, no hazards."
             : "The full text with its reading by a synthetic voice (espeak-ng), synchronized sentence by "
               "sentence: reading systems that play Media Overlays highlight each sentence as it is read. The "
               "table of contents holds the chapters of the audio. No images, no hazards.");
    rs__buf_puts(out, "</metadata>\n<manifest>\n"
                      "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                      "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n<item id=\"audio\" href=\"");
    rs__markup_escape(out, info->audio_href, RS__MARKUP_XML);
    rs__buf_puts(out, "\" media-type=\"");
    rs__markup_escape(out, info->audio_type, RS__MARKUP_XML);
    rs__buf_puts(out, "\"/>\n");
    for (k = 0; k < b->part_count; k++) {
        rs__buf_printf(out, "<item id=\"part-%03zu\" href=\"text/part-%03zu.xhtml\" media-type=\"application/xhtml+xml\"",
                       k + 1, k + 1);
        if (b->parts[k].pars)
            rs__buf_printf(out, " media-overlay=\"smil-%03zu\"/>\n<item id=\"smil-%03zu\" href=\"text/part-%03zu.smil\" "
                                "media-type=\"application/smil+xml\"/>\n", k + 1, k + 1, k + 1);
        else
            rs__buf_puts(out, "/>\n");
    }
    rs__buf_puts(out, "</manifest>\n<spine>\n");
    for (k = 0; k < b->part_count; k++)
        rs__buf_printf(out, "<itemref idref=\"part-%03zu\"/>\n", k + 1);
    rs__buf_puts(out, "</spine>\n</package>\n");
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles>\n</container>\n";

/* The sentence being read stands out the way the listening page marks it. */
static const char style_css[] =
    "body{line-height:1.6}\n"
    "h1,h2,h3,h4,h5,h6{line-height:1.3}\n"
    ".who{font-weight:bold;margin-top:1.5em}\n"
    "." ACTIVE_CLASS "{background-color:#fff3b0;color:#1b1b1b}\n";

int rs__epub_build(rs_epub *out, const rs_epub_info *info)
{
    epub_build b;
    size_t k;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&b, 0, sizeof b);
    b.info = info;
    b.book = out;
    rc = find_parts(&b);
    if (rc)
        goto done;
    /* mimetype, container, package, navigation, style, and two a part */
    out->files = rs__calloc(5 + 2 * b.part_count, sizeof *out->files);
    if (!out->files) {
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    rs__buf_puts(add_file(&b, "mimetype", 1), "application/epub+zip");
    rs__buf_puts(add_file(&b, "META-INF/container.xml", 0), container_xml);
    /* the overlays first: the package states their durations */
    for (k = 0; k < b.part_count; k++) {
        char name[64], doc_name[32];
        snprintf(doc_name, sizeof doc_name, "part-%03zu.xhtml", k + 1);
        snprintf(name, sizeof name, "EPUB/text/%s", doc_name);
        content_xhtml(&b, add_file(&b, name, 0), k);
        snprintf(name, sizeof name, "EPUB/text/part-%03zu.smil", k + 1);
        overlay_smil(&b, add_file(&b, name, 0), k, doc_name);
        if (b.parts[k].pars == 0) /* a document without speech has no overlay */
            rs__buf_free(&out->files[--out->count].text);
        out->duration_ms += b.parts[k].duration_ms;
    }
    package_opf(&b, add_file(&b, "EPUB/package.opf", 0));
    nav_xhtml(&b, add_file(&b, "EPUB/nav.xhtml", 0));
    rs__buf_puts(add_file(&b, "EPUB/style.css", 0), style_css);
    for (k = 0; k < out->count; k++)
        if (out->files[k].text.failed)
            b.failed = 1;
    rc = b.failed ? ROSTRUM_ENOMEM : 0;
done:
    rs__free(b.parts);
    if (rc)
        rs__epub_free(out);
    return rc;
}

void rs__epub_free(rs_epub *book)
{
    size_t k;
    if (!book)
        return;
    for (k = 0; k < book->count; k++)
        rs__buf_free(&book->files[k].text);
    rs__free(book->files);
    memset(book, 0, sizeof *book);
}
