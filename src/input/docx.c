/* Word DOCX (Office Open XML): a zip whose word/document.xml holds the
 * body's paragraphs, read from memory with libzip and parsed by xml.c;
 * styles.xml says which paragraphs are headings and which runs are bold
 * or italic, docProps/core.xml gives the title and the date. Footnotes,
 * endnotes, comments, headers and footers live in parts of their own and
 * are not read. Old binary Word (.doc) is refused with the way to convert. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "input/xml.h"
#include "text/text.h"

/* A part larger than this once uncompressed is refused: a zip bomb
 * inflates a few kilobytes into gigabytes, and no sitting's text comes
 * near it. The part is read in chunks, so nothing beyond is inflated. */
#define PART_MAX ((size_t)64 * 1024 * 1024)
/* A speaker's label is a name, an office and a parenthesis: no more. */
#define LABEL_MAX 160
#define LANGS_MAX 8
#define STYLE_DEPTH 16
#define TREE_DEPTH 64

static const char doc_hint[] = "save it as .docx (Word: Save As; LibreOffice: soffice --headless --convert-to docx "
                               "FILE) and give rostrum that";

/* ---- sniffers ---- */

static int holds(const char *data, size_t size, const char *needle)
{
    size_t n = strlen(needle);
    const char *p = data, *end = data + size;
    while (p + n <= end && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p, needle, n) == 0)
            return 1;
        p++;
    }
    return 0;
}

int rs__sniff_docx(const char *data, size_t size)
{
    if (size < 4 || (memcmp(data, "PK\x03\x04", 4) != 0 && memcmp(data, "PK\x05\x06", 4) != 0))
        return RS_SNIFF_NO;
    /* a zip's local headers name their files in the clear */
    if (holds(data, size, "word/document.xml"))
        return RS_SNIFF_CERTAIN;
    /* any other zip is refused by the DOCX reader, which says what it is */
    return RS_SNIFF_LIKELY;
}

/* The OLE2 compound file of Word 97-2003 (and of a password-protected DOCX). */
int rs__sniff_doc(const char *data, size_t size)
{
    return size >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0 ? RS_SNIFF_CERTAIN : RS_SNIFF_NO;
}

int rs__read_doc(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size)
{
    (void)doc;
    (void)data;
    (void)size;
    (void)mode;
    rs__set_error(errmsg, errmsg_size,
                  "%s: an old binary Word .doc (or a password-protected Office file), which rostrum does not read; %s",
                  name ? name : "<stdin>", doc_hint);
    return ROSTRUM_EINPUT;
}

/* ---- the zip ---- */

/* Reads a part of the package into out, in chunks and never past
 * PART_MAX. Returns 0, 1 when the part is absent, or a negative code with
 * the cause in errmsg. */
static int read_part(zip_t *zip, const char *part, rs_buf *out, const char *name, char *errmsg, size_t errmsg_size)
{
    zip_int64_t index = zip_name_locate(zip, part, 0), n;
    zip_file_t *file;
    char chunk[65536];
    int rc = 0;
    if (index < 0)
        return 1;
    file = zip_fopen_index(zip, (zip_uint64_t)index, 0);
    if (!file) {
        rs__set_error(errmsg, errmsg_size, "%s: a damaged DOCX: %s cannot be opened (%s)", name, part,
                      zip_strerror(zip));
        return ROSTRUM_EINPUT;
    }
    while ((n = zip_fread(file, chunk, sizeof chunk)) > 0) {
        if (out->len + (size_t)n > PART_MAX) {
            rs__set_error(errmsg, errmsg_size, "%s: %s is larger than %zu MB once uncompressed; refused", name,
                          part, PART_MAX >> 20);
            rc = ROSTRUM_EINPUT;
            break;
        }
        if (rs__buf_append(out, chunk, (size_t)n) != 0) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
    }
    if (n < 0 && rc == 0) {
        rs__set_error(errmsg, errmsg_size, "%s: a damaged or truncated DOCX: %s cannot be read (%s)", name, part,
                      zip_file_strerror(file));
        rc = ROSTRUM_EINPUT;
    }
    zip_fclose(file);
    return rc;
}

/* Parses a part; NULL (and no error) when it is absent or not well formed:
 * for the optional parts, styles and properties. */
