/* Safe XML for every XML reader: libxml2 with network access off, no DTD
 * loading, no external entities, no entity substitution by the parser
 * (XML_PARSE_NOENT is never set, nor XML_PARSE_HUGE, so libxml2's own
 * limits on entity amplification stay on), errors as "file:line: cause".
 * An entity is expanded by rs__xml_text only when internal and short, and
 * never recursively, so a "billion laughs" file costs nothing and an
 * external entity is never read. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "input/xml.h"

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)
/* the longest entity replacement taken into the text: a character or a word */
#define ENTITY_MAX 64

/* libxml2's parser functions print nothing with these options; its
 * generic error handler is silenced once as well. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The first error is the cause; those after it follow from it. */
typedef struct first_error {
    int line;
    int code;
    char message[256];
} first_error;

static void keep_first(void *user, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = user;
    first_error *first = ctxt ? ctxt->_private : NULL;
    if (!first || first->message[0] || !err || err->level < XML_ERR_ERROR)
        return;
    first->line = err->line;
    first->code = err->code;
    snprintf(first->message, sizeof first->message, "%s", err->message ? err->message : "not well-formed XML");
}

static xmlDocPtr parse(const char *name, const char *data, size_t size, char *errmsg, size_t errmsg_size, int *rc)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc = NULL;
    first_error first;
    *rc = ROSTRUM_ENOMEM;
    if (size > (size_t)0x7fffffff) {
        *rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s: too large for the XML reader", name);
        return NULL;
    }
    xmlSetGenericErrorFunc(NULL, quiet);
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
        return NULL;
    }
    memset(&first, 0, sizeof first);
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first;
    doc = xmlCtxtReadMemory(ctxt, data, (int)size, NULL, NULL, PARSE_OPTIONS);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *err = xmlCtxtGetLastError(ctxt);
        size_t n;
        if (!first.message[0] && err) {
            keep_first(ctxt, (xmlErrorPtr)err);
        }
        if (!first.message[0])
            snprintf(first.message, sizeof first.message, "not well-formed XML");
        n = strlen(first.message);
        while (n > 0 && (first.message[n - 1] == '\n' || first.message[n - 1] == ' '))
            first.message[--n] = '\0';
        *rc = first.code == XML_ERR_NO_MEMORY ? ROSTRUM_ENOMEM : ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s:%d: malformed XML: %s", name, first.line > 0 ? first.line : 1,
                      first.message);
        xmlFreeDoc(doc);
        doc = NULL;
    } else {
        *rc = 0;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int rs__xml_parse(const char *name, const char *data, size_t size, xmlDocPtr *out, char *errmsg,
                  size_t errmsg_size)
{
    int rc;
    *out = parse(name ? name : "<stdin>", data, size, errmsg, errmsg_size, &rc);
    if (!rc && !xmlDocGetRootElement(*out)) {
        xmlFreeDoc(*out);
        *out = NULL;
        rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s:1: malformed XML: no root element", name);
    }
    return rc;
}

int rs__xml_parse_root(const char *name, const char *data, size_t size, const char *const *roots, const char *what,
                       xmlDocPtr *out, xmlNodePtr *root, char *errmsg, size_t errmsg_size)
{
    int rc = rs__xml_parse(name, data, size, out, errmsg, errmsg_size);
    size_t i;
    if (rc)
        return rc;
    *root = xmlDocGetRootElement(*out);
    for (i = 0; roots[i]; i++)
        if (rs__xml_is(*root, roots[i]))
            return 0;
    rs__set_error(errmsg, errmsg_size, "%s:%zu: the root element is <%s>, not %s", name ? name : "<stdin>",
                  rs__xml_line(*root), (const char *)(*root)->name, what);
    return ROSTRUM_EINPUT;
}

xmlDocPtr rs__xml_parse_file(const char *path, size_t max_size)
{
    FILE *f = fopen(path, "rb");
    rs_buf data = {0};
    char chunk[65536], errmsg[16];
    size_t n;
    int rc;
    xmlDocPtr doc = NULL;
    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && data.len + n <= max_size)
        if (rs__buf_append(&data, chunk, n) != 0)
            break;
    if (!ferror(f) && !data.failed && n == 0 && data.len > 0)
        doc = parse(path, data.data, data.len, errmsg, sizeof errmsg, &rc);
    fclose(f);
    rs__buf_free(&data);
    return doc;
}

/* The encoding an HTML page's own bytes name, for the parser: NULL when a
 * meta charset or a byte order mark says it (libxml2 reads those itself);
 * an XML declaration's encoding (XHTML, which the HTML parser does not
 * read) copied into buf; else UTF-8, not libxml2's Latin-1 guess, unless
 * the bytes are not UTF-8: then windows-1252, as browsers guess. */
