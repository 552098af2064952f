/* ParlaMint / Parla-CLARIN TEI: a sitting's <u who ana> utterances of
 * <seg> paragraphs under <div> sections with a <head>. What the speaker
 * did not say (<note>, <kinesic>, <vocal>, <incident>, <gap>) becomes a
 * direction or is left out, and said so. Speaker names come from a
 * <listPerson> in the file or in an XML file beside it (a listPerson file,
 * or one a teiCorpus root includes), read with the same safe parser from
 * the same folder only; else from the reference ("#LindsayHoyle"). */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "input/xml.h"

#define TEI_NS "http://www.tei-c.org/ns/1.0"
#define SIBLING_MAX_BYTES (64u << 20)
#define SIBLING_MAX_FILES 16

typedef struct tei {
    rs_document *doc;
    rs_xml_names people; /* listPerson: names by xml:id, a later list winning */
    char *time;        /* from the last <note type="time">, for the next utterance */
    int in_u;
    int failed;
} tei;

int rs__sniff_tei(const char *data, size_t size)
{
    char local[32], ns[128];
    if (!rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns))
        return RS_SNIFF_NO;
    if (strcmp(local, "TEI") != 0 && strcmp(local, "teiCorpus") != 0)
        return RS_SNIFF_NO;
    return strcmp(ns, TEI_NS) == 0 ? RS_SNIFF_CERTAIN : RS_SNIFF_LIKELY + 20;
}

/* ---- people ---- */

static void add_person(tei *t, const char *id, char *name)
{
    char *copy = rs__strdup(id);
    if (!copy) {
        rs__free(name);
        t->failed = 1;
    } else if (rs__xml_names_add(&t->people, copy, name, 0)) {
        t->failed = 1;
    }
}

/* "Aitor Esteban Bravo" from <persName><forename/><surname/>...; or the
 * persName's text when it has no parts. */
static char *person_name(const xmlNode *pers)
{
    rs_buf b = {0};
    const xmlNode *c;
    int parts = 0;
    int pass;
    /* forenames first, then surnames, as a name is said */
    for (pass = 0; pass < 2; pass++) {
        for (c = pers->children; c; c = c->next) {
            if (pass == 0 ? rs__xml_is(c, "forename")
                          : rs__xml_is(c, "surname") || rs__xml_is(c, "nameLink")) {
                if (b.len)
                    rs__buf_putc(&b, ' ');
                rs__xml_text(c, &b, NULL, NULL);
                parts++;
            }
        }
    }
    if (!parts)
        rs__xml_text(pers, &b, NULL, NULL);
    return rs__buf_take(&b); /* NULL when a growth failed */
}

static void collect_people(tei *t, const xmlNode *node, int depth)
{
    const xmlNode *c;
    if (depth > 64)
        return;
    for (c = node->children; c && !t->failed; c = c->next) {
        if (rs__xml_is(c, "person")) {
            char *id = rs__xml_attr(c, "xml:id");
            xmlNodePtr pers = rs__xml_child(c, "persName");
            if (id && pers) {
                char *name = person_name(pers);
                if (name)
                    add_person(t, id, name);
                else
                    t->failed = 1;
            }
            rs__free(id);
        } else if (c->type == XML_ELEMENT_NODE && !rs__xml_is(c, "text")) {
            collect_people(t, c, depth + 1);
        }
    }
}

static const char *find_person(const tei *t, const char *id)
{
    return rs__xml_names_find(&t->people, id, 0);
}

/* A file name beside the sitting: one path component, no way out of the folder. */
static int plain_name(const char *s)
{
    return s[0] && s[0] != '.' && !strchr(s, '/') && !strchr(s, '\\');
}

static void read_sibling(tei *t, const char *dir, const char *file, int depth);

/* What a teiCorpus root includes by xi:include href="ParlaMint-ES-listPerson.xml". */
static void follow_includes(tei *t, const char *dir, const xmlNode *node, int depth)
{
    const xmlNode *c;
    for (c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (rs__xml_is(c, "include")) {
            char *href = rs__xml_attr(c, "href");
            if (href && plain_name(href) && rs__xml_has(href, "person"))
                read_sibling(t, dir, href, depth + 1);
            rs__free(href);
        } else if (!rs__xml_is(c, "TEI")) {
            follow_includes(t, dir, c, depth);
        }
    }
}