static xmlDocPtr optional_part(zip_t *zip, const char *part, const char *name, int *rc)
{
    rs_buf bytes = {0};
    char ignored[RS__ERRMSG_SIZE];
    xmlDocPtr x = NULL;
    int read = read_part(zip, part, &bytes, name, ignored, sizeof ignored);
    *rc = read == ROSTRUM_ENOMEM ? ROSTRUM_ENOMEM : 0;
    if (read == 0 && rs__xml_parse(part, bytes.data, bytes.len, &x, ignored, sizeof ignored) == ROSTRUM_ENOMEM)
        *rc = ROSTRUM_ENOMEM;
    rs__buf_free(&bytes);
    return x;
}

/* ---- styles ---- */

/* What the reader needs of a style: -1 where the style says nothing, so
 * that the style it is based on answers. */
typedef struct style {
    char *id;
    char *name;     /* "heading 1": Word's own names stay English in every locale */
    char *based_on;
    int bold, italic, centered;
    int outline;    /* outline level 0..9, -1 */
    char *lang;
} style;

typedef struct docx {
    rs_document *doc;
    const char *name;
    style *styles;
    size_t style_count;
    char *default_lang;  /* the document defaults' language, or NULL */
    size_t paragraph;    /* 1-based number of the paragraph being read: its "line" */
    int failed;          /* out of memory */
    char *speaker;       /* the label of the speech going on, or NULL */
    int chair;
    int resume;          /* a heading broke into that speech */
} docx;

/* An attribute w:NAME (any prefix) as a copy, or NULL. */
static char *wattr(const xmlNode *node, const char *attr)
{
    xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)attr) : NULL;
    char *copy;
    if (!v)
        return NULL;
    copy = rs__strdup((const char *)v);
    xmlFree(v);
    return copy;
}

/* <w:b/> is on; w:val="0", "false" or "off" turns it off. -1 when absent. */
static int on_off(const xmlNode *props, const char *local)
{
    xmlNodePtr e = rs__xml_child(props, local);
    char *v;
    int on;
    if (!e)
        return -1;
    v = wattr(e, "val");
    on = !v || !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0);
    rs__free(v);
    return on;
}

static int outline_of(const xmlNode *ppr)
{
    char *v = wattr(rs__xml_child(ppr, "outlineLvl"), "val");
    int level = v && v[0] >= '0' && v[0] <= '9' && !v[1] ? v[0] - '0' : -1;
    rs__free(v);
    return level;
}

static int centered_of(const xmlNode *ppr)
{
    xmlNodePtr jc = rs__xml_child(ppr, "jc");
    char *v = wattr(jc, "val");
    int centered = !jc ? -1 : v && strcmp(v, "center") == 0;
    rs__free(v);
    return centered;
}

static void styles_free(docx *d)
{
    size_t i;
    for (i = 0; i < d->style_count; i++) {
        rs__free(d->styles[i].id);
        rs__free(d->styles[i].name);
        rs__free(d->styles[i].based_on);
        rs__free(d->styles[i].lang);
    }
    rs__free(d->styles);
    rs__free(d->default_lang);
}

/* By id; a style without one (out of memory, or none given) sorts first
 * and is never found. */
static int compare_styles(const void *a, const void *b)
{
    const char *x = ((const style *)a)->id, *y = ((const style *)b)->id;
    return !x || !y ? (x != NULL) - (y != NULL) : strcmp(x, y);
}

static int read_styles(docx *d, const xmlDoc *x)
{
    xmlNodePtr root = x ? xmlDocGetRootElement(x) : NULL, c;
    size_t count = 0;
    for (c = root ? root->children : NULL; c; c = c->next)
        count += rs__xml_is(c, "style");
    d->default_lang = wattr(rs__xml_child(rs__xml_child(rs__xml_child(rs__xml_child(root, "docDefaults"), "rPrDefault"),
                                                        "rPr"),
                                          "lang"),
                            "val");
    if (count == 0)
        return 0;
    d->styles = rs__calloc(count, sizeof *d->styles);
    if (!d->styles)
        return ROSTRUM_ENOMEM;
    for (c = root->children; c; c = c->next) {
        style *s = &d->styles[d->style_count];
        xmlNodePtr rpr = rs__xml_child(c, "rPr"), ppr = rs__xml_child(c, "pPr");
        if (!rs__xml_is(c, "style"))
            continue;
        d->style_count++;
        s->id = wattr(c, "styleId");
        s->name = wattr(rs__xml_child(c, "name"), "val");
        s->based_on = wattr(rs__xml_child(c, "basedOn"), "val");
        s->lang = wattr(rs__xml_child(rpr, "lang"), "val");
        s->bold = on_off(rpr, "b");
        s->italic = on_off(rpr, "i");
        s->outline = outline_of(ppr);
        s->centered = centered_of(ppr);
    }
    /* every run looks its styles up: by halving, not one by one */
    qsort(d->styles, d->style_count, sizeof *d->styles, compare_styles);
    return 0;
}

