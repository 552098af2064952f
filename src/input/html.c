/* HTML pages of official reports and stenograms: the page's text as blocks
 * (headings, paragraphs, <pre> split at blank lines), speaker turns opened
 * by a bold label, and the page around the record (scripts, navigation,
 * column numbers, running heads, hidden elements) left out and named. */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "input/html_internal.h"
#include "text/text.h"

#define MAX_DEPTH 256

/* Elements that hold no part of the record, and why each is left out; the
 * code of the page is named, not quoted. */
static const struct dropped {
    const char *element;
    const char *why;
    int quote; /* its text goes into --explain */
} dropped_elements[] = {
    {"script", "not read: <script>, code of the page", 0},
    {"style", "not read: <style>, the look of the page", 0},
    {"noscript", "not read: <noscript>, the page's note for browsers without scripts", 0},
    {"template", "not read: <template>, a part the page's code fills in", 0},
    {"nav", "navigation: <nav>, the page's links", 1},
    {"header", "page furniture: <header>, the site's banner", 1}, /* outside the record */
    {"footer", "page furniture: <footer>, the site's footer", 1},
    {"aside", "page furniture: <aside>, beside the record", 1},
    {"form", "page furniture: <form>, a search or a form of the site", 1},
    {"button", "page furniture: <button>", 1},
    {"select", "page furniture: <select>", 0},
    {"iframe", "not read: <iframe>, another page", 0},
    {"object", "not read: <object>", 0},
    {"svg", "not read: <svg>, a drawing", 0},
    {"canvas", "not read: <canvas>", 0},
};

/* Elements inside a line of text: they do not break a block. */
static const char *const inline_elements[] = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", NULL,
};

/* Names that mark an element as HTML's, for the sniffers: a page cut out of a
 * site may begin with any of them. */
static const char *const html_elements[] = {
    "html", "head", "body", "title", "meta", "link", "div", "p", "table", "section", "article", "main",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "center", "span", "font", "b", "strong",
    "header", "nav", "blockquote", "form", "style", "script", NULL,
};

static int in_list(const char *const *list, const char *name)
{
    size_t i;
    for (i = 0; list[i]; i++)
        if (strcasecmp(list[i], name) == 0)
            return 1;
    return 0;
}

int rs__is_html_element(const char *name)
{
    return in_list(html_elements, name);
}

static const char *const navigation_words[] = {"nav", "navbar", "navigation", "menu", "breadcrumb",
                                               "breadcrumbs", "skip", "pager", "pagination", "toolbar",
                                               "sidebar", "cookie", "cookies", "share", "sharing", "links",
                                               "tabs", NULL};
static const char *const footnote_words[] = {"footnote", "footnotes", "endnote", "endnotes", NULL};

/* Whether one of the words of a class or id is in words ("navLinks",
 * "main-nav", "links inline": words split at punctuation and where small
 * letters turn to capitals). Whole words, so "unavailable" is no "nav". */
static int names_word(const char *value, const char *const *words)
{
    const char *p = value;
    while (p && *p) {
        const char *w = p;
        size_t i;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
            p++;
            if (p[-1] >= 'a' && p[-1] <= 'z' && *p >= 'A' && *p <= 'Z')
                break;
        }
        for (i = 0; p > w && words[i]; i++)
            if (strlen(words[i]) == (size_t)(p - w) && strncasecmp(w, words[i], (size_t)(p - w)) == 0)
                return 1;
        if (p == w)
            p++;
    }
    return 0;
}

/* Why the class or id of e leaves it out, or NULL. */
static const char *why_named(const xmlNode *e)
{
    static const char *const attributes[] = {"class", "id"};
    const char *why = NULL;
    size_t i;
    for (i = 0; i < 2 && !why; i++) {
        char *value = rs__xml_attr(e, attributes[i]);
        if (names_word(value, navigation_words))
            why = i == 0 ? "navigation: an element the page names as such (its class)"
                         : "navigation: an element the page names as such (its id)";
        else if (names_word(value, footnote_words))
            why = "not said: the page's footnotes";
        rs__free(value);
    }
    return why;
}