static void read_sibling(tei *t, const char *dir, const char *file, int depth)
{
    rs_buf path = {0};
    xmlDocPtr x;
    struct stat st;
    if (depth > 2)
        return;
    rs__buf_printf(&path, "%s/%s", dir, file);
    rs__buf_putc(&path, '\0');
    if (path.failed || stat(path.data, &st) != 0 || !S_ISREG(st.st_mode)) {
        rs__buf_free(&path);
        return;
    }
    x = rs__xml_parse_file(path.data, SIBLING_MAX_BYTES);
    rs__buf_free(&path);
    if (!x)
        return;
    collect_people(t, xmlDocGetRootElement(x), 0);
    if (rs__xml_is(xmlDocGetRootElement(x), "teiCorpus"))
        follow_includes(t, dir, xmlDocGetRootElement(x), depth);
    xmlFreeDoc(x);
}

/* Files beside the sitting whose name says they list people, and
 * teiCorpus roots (which include the list): at most a few. */
static void read_siblings(tei *t, const char *name)
{
    const char *slash = strrchr(name, '/');
    char *dir = slash ? rs__strndup(name, (size_t)(slash - name)) : rs__strdup(".");
    const char *self = slash ? slash + 1 : name;
    DIR *d;
    struct dirent *e;
    int files = 0;
    if (!dir)
        return;
    d = opendir(dir[0] ? dir : "/");
    while (d && (e = readdir(d)) != NULL && files < SIBLING_MAX_FILES) {
        size_t n = strlen(e->d_name);
        if (!plain_name(e->d_name) || strcmp(e->d_name, self) == 0 || n < 4 ||
            strcasecmp(e->d_name + n - 4, ".xml") != 0)
            continue;
        if (rs__xml_has(e->d_name, "listperson") || rs__xml_has(e->d_name, "teicorpus") ||
            rs__xml_has(e->d_name, "-root")) {
            read_sibling(t, dir, e->d_name, 0);
            files++;
        }
    }
    if (d)
        closedir(d);
    rs__free(dir);
}

/* "#LindsayHoyle" -> "Lindsay Hoyle"; "#Garzón" stays. */
static char *name_from_ref(const char *ref)
{
    rs_buf b = {0};
    size_t i;
    int lower_before = 0;
    if (ref[0] == '#')
        ref++;
    for (i = 0; ref[i];) {
        size_t n;
        uint32_t cp = rs__utf8_decode(ref + i, &n);
        /* "IvanGašparovič.1941": a number after a dot tells namesakes apart */
        if (ref[i] == '.' && ref[i + 1] >= '0' && ref[i + 1] <= '9')
            break;
        if (b.len > 0 && rs__cp_is_upper(cp) && lower_before)
            rs__buf_putc(&b, ' ');
        lower_before = rs__cp_is_lower(cp);
        if (ref[i] == '_' || ref[i] == '.')
            rs__buf_putc(&b, ' ');
        else
            rs__buf_append(&b, ref + i, n ? n : 1);
        i += n ? n : 1;
    }
    return rs__buf_take(&b); /* NULL when a growth failed */
}

/* ---- the sitting ---- */

static int not_said(const xmlNode *e)
{
    return rs__xml_is(e, "note") || rs__xml_is(e, "kinesic") || rs__xml_is(e, "vocal") ||
           rs__xml_is(e, "incident") || rs__xml_is(e, "gap") || rs__xml_is(e, "desc");
}

static const char *why_of(const xmlNode *e)
{
    if (rs__xml_is(e, "note"))
        return "not said: <note>, a note of the record";
    if (rs__xml_is(e, "kinesic"))
        return "not said: <kinesic>, a gesture or applause";
    if (rs__xml_is(e, "vocal"))
        return "not said: <vocal>, a sound or interjection";
    if (rs__xml_is(e, "incident"))
        return "not said: <incident>, an event in the room";
    if (rs__xml_is(e, "gap"))
        return "not said: <gap>, text left out of the record";
    return "not said";
}

/* Inside a <seg>: notes and sounds are left out, and said so. */
static int skip_inline(void *user, const xmlNode *e)
{
    tei *t = user;
    if (!not_said(e))
        return 0;
    if (!rs__xml_is(e, "desc")) {
        char *text = rs__xml_text_of(e, NULL, NULL);
        if (!text || rs__doc_removed(t->doc, rs__xml_line(e), text, why_of(e)))
            t->failed = 1;
        rs__free(text);
    }
    return 1;
}

