/* The reader of W3C Pronunciation Lexicon Specification 1.0 files: their
 * lexemes as graphemes and pronunciations (aliases, phonemes) in order.
 * It lives here because libxml2 does; the speech stage turns IPA into
 * espeak-ng phonemes and the text stage holds the entries. */
#include <string.h>
#include <strings.h>

#include "input/xml.h"

#define PLS_NAMESPACE "http://www.w3.org/2005/01/pronunciation-lexicon"

int rs__pls_is(const char *data, size_t size)
{
    char local[64], ns[128];
    return rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns) && strcmp(local, "lexicon") == 0 &&
           strcmp(ns, PLS_NAMESPACE) == 0;
}

void rs__pls_free(rs_pls *pls)
{
    size_t i, k;
    if (!pls)
        return;
    for (i = 0; i < pls->count; i++) {
        rs_pls_lexeme *x = &pls->lexemes[i];
        for (k = 0; k < x->grapheme_count; k++)
            rs__free(x->graphemes[k]);
        for (k = 0; k < x->pronunciation_count; k++) {
            rs__free(x->pronunciations[k].text);
            rs__free(x->pronunciations[k].alphabet);
        }
        rs__free(x->graphemes);
        rs__free(x->pronunciations);
    }
    rs__free(pls->lexemes);
    rs__free(pls->language);
    rs__free(pls->alphabet);
    memset(pls, 0, sizeof *pls);
}

/* The element's text with its white space collapsed, or NULL when out of
 * memory; an empty string when it holds none. */
static char *trimmed_text(const xmlNode *node)
{
    char *raw = rs__xml_text_of(node, NULL, NULL), *copy;
    size_t r, w = 0;
    int space = 0;
    if (!raw)
        return NULL;
    for (r = 0; raw[r]; r++) {
        char c = raw[r];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = w > 0;
            continue;
        }
        if (space)
            raw[w++] = ' ';
        space = 0;
        raw[w++] = c;
    }
    raw[w] = '\0';
    copy = rs__strdup(raw);
    rs__free(raw);
    return copy;
}

/* Reads one <lexeme>: its graphemes, then its aliases and phonemes in the
 * order written, the first being the one preferred. */
