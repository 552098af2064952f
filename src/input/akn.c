/* Akoma Ntoso debate records: debateBody of debateSections (and the named
 * sections: prayers, questions, address ...) with a <heading>; <speech>,
 * <question> and <answer> by="#person" as="#role" with a <from> and <p>
 * paragraphs; <narrative>, <scene>, <summary> and the like are not said by a
 * speaker and become directions. Names from TLCPerson showAs, roles from
 * TLCRole showAs; <recordedTime> gives the time. */
#include <string.h>
#include <strings.h>

#include "input/xml.h"

enum { REF_PERSON, REF_ROLE }; /* the kinds of names in the register */

typedef struct akn {
    rs_document *doc;
    rs_xml_names refs; /* TLCPerson and TLCRole: showAs by eId */
    char *time;
    int narrated;  /* paragraphs outside speeches are the record's narration */
    int adjourning; /* inside an <adjournment> that holds the chair's last speech */
    int failed;
} akn;

int rs__sniff_akn(const char *data, size_t size)
{
    char local[32], ns[128];
    if (!rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns) || strcmp(local, "akomaNtoso") != 0)
        return RS_SNIFF_NO;
    return rs__xml_has(ns, "akn") || rs__xml_has(ns, "akomantoso") ? RS_SNIFF_CERTAIN : RS_SNIFF_LIKELY + 20;
}

/* An eId given twice (which Akoma Ntoso does not allow) keeps its first
 * name, as a reader of the register from the top would. */
static void add_ref(akn *a, const xmlNode *e, int kind)
{
    char *id = rs__xml_attr(e, "eId"), *show = rs__xml_attr(e, "showAs");
    if (!id)
        id = rs__xml_attr(e, "id");
    if (!id || !show || rs__xml_names_find(&a->refs, id, kind)) {
        rs__free(id);
        rs__free(show);
        return;
    }
    if (rs__xml_names_add(&a->refs, id, show, kind))
        a->failed = 1;
}

static void collect_refs(akn *a, const xmlNode *node, int depth)
{
    const xmlNode *c;
    for (c = node->children; c && depth < 32; c = c->next) {
        if (rs__xml_is(c, "TLCPerson"))
            add_ref(a, c, REF_PERSON);
        else if (rs__xml_is(c, "TLCRole"))
            add_ref(a, c, REF_ROLE);
        else if (c->type == XML_ELEMENT_NODE)
            collect_refs(a, c, depth + 1);
    }
}

static const char *find_ref(const akn *a, const char *id, int kind)
{
    return rs__xml_names_find(&a->refs, id && id[0] == '#' ? id + 1 : id, kind);
}

/* What no speaker says: the record's own words and marks. */
static int not_said(const xmlNode *e)
{
    static const char *const names[] = {"narrative", "scene", "summary", "remark", "adjournment", "rollCall",
                                        "quorum", "outcome", "other", "notes", "note", "authorialNote",
                                        "noteRef", "recordedTime", "eol", "eop", "omissis", "voting",
                                        "quorumVerification", "decision", "communication", NULL};
    size_t i;
    for (i = 0; names[i]; i++)
        if (rs__xml_is(e, names[i]))
            return 1;
    return 0;
}

static int skip_inline(void *user, const xmlNode *e)
{
    akn *a = user;
    if (rs__xml_is(e, "noteRef") || rs__xml_is(e, "authorialNote") || rs__xml_is(e, "eol") ||
        rs__xml_is(e, "eop") || rs__xml_is(e, "remark")) {
        char *text = rs__xml_text_of(e, NULL, NULL);
        if (!text || rs__doc_removed(a->doc, rs__xml_line(e), text, "not said: a note or mark of the record"))
            a->failed = 1;
        rs__free(text);
        return 1;
    }
    return 0;
}