/* A footnote's mark: <sup> holding a link, or asterisks only ("km<sup>2</sup>"
 * is a unit, so digits alone are no mark). */
static int is_footnote_mark(const xmlNode *e)
{
    const xmlNode *c;
    if (!rs__xml_is(e, "sup"))
        return 0;
    for (c = e->children; c; c = c->next) {
        if (rs__xml_is(c, "a"))
            return 1;
        if (c->type == XML_TEXT_NODE && c->content &&
            strspn((const char *)c->content, "*, \t\n") != strlen((const char *)c->content))
            return 0;
    }
    return e->children != NULL;
}

/* Whether a style attribute hides the element: "display: none",
 * "visibility:hidden", in any case and spacing. */
static int style_hides(const char *style)
{
    char squeezed[256];
    size_t n = 0;
    for (; style && *style && n + 1 < sizeof squeezed; style++)
        if (*style != ' ' && *style != '\t' && *style != '\n' && *style != '\r')
            squeezed[n++] = *style;
    squeezed[n] = '\0';
    return rs__xml_has(squeezed, "display:none") || rs__xml_has(squeezed, "visibility:hidden");
}

/* Whether e is inside the page's main content (<main>, <article>,
 * <section>), where a <header> holds the record's title, not the site's. */
static int in_record(const xmlNode *e)
{
    for (e = e->parent; e && e->type == XML_ELEMENT_NODE; e = e->parent)
        if (rs__xml_is(e, "main") || rs__xml_is(e, "article") || rs__xml_is(e, "section"))
            return 1;
    return 0;
}

/* Why an element is left out with all it holds, or NULL when it is read;
 * *quote says whether its text is worth showing in --explain. */
static const char *why_dropped(const xmlNode *e, int *quote)
{
    size_t i;
    const char *why = NULL;
    char *value;
    *quote = 1;
    if (rs__xml_is(e, "header") && in_record(e))
        return NULL; /* the record's own header: its title */
    for (i = 0; i < sizeof dropped_elements / sizeof dropped_elements[0]; i++)
        if (rs__xml_is(e, dropped_elements[i].element)) {
            *quote = dropped_elements[i].quote;
            return dropped_elements[i].why;
        }
    if (xmlHasProp(e, (const xmlChar *)"hidden"))
        return "not shown: a hidden element";
    value = rs__xml_attr(e, "aria-hidden");
    if (value && strcasecmp(value, "true") == 0)
        why = "not shown: an element hidden from readers (aria-hidden)";
    rs__free(value);
    if (!why && (value = rs__xml_attr(e, "style")) != NULL) {
        if (style_hides(value))
            why = "not shown: an element styled as hidden";
        rs__free(value);
    }
    if (!why)
        why = why_named(e);
    if (!why && is_footnote_mark(e))
        why = "not said: a footnote's mark";
    return why;
}

/* ---- collecting a block's text ---- */

/* Whether s (n bytes) holds anything but white space (U+00A0 too). */
static int has_content(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            return 1;
    }
    return 0;
}

/* Appends text met under the given styles to the open block. Outside <pre>
 * a line end is a space; inside, lines are kept so that blank lines split
 * the block. */
static void put_text(html_reader *r, const char *s, const html_style *style, size_t line)
{
    size_t n = strlen(s), i, start = r->block.text.len;
    if (has_content(s, n)) {
        html_block *b = &r->block;
        if (!b->has_text) {
            b->has_text = 1;
            b->line = line;
            b->all_italic = b->all_bold = b->all_link = 1;
        }
        b->all_italic &= style->italic > 0;
        b->all_bold &= style->bold > 0;
        b->all_link &= style->link > 0;
        /* the first run in bold: a speaker's label when it ends with ':' */
        if (style->bold && !b->bold_done && !b->bold_started) {
            b->bold_started = 1;
            b->bold_start = start;
        } else if (!style->bold && b->bold_started) {
            b->bold_done = 1;
        }
    }
    if (rs__buf_append(&r->block.text, s, n) != 0)
        r->failed = 1;
    if (!style->pre)
        for (i = start; i < r->block.text.len; i++)
            if (r->block.text.data[i] == '\n' || r->block.text.data[i] == '\r' || r->block.text.data[i] == '\t')
                r->block.text.data[i] = ' ';
    if (style->bold && r->block.bold_started && !r->block.bold_done)
        r->block.bold_end = r->block.text.len;
}