static const char *html_encoding(const char *data, size_t size, char *buf, size_t buf_size)
{
    size_t look = size < 4096 ? size : 4096, i, n;
    if (size >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                      ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF) ||
                      (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)))
        return NULL;
    for (i = 0; i + 8 <= look; i++)
        if (strncasecmp(data + i, "charset=", 8) == 0 || strncasecmp(data + i, "charset ", 8) == 0)
            return NULL;
    if (look >= 5 && memcmp(data, "<?xml", 5) == 0) {
        const char *end = memchr(data, '>', look), *p;
        for (p = data; end && p + 9 < end; p++) {
            if (strncmp(p, "encoding=", 9) != 0 || (p[9] != '"' && p[9] != '\''))
                continue;
            for (n = 0, p += 10; p < end && *p != '"' && *p != '\'' && n + 1 < buf_size; p++)
                buf[n++] = *p;
            buf[n] = '\0';
            if (n > 0)
                return buf;
            break;
        }
    }
    for (i = 0; i < size; i += n)
        if ((n = rs__utf8_valid_len((const unsigned char *)data + i, size - i)) == 0)
            return "windows-1252";
    return "UTF-8";
}

int rs__html_parse(const char *name, const char *data, size_t size, xmlDocPtr *out, char *errmsg,
                   size_t errmsg_size)
{
    htmlParserCtxtPtr ctxt;
    char encoding[64];
    const char *declared;
    *out = NULL;
    if (!name)
        name = "<stdin>";
    if (size > (size_t)0x7fffffff) {
        rs__set_error(errmsg, errmsg_size, "%s: too large for the HTML reader", name);
        return ROSTRUM_EINPUT;
    }
    xmlSetGenericErrorFunc(NULL, quiet);
    ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
        return ROSTRUM_ENOMEM;
    }
    declared = html_encoding(data, size, encoding, sizeof encoding);
    *out = htmlCtxtReadMemory(ctxt, data, (int)size, NULL, declared,
                              HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    htmlFreeParserCtxt(ctxt);
    if (!*out || !xmlDocGetRootElement(*out)) {
        xmlFreeDoc(*out);
        *out = NULL;
        rs__set_error(errmsg, errmsg_size, "%s:1: no HTML to read", name);
        return ROSTRUM_EINPUT;
    }
    return 0;
}

int rs__xml_is(const xmlNode *node, const char *local)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, local) == 0;
}

char *rs__xml_attr(const xmlNode *node, const char *attr)
{
    xmlChar *v;
    char *copy;
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    if (strncmp(attr, "xml:", 4) == 0)
        v = xmlGetNsProp(node, (const xmlChar *)attr + 4, XML_XML_NAMESPACE);
    else
        v = xmlGetNoNsProp(node, (const xmlChar *)attr);
    if (!v)
        return NULL;
    copy = rs__strdup((const char *)v);
    xmlFree(v);
    return copy;
}

xmlNodePtr rs__xml_child(const xmlNode *node, const char *local)
{
    xmlNodePtr c;
    for (c = node ? node->children : NULL; c; c = c->next)
        if (rs__xml_is(c, local))
            return c;
    return NULL;
}

size_t rs__xml_line(const xmlNode *node)
{
    long line = node ? xmlGetLineNo(node) : 0;
    return line > 0 ? (size_t)line : 1;
}

char *rs__xml_lang(const xmlNode *node)
{
    for (; node && node->type == XML_ELEMENT_NODE; node = node->parent) {
        char *lang = rs__xml_attr(node, "xml:lang");
        if (lang)
            return lang;
    }
    return NULL;
}

static void text_of(const xmlNode *node, rs_buf *out, rs_xml_skip_fn skip, void *user, int depth)
{
    const xmlNode *c;
    if (depth > 256)
        return; /* libxml2 stops deeper trees; this is a second fence */
    for (c = node->children; c; c = c->next) {
        switch (c->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (c->content)
                rs__buf_puts(out, (const char *)c->content);
            break;
        case XML_ENTITY_REF_NODE: {
            /* an internal entity such as ParlParse's &mdash; "&#8212;":
             * its replacement when short and free of further references */
            xmlEntityPtr e = xmlGetDocEntity(c->doc, c->name);
            if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
                strlen((const char *)e->content) <= ENTITY_MAX && !strchr((const char *)e->content, '&') &&
                !strchr((const char *)e->content, '<'))
                rs__buf_puts(out, (const char *)e->content);
            break;
        }
        case XML_ELEMENT_NODE:
            if (!skip || !skip(user, c))
                text_of(c, out, skip, user, depth + 1);
            break;
        default:
            break;
        }
    }
}

void rs__xml_text(const xmlNode *node, rs_buf *out, rs_xml_skip_fn skip, void *user)
{
    if (node)
        text_of(node, out, skip, user, 0);
}

char *rs__xml_text_of(const xmlNode *node, rs_xml_skip_fn skip, void *user)
{
    rs_buf b = {0};
    rs__xml_text(node, &b, skip, user);
    return rs__buf_take(&b); /* NULL when a growth failed */
}

static int is_name_byte(char c)
{
    return c && !strchr(" \t\r\n/>=\"'", c);
}