/* A <note>, <kinesic>, <vocal>, <incident> between paragraphs: a direction
 * (its text, or its <desc>, or its type); a <gap>, a time note or a
 * speaker note is left out. */
static void direction(tei *t, const xmlNode *e)
{
    char *text = rs__xml_text_of(e, NULL, NULL), *type = rs__xml_attr(e, "type");
    rs_block_info info = {0};
    size_t line = rs__xml_line(e);
    int rc = 0;
    if (!text) {
        t->failed = 1;
        rs__free(type);
        return;
    }
    if (rs__xml_is(e, "note") && type && strcmp(type, "time") == 0) {
        rs__free(t->time);
        t->time = rs__strdup(text);
        rc = rs__doc_removed(t->doc, line, text, "not said: <note type=\"time\">, the time (in the manifest)");
    } else if (rs__xml_is(e, "gap")) {
        rc = rs__doc_removed(t->doc, line, text[0] ? text : type ? type : "", why_of(e));
    } else if (rs__xml_is(e, "note") && type && strcmp(type, "speaker") == 0) {
        /* "PREDSEDNIK RAFAEL KUŽNIK:" before the chair's <u>: the label as
         * printed, which the utterance's speaker says already; as a
         * direction it would fall to the statement before */
        rc = rs__doc_removed(t->doc, line, text, "not said: <note type=\"speaker\">, who speaks next as printed");
    } else {
        const char *shown = text;
        size_t k;
        for (k = 0; text[k] == ' ' || text[k] == '\n' || text[k] == '\t' || text[k] == '\r'; k++)
            ;
        if (!text[k] && type)
            shown = type;
        info.lang = NULL;
        rc = rs__doc_removed(t->doc, line, shown, why_of(e));
        if (!rc)
            rc = rs__doc_add_direction(t->doc, shown, line, &info);
    }
    if (rc)
        t->failed = 1;
    rs__free(text);
    rs__free(type);
}

static void utterance(tei *t, const xmlNode *u, const char *doc_lang)
{
    char *who = rs__xml_attr(u, "who"), *ana = rs__xml_attr(u, "ana"), *lang = rs__xml_lang(u);
    char *made = NULL;
    const char *name = NULL;
    const xmlNode *c;
    int chair = ana && strstr(ana, "#chair") != NULL;
    if (who) {
        name = find_person(t, who[0] == '#' ? who + 1 : who);
        if (!name)
            name = made = name_from_ref(who);
    }
    if (rs__doc_begin_statement(t->doc, name, NULL, chair, rs__xml_line(u),
                                lang && doc_lang && strcasecmp(lang, doc_lang) == 0 ? NULL : lang, t->time))
        t->failed = 1;
    rs__free(t->time);
    t->time = NULL;
    for (c = u->children; c && !t->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (not_said(c)) {
            direction(t, c);
        } else {
            char *text = rs__xml_text_of(c, skip_inline, t), *l = rs__xml_lang(c);
            rs_block_info info = {0};
            info.lang = l;
            if (!text || rs__doc_add_paragraph(t->doc, text, rs__xml_line(c), &info))
                t->failed = 1;
            rs__free(text);
            rs__free(l);
        }
    }
    rs__doc_end_statement(t->doc);
    rs__free(who);
    rs__free(ana);
    rs__free(lang);
    rs__free(made);
}

static void walk(tei *t, const xmlNode *node, int level, const char *doc_lang, int depth)
{
    const xmlNode *c;
    if (depth > 64)
        return;
    for (c = node->children; c && !t->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (rs__xml_is(c, "u")) {
            utterance(t, c, doc_lang);
        } else if (rs__xml_is(c, "head")) {
            char *text = rs__xml_text_of(c, skip_inline, t);
            if (!text || rs__doc_add_heading(t->doc, level, text, rs__xml_line(c), NULL))
                t->failed = 1;
            rs__free(text);
        } else if (not_said(c)) {
            direction(t, c);
        } else if (rs__xml_is(c, "p") || rs__xml_is(c, "seg")) {
            char *text = rs__xml_text_of(c, skip_inline, t);
            if (!text || rs__doc_add_paragraph(t->doc, text, rs__xml_line(c), NULL))
                t->failed = 1;
            rs__free(text);
        } else if (rs__xml_is(c, "div")) {
            /* a <div> is a section of the debate, an agenda item, with a
             * <head> or without: a speaker's turns in two of them are two
             * statements, and what follows it is no longer in it */
            rs__doc_section_break(t->doc);
            walk(t, c, level + 1, doc_lang, depth + 1);
            rs__doc_section_break(t->doc);
        } else if (!rs__xml_is(c, "teiHeader")) {
            walk(t, c, level, doc_lang, depth + 1);
        }
    }
}