static void walk(html_reader *r, const xmlNode *node, html_style style, int depth);

/* An element left out: named in --explain (on the pass that writes). */
static void drop(html_reader *r, const xmlNode *e, const char *why, int quote)
{
    char *raw, *text, label[64];
    if (r->counting)
        return;
    snprintf(label, sizeof label, "<%s>", (const char *)e->name);
    raw = quote ? rs__xml_text_of(e, NULL, NULL) : NULL;
    text = raw ? rs__html_clean(raw, strlen(raw)) : NULL;
    rs__free(raw);
    if (quote && !text) {
        r->failed = 1;
        return;
    }
    if (rs__doc_removed(r->doc, rs__xml_line(e), text && text[0] ? text : label, why))
        r->failed = 1;
    rs__free(text);
}

/* The page's head is not read (its <title> is, apart): what it holds that
 * could be mistaken for the record is named. */
static void head(html_reader *r, const xmlNode *e)
{
    const xmlNode *c;
    int quote;
    for (c = e->children; c && !r->failed; c = c->next) {
        const char *why = c->type == XML_ELEMENT_NODE ? why_dropped(c, &quote) : NULL;
        if (why)
            drop(r, c, why, quote);
    }
}

static int heading_level(const xmlNode *e)
{
    const char *n = (const char *)e->name;
    return n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && n[2] == '\0' ? n[1] - '0' : 0;
}

/* A block element: what was open before it ends, its own text is a block,
 * and what follows it opens another. */
static void block_element(html_reader *r, const xmlNode *e, html_style style, int depth)
{
    int level = heading_level(e);
    char *lang = rs__xml_attr(e, "lang");
    const char *outer_lang = r->lang;
    rs__html_flush(r);
    if (lang)
        r->lang = lang;
    if (level) {
        r->block.heading = level;
        r->block.line = rs__xml_line(e);
    }
    if (rs__xml_is(e, "pre"))
        style.pre++;
    walk(r, e, style, depth + 1);
    rs__html_flush(r);
    r->lang = outer_lang;
    rs__free(lang);
}

static void walk(html_reader *r, const xmlNode *node, html_style style, int depth)
{
    const xmlNode *c;
    if (depth > MAX_DEPTH)
        return; /* a second fence after libxml2's own */
    for (c = node->children; c && !r->failed; c = c->next) {
        const char *why;
        int quote;
        html_style inner = style;
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                put_text(r, (const char *)c->content, &style, rs__xml_line(c));
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (rs__xml_is(c, "head")) {
            head(r, c);
            continue;
        }
        why = why_dropped(c, &quote);
        if (why) {
            drop(r, c, why, quote);
            continue;
        }
        if (rs__xml_is(c, "br")) {
            html_style keep = style;
            keep.pre = 1;
            put_text(r, "\n", &keep, rs__xml_line(c));
        } else if (in_list(inline_elements, (const char *)c->name)) {
            inner.bold += rs__xml_is(c, "b") || rs__xml_is(c, "strong");
            inner.italic += rs__xml_is(c, "i") || rs__xml_is(c, "em");
            inner.link += rs__xml_is(c, "a") && xmlHasProp(c, (const xmlChar *)"href");
            walk(r, c, inner, depth + 1);
        } else {
            block_element(r, c, style, depth);
        }
    }
}

/* The page's title: <title>, else the first <h1> (rs__html_flush). */
static int read_title(html_reader *r, const xmlNode *root)
{
    const xmlNode *head = rs__xml_child(root, "head"), *title = rs__xml_child(head, "title");
    char *raw, *text;
    int rc;
    if (!title)
        return 0;
    raw = rs__xml_text_of(title, NULL, NULL);
    text = raw ? rs__html_clean(raw, strlen(raw)) : NULL;
    rs__free(raw);
    if (!text)
        return ROSTRUM_ENOMEM;
    rc = rs__doc_set(&r->doc->title, text);
    rs__free(text);
    return rc;
}