static const style *find_style(const docx *d, const char *id)
{
    style key;
    if (!id || d->style_count == 0)
        return NULL;
    key.id = (char *)id;
    return bsearch(&key, d->styles, d->style_count, sizeof *d->styles, compare_styles);
}

/* A property of a style or of those it is based on (a bounded chain: a
 * loop in basedOn ends there); -1 when none says. */
enum { PROP_BOLD, PROP_ITALIC, PROP_CENTERED, PROP_OUTLINE };

static int style_prop(const docx *d, const style *s, int prop)
{
    int depth, v;
    for (depth = 0; s && depth < STYLE_DEPTH; depth++, s = find_style(d, s->based_on)) {
        v = prop == PROP_BOLD ? s->bold : prop == PROP_ITALIC ? s->italic : prop == PROP_CENTERED ? s->centered
                                                                                                   : s->outline;
        if (v >= 0)
            return v;
    }
    return -1;
}

static const char *style_lang(const docx *d, const style *s)
{
    int depth;
    for (depth = 0; s && depth < STYLE_DEPTH; depth++, s = find_style(d, s->based_on))
        if (s->lang)
            return s->lang;
    return NULL;
}

/* The heading level of a paragraph style: Word's "heading N" and "Title"
 * by name (any locale keeps them), else by id when styles.xml is absent. */
static int heading_style(const docx *d, const style *s, const char *id)
{
    int depth;
    for (depth = 0; s && depth < STYLE_DEPTH; depth++, s = find_style(d, s->based_on)) {
        if (s->name && strncasecmp(s->name, "heading ", 8) == 0 && s->name[8] >= '1' && s->name[8] <= '9')
            return s->name[8] - '0';
        if (s->name && strcasecmp(s->name, "title") == 0)
            return 1;
    }
    if (!s && id && !find_style(d, id)) {
        size_t n = strlen(id);
        if (strncasecmp(id, "heading", 7) == 0 && n == 8 && id[7] >= '1' && id[7] <= '9')
            return id[7] - '0';
        if (strcasecmp(id, "title") == 0 || strcasecmp(id, "titol") == 0 || strcasecmp(id, "titulo") == 0)
            return 1;
    }
    return 0;
}

/* Whether a paragraph style is one a parliament keeps for the record's own
 * lines, by its name or that of a style it is based on: the Parliament
 * of Catalonia's "D3/ Acotació horària" ("La sessió s’aixeca a la una del
 * migdia.") and "D3/ Acotació cva.", the acotación of Spanish records. */
static int record_style(const docx *d, const style *s)
{
    static const char *const words[] = {"acotaci", NULL};
    int depth;
    size_t k;
    for (depth = 0; s && depth < STYLE_DEPTH; depth++, s = find_style(d, s->based_on))
        for (k = 0; s->name && words[k]; k++)
            if (rs__xml_has(s->name, words[k]))
                return 1;
    return 0;
}

/* ---- a paragraph's runs ---- */

typedef struct lang_count {
    char *lang;
    size_t bytes;
} lang_count;

typedef struct para {
    const style *style;
    rs_buf text;
    rs_buf deleted;       /* tracked deletions: left out, shown by --explain */
    rs_buf italic;        /* for every byte of text, whether it is in italics */
    size_t bold_end;      /* bytes at the start of text in bold runs */
    int bold_open;        /* no text but bold text met yet */
    size_t plain;         /* bytes of text not in bold */
    size_t upright;       /* bytes of text not in italic */
    lang_count langs[LANGS_MAX];
    size_t lang_count;
    size_t footnotes;     /* footnote and endnote references */
} para;

static void count_lang(para *p, const char *lang, size_t bytes)
{
    size_t i;
    if (!lang)
        return;
    for (i = 0; i < p->lang_count; i++)
        if (strcmp(p->langs[i].lang, lang) == 0) {
            p->langs[i].bytes += bytes;
            return;
        }
    if (p->lang_count < LANGS_MAX && (p->langs[p->lang_count].lang = rs__strdup(lang)) != NULL)
        p->langs[p->lang_count++].bytes = bytes;
}