static int read_lexeme(rs_pls *pls, const char *name, const xmlNode *node, char *errmsg, size_t errmsg_size)
{
    rs_pls_lexeme *x;
    const xmlNode *c;
    size_t k;
    if (rs__grow(&pls->lexemes, &pls->cap, pls->count + 1, sizeof *pls->lexemes) != 0)
        return ROSTRUM_ENOMEM;
    x = &pls->lexemes[pls->count++];
    memset(x, 0, sizeof *x);
    x->line = rs__xml_line(node);
    for (c = node->children; c; c = c->next) {
        char *text;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!rs__xml_is(c, "grapheme") && !rs__xml_is(c, "alias") && !rs__xml_is(c, "phoneme") &&
            !rs__xml_is(c, "example")) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: <%s> has no place in a <lexeme>", name, rs__xml_line(c),
                          (const char *)c->name);
            return ROSTRUM_EINPUT;
        }
        if (rs__xml_is(c, "example"))
            continue;
        text = trimmed_text(c);
        if (!text)
            return ROSTRUM_ENOMEM;
        if (!text[0]) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: the <%s> is empty", name, rs__xml_line(c),
                          (const char *)c->name);
            rs__free(text);
            return ROSTRUM_EINPUT;
        }
        if (rs__xml_is(c, "grapheme")) {
            if (x->pronunciation_count > 0) {
                rs__set_error(errmsg, errmsg_size, "%s:%zu: a <grapheme> comes before the <alias> and <phoneme>",
                              name, rs__xml_line(c));
                rs__free(text);
                return ROSTRUM_EINPUT;
            }
            if (rs__grow(&x->graphemes, &x->grapheme_cap, x->grapheme_count + 1, sizeof *x->graphemes) != 0) {
                rs__free(text);
                return ROSTRUM_ENOMEM;
            }
            x->graphemes[x->grapheme_count++] = text;
        } else {
            rs_pls_pronunciation *p;
            if (rs__grow(&x->pronunciations, &x->pronunciation_cap, x->pronunciation_count + 1,
                         sizeof *x->pronunciations) != 0) {
                rs__free(text);
                return ROSTRUM_ENOMEM;
            }
            p = &x->pronunciations[x->pronunciation_count++];
            memset(p, 0, sizeof *p);
            p->text = text;
            p->line = rs__xml_line(c);
            p->is_phoneme = rs__xml_is(c, "phoneme");
            if (xmlHasProp(c, (const xmlChar *)"prefer")) {
                char *prefer = rs__xml_attr(c, "prefer");
                if (!prefer)
                    return ROSTRUM_ENOMEM;
                p->preferred = strcmp(prefer, "true") == 0;
                rs__free(prefer);
            }
            if (p->is_phoneme) {
                p->alphabet = rs__xml_attr(c, "alphabet");
                if (!p->alphabet && pls->alphabet)
                    p->alphabet = rs__strdup(pls->alphabet);
                if (!p->alphabet) {
                    rs__set_error(errmsg, errmsg_size, "%s:%zu: the <phoneme> names no alphabet (nor does the <lexicon>)",
                                  name, p->line);
                    return ROSTRUM_EINPUT;
                }
            }
        }
    }
    if (x->grapheme_count == 0) {
        rs__set_error(errmsg, errmsg_size, "%s:%zu: the <lexeme> has no <grapheme>", name, x->line);
        return ROSTRUM_EINPUT;
    }
    if (x->pronunciation_count == 0) {
        rs__set_error(errmsg, errmsg_size, "%s:%zu: the <lexeme> has no <alias> or <phoneme>", name, x->line);
        return ROSTRUM_EINPUT;
    }
    /* PLS 1.0: the first pronunciation marked prefer="true" is the one
     * to use, else the first written; it goes first, the others keep
     * their order */
    for (k = 0; k < x->pronunciation_count && !x->pronunciations[k].preferred; k++)
        ;
    if (k > 0 && k < x->pronunciation_count) {
        rs_pls_pronunciation chosen = x->pronunciations[k];
        memmove(x->pronunciations + 1, x->pronunciations, k * sizeof *x->pronunciations);
        x->pronunciations[0] = chosen;
    }
    return 0;
}

int rs__pls_read(rs_pls *out, const char *name, const char *data, size_t size, char *errmsg, size_t errmsg_size)
{
    static const char *const roots[] = {"lexicon", NULL};
    xmlDocPtr doc = NULL;
    xmlNodePtr root = NULL;
    const xmlNode *c;
    char *version = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    rc = rs__xml_parse_root(name, data, size, roots, "a PLS <lexicon>", &doc, &root, errmsg, errmsg_size);
    if (rc)
        goto done;
    rc = ROSTRUM_EINPUT;
    if (!root->ns || strcmp((const char *)root->ns->href, PLS_NAMESPACE) != 0) {
        rs__set_error(errmsg, errmsg_size, "%s:%zu: the <lexicon> is not in the PLS namespace (%s)", name,
                      rs__xml_line(root), PLS_NAMESPACE);
        goto done;
    }
    version = rs__xml_attr(root, "version");
    if (!version || strcmp(version, "1.0") != 0) {
        rs__set_error(errmsg, errmsg_size, "%s:%zu: a PLS <lexicon> has version=\"1.0\"", name, rs__xml_line(root));
        goto done;
    }
    out->language = rs__xml_attr(root, "xml:lang");
    out->alphabet = rs__xml_attr(root, "alphabet");
    for (c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || rs__xml_is(c, "meta") || rs__xml_is(c, "metadata"))
            continue;
        if (!rs__xml_is(c, "lexeme")) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: <%s> has no place in a PLS <lexicon>", name, rs__xml_line(c),
                          (const char *)c->name);
            goto done;
        }
        rc = read_lexeme(out, name, c, errmsg, errmsg_size);
        if (rc)
            goto done;
        rc = ROSTRUM_EINPUT;
    }
    rc = 0;
done:
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory", name);
    if (rc)
        rs__pls_free(out);
    rs__free(version);
    xmlFreeDoc(doc);
    return rc;
}