static void reader_free(html_reader *r)
{
    rs__buf_free(&r->block.text);
    rs__free(r->heads_once.keys);
    rs__free(r->heads_twice.keys);
    rs__free(r->heads_often.keys);
    rs__free(r->keys);
    rs__free(r->weak_once.keys);
    rs__free(r->weak_twice.keys);
    rs__free(r->marks);
    rs__free(r->time);
}

int rs__read_html(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                  char *errmsg, size_t errmsg_size)
{
    xmlDocPtr x = NULL;
    xmlNodePtr root;
    html_reader r;
    html_style style;
    char *lang;
    int rc;
    (void)mode;
    memset(&r, 0, sizeof r);
    memset(&style, 0, sizeof style);
    r.doc = doc;
    if (!name)
        name = "<stdin>";
    rc = rs__html_parse(name, data, size, &x, errmsg, errmsg_size);
    if (rc)
        goto done;
    root = xmlDocGetRootElement(x);
    rc = ROSTRUM_ENOMEM;
    lang = rs__xml_attr(root, "lang");
    if (rs__doc_set(&doc->language, lang) || read_title(&r, root)) {
        rs__free(lang);
        goto done;
    }
    rs__free(lang);
    /* first the running heads are counted, then the page is read */
    r.counting = 1;
    walk(&r, root, style, 0);
    rs__html_flush(&r);
    r.counting = 0;
    if (r.heads_once.failed || r.heads_twice.failed || r.heads_often.failed || r.weak_once.failed ||
        r.weak_twice.failed || rs__html_mark_furniture(&r))
        r.failed = 1;
    if (!r.failed) {
        walk(&r, root, style, 0);
        rs__html_flush(&r);
    }
    if (r.failed || rs__doc_finish(doc))
        goto done;
    rc = 0;
    if (doc->block_count == 0 || doc->statement_count == 0) {
        rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s: no text to speak (the page holds no paragraph or heading)", name);
    }
done:
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
    reader_free(&r);
    xmlFreeDoc(x);
    if (rc)
        rs__document_free(doc);
    return rc;
}

#define FRAGMENT_SNIFF_BYTES 65536

/* Whether the bytes hold the tag of an HTML element that makes blocks
 * ("<pre>", "<p class=...>", "<br/>"), within the first few kilobytes. */
static int holds_block_tag(const char *data, size_t size)
{
    static const char *const tags[] = {"pre", "p", "br", "div", "table", "h1", "h2", "h3", "body", NULL};
    const char *p = data, *end = data + (size < FRAGMENT_SNIFF_BYTES ? size : FRAGMENT_SNIFF_BYTES);
    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        size_t k, n;
        p++;
        for (k = 0; tags[k]; k++) {
            n = strlen(tags[k]);
            if ((size_t)(end - p) > n && strncasecmp(p, tags[k], n) == 0 && strchr("> \t\r\n/", p[n]))
                return 1;
        }
    }
    return 0;
}

/* Content first: a doctype or root of HTML, the XHTML namespace; a page cut
 * out of a site (its first tag an HTML element) only likely so, since
 * Markdown may open with one. A stenogram saved from an archive may open
 * with its title as bare text before "<pre>": it holds the tags of HTML's
 * blocks, which is only as sure as any text, so the .htm or .html name
 * decides (the text reader would keep the tags and join the chair's first
 * turn to the line above it). */
int rs__sniff_html(const char *data, size_t size)
{
    char local[32], ns[128];
    const char *p = data, *end = data + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (end - p >= 14 && strncasecmp(p, "<!doctype html", 14) == 0)
        return RS_SNIFF_CERTAIN;
    if (!rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns))
        return p < end && *p != '<' && holds_block_tag(data, size) ? RS_SNIFF_ANY : RS_SNIFF_NO;
    if (strcasecmp(local, "html") == 0 || strcmp(ns, "http://www.w3.org/1999/xhtml") == 0)
        return RS_SNIFF_CERTAIN;
    return rs__is_html_element(local) ? RS_SNIFF_LIKELY : RS_SNIFF_NO;
}