static size_t visible_bytes(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += !(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n');
    return n;
}

/* Appends text of a run with the run's look: where the bold start of the
 * paragraph ends, how much is plain or upright, in which language. */
static void add_text(para *p, const char *s, int bold, int italic, const char *lang)
{
    size_t visible = visible_bytes(s);
    if (visible && !bold && p->bold_open) {
        p->bold_end = p->text.len;
        p->bold_open = 0;
    }
    rs__buf_puts(&p->text, s);
    for (; *s; s++)
        rs__buf_putc(&p->italic, (char)italic);
    if (!bold)
        p->plain += visible;
    if (!italic)
        p->upright += visible;
    count_lang(p, lang, visible);
}

/* A run's own property, else its character style's, else its paragraph
 * style's; off when none says. */
static int run_prop(const docx *d, const para *p, const xmlNode *rpr, const style *rstyle, const char *local, int prop)
{
    int v = on_off(rpr, local);
    if (v < 0)
        v = style_prop(d, rstyle, prop);
    if (v < 0)
        v = style_prop(d, p->style, prop);
    return v > 0;
}

static void run(docx *d, para *p, const xmlNode *r)
{
    const xmlNode *rpr = rs__xml_child(r, "rPr"), *c;
    char *own_lang = wattr(rs__xml_child(rpr, "lang"), "val"), *rstyle = wattr(rs__xml_child(rpr, "rStyle"), "val");
    const style *character = find_style(d, rstyle);
    int bold = run_prop(d, p, rpr, character, "b", PROP_BOLD);
    int italic = run_prop(d, p, rpr, character, "i", PROP_ITALIC);
    const char *lang = own_lang;
    if (!lang)
        lang = style_lang(d, character);
    if (!lang)
        lang = style_lang(d, p->style);
    if (!lang)
        lang = d->default_lang;
    for (c = r->children; c; c = c->next) {
        if (rs__xml_is(c, "t")) {
            char *t = rs__xml_text_of(c, NULL, NULL);
            if (!t) {
                d->failed = 1;
                break;
            }
            add_text(p, t, bold, italic, lang);
            rs__free(t);
        } else if (rs__xml_is(c, "tab") || rs__xml_is(c, "ptab") || rs__xml_is(c, "br") || rs__xml_is(c, "cr")) {
            add_text(p, " ", bold, italic, lang);
        } else if (rs__xml_is(c, "noBreakHyphen")) {
            add_text(p, "-", bold, italic, lang);
        } else if (rs__xml_is(c, "footnoteReference") || rs__xml_is(c, "endnoteReference")) {
            p->footnotes++;
        }
        /* w:softHyphen is only where a word may break; w:sym a font's
         * picture; w:instrText a field's code; drawings and objects are
         * not text: all left out */
    }
    rs__free(own_lang);
    rs__free(rstyle);
}

/* The runs of a paragraph and of what wraps them: links, insertions,
 * fields' results, content controls. Deletions are left out. */
static void inline_level(docx *d, para *p, const xmlNode *parent, int depth)
{
    const xmlNode *c;
    if (depth > TREE_DEPTH)
        return;
    for (c = parent->children; c && !d->failed; c = c->next) {
        if (rs__xml_is(c, "r")) {
            run(d, p, c);
        } else if (rs__xml_is(c, "del") || rs__xml_is(c, "moveFrom")) {
            rs_buf *out = &p->deleted;
            const xmlNode *r, *t;
            for (r = c->children; r; r = r->next)
                for (t = r->children; t; t = t->next)
                    if (rs__xml_is(t, "delText") || rs__xml_is(t, "t"))
                        rs__xml_text(t, out, NULL, NULL);
        } else if (rs__xml_is(c, "hyperlink") || rs__xml_is(c, "ins") || rs__xml_is(c, "moveTo") ||
                   rs__xml_is(c, "smartTag") || rs__xml_is(c, "customXml") || rs__xml_is(c, "sdt") ||
                   rs__xml_is(c, "sdtContent") || rs__xml_is(c, "fldSimple") || rs__xml_is(c, "dir") ||
                   rs__xml_is(c, "bdo")) {
            inline_level(d, p, c, depth + 1);
        }
    }
}

/* ---- what a paragraph is ---- */

/* Whether a label names the chair: an office that presides ("The
 * SPEAKER", "La presidenta", "El vicepresident primer", "El president de
 * la Mesa d'Edat"), unless it is the head of a government or a state ("El
 * president de la Generalitat", "President of the Republic"). */
static int is_chair(const char *label)
{
    static const char *const executive[] = {"generalitat", "govern", "gobierno", "gouvernement", "republic",
                                            "repúbli", "républi", "minist", NULL};
    size_t i, main_len = strcspn(label, "(");
    char *office = rs__strndup(label, main_len);
    int chair;
    if (!office)
        return 0;
    chair = rs__xml_has(office, "speaker") || rs__xml_has(office, "chair") || rs__xml_has(office, "president") ||
            rs__xml_has(office, "presiding");
    for (i = 0; chair && executive[i]; i++)
        if (rs__xml_has(office, executive[i]))
            chair = 0;
    rs__free(office);
    return chair;
}

/* Where the speaker's label ends in a paragraph's text: after its colon
 * for "The SPEAKER: ...", at the end for a bold paragraph of its own; 0
 * when the paragraph opens with no label. *label_len is the label's length
 * without its colon. */
static size_t find_label(const para *p, const char *text, size_t lead, int centered, size_t *label_len)
{
    size_t len = strlen(text), end, after;
    const char *close;
    rs_turn turn;
    char last;
    /* the bold start is counted from the paragraph's first byte; text
     * begins lead bytes of white space later */
    end = p->bold_open ? len : p->bold_end > lead ? p->bold_end - lead : 0;
    while (end > 0 && text[end - 1] == ' ')
        end--;
    if (end > 0 && end <= LABEL_MAX) {
        last = text[end - 1];
        if (last == ':') {
            *label_len = end - 1;
            return end;
        }
        /* "The SPEAKER" in bold, then ": ..."; "The MINISTER" in bold,
         * then "(Mr X)" in plain type, alone or before a colon */
        after = end + strspn(text + end, " ");
        if (text[after] == '(' && (close = strchr(text + after, ')')) != NULL &&
            (size_t)(close + 1 - text) <= LABEL_MAX) {
            size_t rest = (size_t)(close + 1 - text) + strspn(close + 1, " ");
            if (text[rest] == ':' || (!text[rest] && !centered)) {
                *label_len = (size_t)(close + 1 - text);
                return text[rest] ? rest + 1 : rest;
            }
        }
        if (text[after] == ':') {
            *label_len = end;
            return after + 1;
        }
        /* a short bold paragraph of its own names who speaks next; not a
         * sentence, nor a centred title */
        if (p->bold_open && !centered && !strchr(".!?;", last) && visible_bytes(text) > 1) {
            *label_len = end;
            return len;
        }
    }
    /* a plain "Mr X: ..." paragraph, as the text reader takes it */
    if (rs__find_turn(text, len, &turn) && !turn.weak && (turn.titled || turn.consumed < len)) {
        *label_len = turn.label_len;
        return turn.consumed;
    }
    return 0;
}

/* A heading of figures ("203-00022/10", "396-00001/11 i 398-00001/11") is
 * the record's reference number, not a title to speak. */
static int reference_number(const char *text)
{
    size_t digits = 0, letters = 0;
    for (; *text; text++) {
        digits += *text >= '0' && *text <= '9';
        letters += (*text >= 'a' && *text <= 'z') || (*text >= 'A' && *text <= 'Z') || (unsigned char)*text >= 0x80;
    }
    return digits > letters;
}

/* The language most of the paragraph's text is in, or NULL. */
static const char *main_lang(const para *p)
{
    size_t i, best = 0;
    const char *lang = NULL;
    for (i = 0; i < p->lang_count; i++)
        if (p->langs[i].bytes > best) {
            best = p->langs[i].bytes;
            lang = p->langs[i].lang;
        }
    return lang;
}

/* The text from offset on without the notes in italics within it
 * ("Moltes gràcies. (Aplaudiments.)"): a parenthesis or bracket whose
 * every letter is italic is the record's, each kept in doc->removed. */
static char *strip_notes(docx *d, const para *p, size_t offset, size_t line)
{
    const char *text = p->text.data, *italic = p->italic.data;
    size_t i = offset, close, k;
    rs_buf out = {0};
    while (text[i]) {
        char want = text[i] == '(' ? ')' : text[i] == '[' ? ']' : 0;
        int all_italic = want != 0;
        for (close = i + 1; want && text[close] && text[close] != want; close++)
            if (text[close] != ' ' && !italic[close])
                all_italic = 0;
        if (all_italic && text[close] == want && italic[i] && italic[close]) {
            char *note = rs__strndup(text + i, close + 1 - i);
            if (!note || rs__doc_removed(d->doc, line, note, "not said: an italic note of the record in parentheses"))
                out.failed = 1;
            rs__free(note);
            rs__buf_putc(&out, ' ');
            i = close + 1;
            continue;
        }
        k = i + 1;
        while (text[k] && text[k] != '(' && text[k] != '[')
            k++;
        rs__buf_append(&out, text + i, k - i);
        i = k;
    }
    return rs__buf_take(&out); /* NULL when a growth failed */
}

static int emit(docx *d, const para *p, char *text, int level, int centered)
{
    rs_block_info info = {0};
    size_t line = d->paragraph, label_len = 0, speech;
    const char *t = text + strspn(text, " "), *end;
    char *said;
    size_t len = strlen(t);
    int rc = 0;
    info.lang = main_lang(p);
    if (p->deleted.data && p->deleted.data[0] &&
        (rc = rs__doc_removed(d->doc, line, p->deleted.data, "not said: deleted text (a tracked change)")) != 0)
        return rc;
    if (p->footnotes &&
        (rc = rs__doc_removed(d->doc, line, "footnote reference", "not read: footnotes are a part of their own")) != 0)
        return rc;
    if (!t[0])
        return 0;
    if (level > 0) {
        if (reference_number(t))
            return rs__doc_removed(d->doc, line, t, "not said: a reference number of the record");
        /* a heading opens a section, a chapter of its own, even when the
         * chair announces it mid-speech; the speech resumes after it */
        rs__doc_end_statement(d->doc);
        d->resume = d->speaker != NULL;
        return rs__doc_add_heading(d->doc, level, t, line, &info);
    }
    end = t + len;
    while (end > t && end[-1] == ' ')
        end--;
    /* "(Applause.)" in italics: what the record says happened; a title
     * within it may be set upright ("(The House sings Els segadors.)") */
    if (((t[0] == '(' && end[-1] == ')') || (t[0] == '[' && end[-1] == ']')) && p->italic.data[t - text] &&
        p->upright * 2 < visible_bytes(t)) {
        rc = rs__doc_removed(d->doc, line, t, "not said: an italic note of the record in parentheses");
        return rc ? rc : rs__doc_add_direction(d->doc, t, line, &info);
    }
    speech = find_label(p, t, (size_t)(t - text), centered, &label_len);
    if (speech > 0) {
        char *label = rs__strndup(t, label_len);
        if (!label)
            return ROSTRUM_ENOMEM;
        rs__free(d->speaker);
        d->speaker = label;
        d->chair = is_chair(label);
        d->resume = 0;
        rc = rs__doc_begin_statement(d->doc, label, NULL, d->chair, line, NULL, NULL);
        if (rc)
            return rc;
        t += speech;
    } else if (d->resume) {
        d->resume = 0;
        rc = rs__doc_begin_statement(d->doc, d->speaker, NULL, d->chair, line, NULL, NULL);
        if (rc)
            return rc;
    }
    said = strip_notes(d, p, (size_t)(t - text), line);
    if (!said)
        return ROSTRUM_ENOMEM;
    /* a paragraph in the record's style is the record's line; a note in
     * parentheses in that style is a direction above, like any other */
    info.record = record_style(d, p->style);
    rc = rs__doc_add_paragraph(d->doc, said, line, &info);
    rs__free(said);
    return rc;
}

static void paragraph(docx *d, const xmlNode *node)
{
    const xmlNode *ppr = rs__xml_child(node, "pPr");
    char *id = wattr(rs__xml_child(ppr, "pStyle"), "val"), *text;
    int outline = outline_of(ppr), centered = centered_of(ppr), level;
    para p;
    size_t i;
    memset(&p, 0, sizeof p);
    d->paragraph++;
    p.style = find_style(d, id);
    p.bold_open = 1;
    if (outline < 0)
        outline = style_prop(d, p.style, PROP_OUTLINE);
    if (centered < 0)
        centered = style_prop(d, p.style, PROP_CENTERED) > 0;
    level = heading_style(d, p.style, id);
    /* an outline level 0..8 makes a heading; 9 is body text */
    if (level == 0 && outline >= 0 && outline < 9)
        level = outline + 1;
    inline_level(d, &p, node, 0);
    rs__buf_putc(&p.text, '\0');
    rs__buf_putc(&p.deleted, '\0');
    rs__buf_putc(&p.italic, '\0');
    if (p.text.failed || p.deleted.failed || p.italic.failed)
        d->failed = 1;
    if (!d->failed) {
        /* every white space one space, as the builder will make it */
        for (text = p.text.data; *text; text++)
            if (*text == '\t' || *text == '\r' || *text == '\n')
                *text = ' ';
        if (emit(d, &p, p.text.data, level > 6 ? 6 : level, centered))
            d->failed = 1;
    }
    rs__buf_free(&p.text);
    rs__buf_free(&p.deleted);
    rs__buf_free(&p.italic);
    for (i = 0; i < p.lang_count; i++)
        rs__free(p.langs[i].lang);
    rs__free(id);
}

/* The body's paragraphs, in tables' cells and content controls too. */
static void block_level(docx *d, const xmlNode *parent, int depth)
{
    const xmlNode *c;
    if (depth > TREE_DEPTH)
        return;
    for (c = parent->children; c && !d->failed; c = c->next) {
        if (rs__xml_is(c, "p"))
            paragraph(d, c);
        else if (rs__xml_is(c, "tbl") || rs__xml_is(c, "tr") || rs__xml_is(c, "tc") || rs__xml_is(c, "sdt") ||
                 rs__xml_is(c, "sdtContent") || rs__xml_is(c, "customXml") || rs__xml_is(c, "ins") ||
                 rs__xml_is(c, "moveTo"))
            block_level(d, c, depth + 1);
    }
}

/* ---- the package ---- */

/* The title and the date (the day the document was created) from the
 * core properties, when the package has them. */
static int read_properties(rs_document *doc, const xmlDoc *x)
{
    xmlNodePtr root = x ? xmlDocGetRootElement(x) : NULL;
    char *title = rs__xml_text_of(rs__xml_child(root, "title"), NULL, NULL);
    char *created = rs__xml_text_of(rs__xml_child(root, "created"), NULL, NULL);
    int rc = ROSTRUM_ENOMEM;
    if (!title || !created)
        goto done;
    /* "2015-11-19T11:47:00Z": the day */
    if (strlen(created) >= 10 && created[4] == '-' && created[7] == '-')
        created[10] = '\0';
    else
        created[0] = '\0';
    if (rs__doc_set(&doc->title, title) || rs__doc_set(&doc->date, created))
        goto done;
    rc = 0;
done:
    rs__free(title);
    rs__free(created);
    return rc;
}

/* The parts beside the body that hold words the reader leaves out, named
 * for --explain. */
static int parts_not_read(rs_document *doc, zip_t *zip)
{
    static const struct {
        const char *prefix;
        const char *why;
    } parts[] = {
        {"word/footnotes", "not read: the footnotes (a part of the DOCX of their own)"},
        {"word/endnotes", "not read: the endnotes (a part of the DOCX of their own)"},
        {"word/comments", "not read: the comments (a part of the DOCX of their own)"},
        {"word/header", "not read: a page header (a part of the DOCX of its own)"},
        {"word/footer", "not read: a page footer (a part of the DOCX of its own)"},
    };
    zip_int64_t count = zip_get_num_entries(zip, 0), i;
    size_t k;
    for (i = 0; i < count; i++) {
        const char *entry = zip_get_name(zip, (zip_uint64_t)i, 0);
        for (k = 0; entry && k < sizeof parts / sizeof parts[0]; k++)
            if (strncmp(entry, parts[k].prefix, strlen(parts[k].prefix)) == 0 && strstr(entry, ".xml") &&
                !strchr(entry + 5, '/') && rs__doc_removed(doc, 1, entry, parts[k].why))
                return ROSTRUM_ENOMEM;
    }
    return 0;
}

/* A zip that is no DOCX: said what it is when its mimetype says so. */
static void not_docx(zip_t *zip, const char *name, char *errmsg, size_t errmsg_size)
{
    rs_buf type = {0};
    char ignored[RS__ERRMSG_SIZE];
    if (read_part(zip, "mimetype", &type, name, ignored, sizeof ignored) == 0 && rs__buf_putc(&type, '\0') == 0 &&
        !type.failed && type.len < 128 && strncmp(type.data, "application/vnd.oasis.opendocument", 34) == 0)
        rs__set_error(errmsg, errmsg_size, "%s: an OpenDocument file (%s), not a Word DOCX; %s", name, type.data,
                      doc_hint);
    else
        rs__set_error(errmsg, errmsg_size, "%s: a zip archive that is not a Word DOCX (it holds no word/document.xml)",
                      name);
    rs__buf_free(&type);
}

static int read_body(docx *d, zip_t *zip, char *errmsg, size_t errmsg_size)
{
    static const char *const roots[] = {"document", NULL};
    rs_buf bytes = {0};
    xmlDocPtr x = NULL;
    xmlNodePtr root = NULL, body;
    char where[RS__ERRMSG_SIZE];
    int rc = read_part(zip, "word/document.xml", &bytes, d->name, errmsg, errmsg_size);
    if (rc == 1) {
        not_docx(zip, d->name, errmsg, errmsg_size);
        rc = ROSTRUM_EINPUT;
    }
    if (rc)
        goto done;
    snprintf(where, sizeof where, "%s: word/document.xml", d->name);
    rc = rs__xml_parse_root(where, bytes.data, bytes.len, roots, "WordprocessingML's <w:document>", &x, &root, errmsg,
                            errmsg_size);
    if (rc)
        goto done;
    body = rs__xml_child(root, "body");
    rc = ROSTRUM_EINPUT;
    if (!body) {
        rs__set_error(errmsg, errmsg_size, "%s: word/document.xml holds no <w:body>", d->name);
        goto done;
    }
    block_level(d, body, 0);
    rc = d->failed ? ROSTRUM_ENOMEM : 0;
done:
    xmlFreeDoc(x);
    rs__buf_free(&bytes);
    return rc;
}

/* A statement speaks the language most of its text is in, where the
 * runs say: a Spanish speech in a Catalan record gets a Spanish voice.
 * Statements without a block (dropped when the model is finished) take
 * none. */
static int statement_langs(rs_document *doc)
{
    size_t i, b, k;
    for (i = 0; i < doc->statement_count; i++) {
        rs_statement *st = &doc->statements[i];
        const char *best = NULL;
        size_t best_bytes = 0;
        for (b = st->first_block; b < st->first_block + st->block_count; b++) {
            size_t bytes = 0;
            const char *lang = doc->blocks[b].lang;
            if (!lang)
                continue;
            for (k = st->first_block; k < st->first_block + st->block_count; k++)
                if (doc->blocks[k].lang && strcmp(doc->blocks[k].lang, lang) == 0)
                    bytes += strlen(doc->blocks[k].text);
            if (bytes > best_bytes) {
                best = lang;
                best_bytes = bytes;
            }
        }
        if (best && !st->lang_owned) {
            st->lang_owned = rs__strdup(best);
            if (!st->lang_owned)
                return ROSTRUM_ENOMEM;
            st->lang = st->lang_owned;
        }
    }
    return 0;
}

int rs__read_docx(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                  char *errmsg, size_t errmsg_size)
{
    zip_error_t zerr;
    zip_source_t *src = NULL;
    zip_t *zip = NULL;
    xmlDocPtr styles = NULL, core = NULL;
    docx d;
    int rc;
    (void)mode;
    memset(&d, 0, sizeof d);
    d.doc = doc;
    d.name = name ? name : "<stdin>";
    zip_error_init(&zerr);
    rc = ROSTRUM_EINPUT;
    /* libzip reads the caller's bytes where they are */
    src = zip_source_buffer_create(data, size, 0, &zerr);
    if (src)
        zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!zip) {
        rs__set_error(errmsg, errmsg_size, "%s: a damaged or truncated DOCX: not a readable zip archive (%s)", d.name,
                      zip_error_strerror(&zerr));
        zip_source_free(src);
        goto done;
    }
    styles = optional_part(zip, "word/styles.xml", d.name, &rc);
    if (!rc)
        core = optional_part(zip, "docProps/core.xml", d.name, &rc);
    if (rc || (rc = read_styles(&d, styles)) != 0 || (rc = read_properties(doc, core)) != 0)
        goto done;
    rc = read_body(&d, zip, errmsg, errmsg_size);
    if (!rc && (rs__doc_set(&doc->language, d.default_lang) || parts_not_read(doc, zip) || statement_langs(doc)))
        rc = ROSTRUM_ENOMEM;
done:
    if (zip)
        zip_discard(zip);
    xmlFreeDoc(styles);
    xmlFreeDoc(core);
    styles_free(&d);
    rs__free(d.speaker);
    zip_error_fini(&zerr);
    return rs__doc_end(doc, d.name, rc, "the DOCX's body holds no paragraph", errmsg, errmsg_size);
}