int rs__xml_peek_root(const char *data, size_t size, char *local, size_t local_size, char *ns, size_t ns_size)
{
    const char *p = data, *end = data + size, *tag, *colon = NULL, *q;
    size_t n;
    local[0] = ns[0] = '\0';
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (p >= end || *p != '<')
            return 0;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            q = p + 4;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            if (q + 3 > end)
                return 0;
            p = q + 3;
        } else if (end - p >= 2 && (p[1] == '?' || p[1] == '!')) {
            /* a declaration, or a DOCTYPE whose internal subset is in [ ] */
            int depth = 0;
            for (q = p + 2; q < end && (depth > 0 || *q != '>'); q++)
                depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
            if (q >= end)
                return 0;
            p = q + 1;
        } else {
            break;
        }
    }
    tag = ++p;
    while (p < end && is_name_byte(*p)) {
        if (*p == ':')
            colon = p;
        p++;
    }
    if (p == tag)
        return 0;
    q = colon ? colon + 1 : tag;
    n = (size_t)(p - q) < local_size - 1 ? (size_t)(p - q) : local_size - 1;
    memcpy(local, q, n);
    local[n] = '\0';
    /* the default namespace, or the one bound to the root's prefix */
    {
        const char *tag_end = memchr(p, '>', (size_t)(end - p));
        char want[80];
        if (colon)
            snprintf(want, sizeof want, "xmlns:%.*s=", (int)(colon - tag < 70 ? colon - tag : 70), tag);
        else
            snprintf(want, sizeof want, "xmlns=");
        for (q = p; tag_end && q + strlen(want) < tag_end; q++) {
            if (memcmp(q, want, strlen(want)) == 0 && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\t' || q[-1] == '\r')) {
                char quote = q[strlen(want)];
                const char *v = q + strlen(want) + 1, *ve = v;
                while (ve < tag_end && *ve != quote)
                    ve++;
                n = (size_t)(ve - v) < ns_size - 1 ? (size_t)(ve - v) : ns_size - 1;
                memcpy(ns, v, n);
                ns[n] = '\0';
                break;
            }
        }
    }
    return 1;
}

/* ---- XML that no reader takes ---- */

/* XML of a vocabulary no reader knows: said as such, root named, rather
 * than read aloud as text full of tags. HTML, a whole page or a part of one
 * (a root such as <div> in no namespace), is left to the HTML reader. */
int rs__sniff_xml(const char *data, size_t size)
{
    char local[64], ns[128];
    if (!rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns) || strcasecmp(local, "html") == 0 ||
        (!ns[0] && rs__is_html_element(local)))
        return RS_SNIFF_NO;
    return RS_SNIFF_LIKELY + 10;
}

int rs__read_xml(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size)
{
    xmlDocPtr x = NULL;
    xmlNodePtr root;
    int rc;
    (void)doc;
    (void)mode;
    if (!name)
        name = "<stdin>";
    rc = rs__xml_parse(name, data, size, &x, errmsg, errmsg_size);
    if (rc)
        return rc;
    root = xmlDocGetRootElement(x);
    if (root->ns && root->ns->href && strcmp((const char *)root->ns->href, "http://www.tei-c.org/ns/1.0") == 0) {
        /* a listPerson or listOrg file of a corpus */
        rs__set_error(errmsg, errmsg_size,
                      "%s:%zu: a TEI <%s> file, not a sitting: the sittings beside it use it (render those)", name,
                      rs__xml_line(root), (const char *)root->name);
    } else {
        rs__set_error(errmsg, errmsg_size,
                      "%s:%zu: XML whose root element is <%s>%s%s%s: not a format rostrum reads (TEI, Akoma Ntoso, "
                      "ParlParse); --format names one",
                      name, rs__xml_line(root), (const char *)root->name,
                      root->ns && root->ns->href ? " (namespace " : "",
                      root->ns && root->ns->href ? (const char *)root->ns->href : "",
                      root->ns && root->ns->href ? ")" : "");
    }
    rc = root->ns && root->ns->href && strcmp((const char *)root->ns->href, "http://www.tei-c.org/ns/1.0") == 0
             ? ROSTRUM_ENOSTATEMENT
             : ROSTRUM_EINPUT;
    xmlFreeDoc(x);
    return rc;
}

int rs__xml_has(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; haystack && *haystack; haystack++)
        if (strncasecmp(haystack, needle, n) == 0)
            return 1;
    return 0;
}

int rs__xml_names_add(rs_xml_names *names, char *id, char *name, int kind)
{
    if (rs__grow(&names->items, &names->cap, names->count + 1, sizeof *names->items) != 0) {
        rs__free(id);
        rs__free(name);
        return ROSTRUM_ENOMEM;
    }
    names->items[names->count].id = id;
    names->items[names->count].name = name;
    names->items[names->count++].kind = kind;
    return 0;
}

const char *rs__xml_names_find(const rs_xml_names *names, const char *id, int kind)
{
    size_t i;
    for (i = names->count; id && i-- > 0;)
        if (names->items[i].kind == kind && strcmp(names->items[i].id, id) == 0)
            return names->items[i].name;
    return NULL;
}

void rs__xml_names_free(rs_xml_names *names)
{
    size_t i;
    for (i = 0; i < names->count; i++) {
        rs__free(names->items[i].id);
        rs__free(names->items[i].name);
    }
    rs__free(names->items);
    memset(names, 0, sizeof *names);
}