static void direction(akn *a, const xmlNode *e)
{
    char *text;
    const char *why;
    rs_block_info info = {0};
    if (rs__xml_is(e, "recordedTime")) {
        char *t = rs__xml_attr(e, "time");
        if (!t)
            t = rs__xml_text_of(e, NULL, NULL);
        rs__free(a->time);
        a->time = t;
        if (!t || rs__doc_removed(a->doc, rs__xml_line(e), t, "not said: <recordedTime>, the time (in the manifest)"))
            a->failed = 1;
        return;
    }
    text = rs__xml_text_of(e, skip_inline, a);
    why = rs__xml_is(e, "narrative") || rs__xml_is(e, "scene")
              ? "not said: a stage direction (<narrative>, <scene>)"
              : "not said: the record's own text (a summary, note, vote or adjournment)";
    /* "The House adjourned at 16:48" is the record's, not the last speaker's */
    info.record = rs__xml_is(e, "adjournment") || a->adjourning;
    if (!text || rs__doc_removed(a->doc, rs__xml_line(e), text, why) ||
        rs__doc_add_direction(a->doc, text, rs__xml_line(e), &info))
        a->failed = 1;
    rs__free(text);
}

static int is_chair(const char *s)
{
    return s && (rs__xml_has(s, "speaker") || rs__xml_has(s, "chair") || rs__xml_has(s, "president"));
}

static void speech(akn *a, const xmlNode *sp)
{
    char *by = rs__xml_attr(sp, "by"), *as = rs__xml_attr(sp, "as"), *from = NULL, *lang = rs__xml_attr(sp, "xml:lang");
    const char *name = find_ref(a, by, REF_PERSON), *role = find_ref(a, as, REF_ROLE);
    const xmlNode *c, *f = rs__xml_child(sp, "from");
    size_t n;
    if (f) {
        from = rs__xml_text_of(f, NULL, NULL);
        if (!from) {
            a->failed = 1;
            goto done;
        }
        /* "Mr. Alfa:" as printed; the colon is punctuation */
        n = strlen(from);
        while (n > 0 && strchr(" \t\r\n:", from[n - 1]))
            from[--n] = '\0';
    }
    if (!name && from && from[strspn(from, " \t\r\n")])
        name = from;
    if (!name && by)
        name = by[0] == '#' ? by + 1 : by;
    if (rs__doc_begin_statement(a->doc, name, role, is_chair(as) || is_chair(by), rs__xml_line(sp), lang,
                                a->time)) {
        a->failed = 1;
        goto done;
    }
    rs__free(a->time);
    a->time = NULL;
    for (c = sp->children; c && !a->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || rs__xml_is(c, "from"))
            continue;
        if (not_said(c)) {
            direction(a, c);
        } else {
            char *text = rs__xml_text_of(c, skip_inline, a);
            if (!text || rs__doc_add_paragraph(a->doc, text, rs__xml_line(c), NULL))
                a->failed = 1;
            rs__free(text);
        }
    }
    rs__doc_end_statement(a->doc);
done:
    rs__free(by);
    rs__free(as);
    rs__free(from);
    rs__free(lang);
}

static xmlNodePtr find_el(const xmlNode *node, const char *local, int depth);

static void walk(akn *a, const xmlNode *node, int level, int depth)
{
    const xmlNode *c;
    if (depth > 64)
        return;
    for (c = node->children; c && !a->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (rs__xml_is(c, "speech") || rs__xml_is(c, "question") || rs__xml_is(c, "answer")) {
            speech(a, c);
        } else if (rs__xml_is(c, "heading") || rs__xml_is(c, "subheading")) {
            char *text = rs__xml_text_of(c, skip_inline, a);
            if (!text || rs__doc_add_heading(a->doc, rs__xml_is(c, "subheading") ? level + 1 : level, text,
                                             rs__xml_line(c), NULL))
                a->failed = 1;
            rs__free(text);
        } else if (rs__xml_is(c, "num")) {
            continue; /* the section's number, shown with its heading in print */
        } else if (rs__xml_is(c, "adjournment") && (find_el(c, "speech", 0) || find_el(c, "question", 0))) {
            /* the chair's last words inside it ("se levanta la sesión") are
             * said; what the record adds around them is the record's */
            int was = a->adjourning;
            a->adjourning = 1;
            walk(a, c, level + 1, depth + 1);
            a->adjourning = was;
        } else if (not_said(c)) {
            direction(a, c);
        } else if (rs__xml_is(c, "p") || rs__xml_is(c, "ul") || rs__xml_is(c, "ol") || rs__xml_is(c, "table") ||
                   rs__xml_is(c, "blockList")) {
            /* "The House met at <recordedTime>": in a record of speeches, a
             * paragraph outside them narrates; it is kept as a direction */
            char *text = rs__xml_text_of(c, skip_inline, a);
            xmlNodePtr rt = rs__xml_child(c, "recordedTime");
            char *time = rt ? rs__xml_attr(rt, "time") : NULL;
            rs_block_info info = {0};
            info.time = time;
            info.record = a->adjourning;
            if (!text || (a->narrated && rs__doc_removed(a->doc, rs__xml_line(c), text,
                                                          "not said: the record's narration, outside any speech")) ||
                (a->narrated ? rs__doc_add_direction : rs__doc_add_paragraph)(a->doc, text, rs__xml_line(c), &info))
                a->failed = 1;
            rs__free(text);
            if (time) { /* and the next speech began then */
                rs__free(a->time);
                a->time = time;
            }
        } else {
            /* a section: debateSection, prayers, questions, ... */
            walk(a, c, level + 1, depth + 1);
        }
    }
}