/* The title, date and language of the sitting from its teiHeader. */
static int header(rs_document *doc, const xmlNode *tei_el)
{
    xmlNodePtr h = rs__xml_child(tei_el, "teiHeader"), fd, ts, c, pd, sd, set, date;
    char *v = NULL;
    int rc = 0;
    fd = rs__xml_child(h, "fileDesc");
    ts = rs__xml_child(fd, "titleStmt");
    for (c = ts ? ts->children : NULL; c && !doc->title; c = c->next) {
        if (rs__xml_is(c, "title")) {
            char *type = rs__xml_attr(c, "type"), *lang = rs__xml_attr(c, "xml:lang");
            char *root_lang = rs__xml_attr(tei_el, "xml:lang");
            /* the main title, in the sitting's language where there are several */
            if ((!type || strcmp(type, "main") == 0) && (!lang || !root_lang || strcmp(lang, root_lang) == 0)) {
                v = rs__xml_text_of(c, NULL, NULL);
                rc = v ? rs__doc_set(&doc->title, v) : ROSTRUM_ENOMEM;
                rs__free(v);
            }
            rs__free(type);
            rs__free(lang);
            rs__free(root_lang);
            if (rc)
                return rc;
        }
    }
    pd = rs__xml_child(h, "profileDesc");
    sd = rs__xml_child(pd, "settingDesc");
    set = rs__xml_child(sd, "setting");
    date = rs__xml_child(set, "date");
    if (!date)
        date = rs__xml_child(rs__xml_child(rs__xml_child(fd, "sourceDesc"), "bibl"), "date");
    v = rs__xml_attr(date, "when");
    rc = rs__doc_set(&doc->date, v);
    rs__free(v);
    if (rc)
        return rc;
    v = rs__xml_attr(tei_el, "xml:lang");
    rc = rs__doc_set(&doc->language, v);
    rs__free(v);
    return rc;
}

static xmlNodePtr first_tei(const xmlNode *root)
{
    xmlNodePtr c;
    if (rs__xml_is(root, "TEI"))
        return (xmlNodePtr)root;
    for (c = root->children; c; c = c->next)
        if (rs__xml_is(c, "TEI"))
            return c;
    return NULL;
}

static const char *const roots[] = {"TEI", "teiCorpus", NULL};

int rs__read_tei(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size)
{
    xmlDocPtr x = NULL;
    xmlNodePtr root, text_el;
    tei t;
    int rc;
    (void)mode;
    memset(&t, 0, sizeof t);
    t.doc = doc;
    if (!name)
        name = "<stdin>";
    rc = rs__xml_parse_root(name, data, size, roots, "a TEI <TEI> or <teiCorpus>", &x, &root, errmsg, errmsg_size);
    if (rc)
        goto done;
    rc = ROSTRUM_EINPUT;
    if (!first_tei(root)) {
        rs__set_error(errmsg, errmsg_size,
                      "%s:%zu: a <teiCorpus> root that holds no sitting: give rostrum the sitting files it "
                      "includes",
                      name, rs__xml_line(root));
        rc = ROSTRUM_ENOSTATEMENT;
        goto done;
    }
    rc = ROSTRUM_ENOMEM;
    if (header(doc, first_tei(root)))
        goto done;
    collect_people(&t, root, 0);
    if (strcmp(name, "<stdin>") != 0)
        read_siblings(&t, name);
    for (text_el = first_tei(root); text_el && !t.failed; text_el = text_el->next)
        if (rs__xml_is(text_el, "TEI"))
            walk(&t, text_el, 0, doc->language, 0);
    rc = t.failed ? ROSTRUM_ENOMEM : 0;
done:
    rc = rs__doc_end(doc, name, rc, "the TEI file holds no utterance or paragraph", errmsg, errmsg_size);
    rs__xml_names_free(&t.people);
    rs__free(t.time);
    xmlFreeDoc(x);
    return rc;
}