static xmlNodePtr find_el(const xmlNode *node, const char *local, int depth)
{
    xmlNodePtr c, f;
    for (c = node ? node->children : NULL; c && depth < 16; c = c->next) {
        if (rs__xml_is(c, local))
            return c;
        if (c->type == XML_ELEMENT_NODE && (f = find_el(c, local, depth + 1)) != NULL)
            return f;
    }
    return NULL;
}

static const char *const roots[] = {"akomaNtoso", NULL};

int rs__read_akn(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
                 char *errmsg, size_t errmsg_size)
{
    xmlDocPtr x = NULL;
    xmlNodePtr root, debate, body, meta, e;
    akn a;
    int rc;
    char *v;
    (void)mode;
    memset(&a, 0, sizeof a);
    a.doc = doc;
    if (!name)
        name = "<stdin>";
    rc = rs__xml_parse_root(name, data, size, roots, "Akoma Ntoso's <akomaNtoso>", &x, &root, errmsg, errmsg_size);
    if (rc)
        goto done;
    rc = ROSTRUM_EINPUT;
    debate = rs__xml_child(root, "debate");
    body = rs__xml_child(debate, "debateBody");
    if (!body) {
        xmlNodePtr kind = root->children;
        while (kind && kind->type != XML_ELEMENT_NODE)
            kind = kind->next;
        rs__set_error(errmsg, errmsg_size, "%s:%zu: an Akoma Ntoso <%s>, not a debate record (<debate> with a <debateBody>)",
                      name, rs__xml_line(kind ? kind : root), kind ? (const char *)kind->name : "akomaNtoso");
        goto done;
    }
    rc = ROSTRUM_ENOMEM;
    meta = rs__xml_child(debate, "meta");
    collect_refs(&a, meta ? meta : debate, 0);
    /* the title: docTitle in the preface, else the debate's name */
    e = find_el(rs__xml_child(debate, "preface"), "docTitle", 0);
    v = e ? rs__xml_text_of(e, NULL, NULL) : rs__xml_attr(debate, "name");
    if (rs__doc_set(&doc->title, v)) {
        rs__free(v);
        goto done;
    }
    rs__free(v);
    e = find_el(rs__xml_child(debate, "preface"), "docDate", 0);
    v = e ? rs__xml_attr(e, "date") : NULL;
    if (!v) {
        e = find_el(meta, "FRBRWork", 0);
        e = e ? rs__xml_child(e, "FRBRdate") : NULL;
        v = e ? rs__xml_attr(e, "date") : NULL;
        if (v && strncmp(v, "3000", 4) == 0) { /* a placeholder date */
            rs__free(v);
            v = NULL;
        }
    }
    if (rs__doc_set(&doc->date, v)) {
        rs__free(v);
        goto done;
    }
    rs__free(v);
    a.narrated = find_el(body, "speech", 0) || find_el(body, "question", 0) || find_el(body, "answer", 0);
    walk(&a, body, 0, 0);
    rc = a.failed ? ROSTRUM_ENOMEM : 0;
done:
    rc = rs__doc_end(doc, name, rc, "the debate holds no speech or paragraph", errmsg, errmsg_size);
    rs__xml_names_free(&a.refs);
    rs__free(a.time);
    xmlFreeDoc(x);
    return rc;
}
