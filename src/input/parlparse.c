/* UK Hansard as ParlParse / TheyWorkForYou publish it: <publicwhip> of
 * <major-heading>, <minor-heading> and <speech speakername="..." time="...">
 * of <p> paragraphs, with character entities declared in the DOCTYPE. A
 * speech without a speaker (nospeaker="true") holds the record's own words
 * ("Motion made, and Question proposed"); its italic paragraphs are
 * directions. In a member's speech the italic paragraphs are the record's
 * too ("Question put and agreed to.", "The sitting was suspended at
 * 11.54 am."): marked so, they leave the speech when they end it. */
#include <string.h>
#include <strings.h>

#include "input/xml.h"

int rs__sniff_parlparse(const char *data, size_t size)
{
    char local[32], ns[128];
    if (!rs__xml_peek_root(data, size, local, sizeof local, ns, sizeof ns) || strcmp(local, "publicwhip") != 0)
        return RS_SNIFF_NO;
    return RS_SNIFF_CERTAIN;
}

typedef struct pp {
    rs_document *doc;
    int failed;
} pp;

static int skip_inline(void *user, const xmlNode *e)
{
    (void)user;
    /* a footnote mark or a marker for the web page */
    return rs__xml_is(e, "sup") || rs__xml_is(e, "place-holder");
}

static int italic(const xmlNode *p)
{
    char *cls = rs__xml_attr(p, "class");
    int yes = cls && rs__xml_has(cls, "italic");
    rs__free(cls);
    return yes;
}

static void speech(pp *s, const xmlNode *sp)
{
    char *who = rs__xml_attr(sp, "speakername"), *nospeaker = rs__xml_attr(sp, "nospeaker"),
         *time = rs__xml_attr(sp, "time");
    const xmlNode *c;
    int anonymous = !who || (nospeaker && strcmp(nospeaker, "true") == 0);
    /* the chair by office: Speaker, Deputy Speaker, Presiding Officer, Chairman */
    int chair = who && (rs__xml_has(who, "speaker") || rs__xml_has(who, "presiding officer") ||
                        rs__xml_has(who, "chairman") || rs__xml_has(who, "in the chair"));
    if (time && (strcmp(time, "unknown") == 0 || !time[0])) {
        rs__free(time);
        time = NULL;
    }
    if (rs__doc_begin_statement(s->doc, anonymous ? NULL : who, NULL, chair, rs__xml_line(sp), NULL, time))
        s->failed = 1;
    for (c = sp->children; c && !s->failed; c = c->next) {
        rs_block_info info = {0};
        char *text;
        int rc;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        info.time = time;
        text = rs__xml_text_of(c, skip_inline, s);
        if (!text) {
            s->failed = 1;
            break;
        }
        if (anonymous && italic(c)) {
            rc = rs__doc_removed(s->doc, rs__xml_line(c), text, "not said: an italic note of the record");
            if (!rc)
                rc = rs__doc_add_direction(s->doc, text, rs__xml_line(c), &info);
        } else {
            info.record = italic(c);
            rc = rs__doc_add_paragraph(s->doc, text, rs__xml_line(c), &info);
        }
        if (rc)
            s->failed = 1;
        rs__free(text);
    }
    rs__doc_end_statement(s->doc);
    rs__free(who);
    rs__free(nospeaker);
    rs__free(time);
}

/* "[Sir Nicholas Winterton in the Chair] — Oil and Gas": the bracket
 * says who chairs, not what the section is; it is left out. */
static int heading(pp *s, const xmlNode *h, char *text)
{
    char *t = text + strspn(text, " \t\r\n"), *close;
    int rc;
    if (t[0] == '[' && (close = strchr(t, ']')) != NULL) {
        char kept = close[1];
        close[1] = '\0';
        rc = rs__doc_removed(s->doc, rs__xml_line(h), t, "not said: a bracketed note of the record");
        close[1] = kept;
        if (rc)
            return rc;
        t = close + 1;
        t += strspn(t, " \t\r\n");
        /* the dash that joined it: U+2014, U+2013 or '-' */
        if (strncmp(t, "\xE2\x80\x94", 3) == 0 || strncmp(t, "\xE2\x80\x93", 3) == 0)
            t += 3;
        else if (t[0] == '-')
            t++;
    }
    return rs__doc_add_heading(s->doc, rs__xml_is(h, "minor-heading") ? 2 : 1, t, rs__xml_line(h), NULL);
}

static const char *const roots[] = {"publicwhip", NULL};

int rs__read_parlparse(rs_document *doc, const char *name, const char *data, size_t size,
                       rostrum_paragraphs mode, char *errmsg, size_t errmsg_size)
{
    xmlDocPtr x = NULL;
    xmlNodePtr root, c;
    pp s;
    int rc;
    (void)mode;
    memset(&s, 0, sizeof s);
    s.doc = doc;
    if (!name)
        name = "<stdin>";
    rc = rs__xml_parse_root(name, data, size, roots, "ParlParse's <publicwhip>", &x, &root, errmsg, errmsg_size);
    if (rc)
        goto done;
    for (c = root->children; c && !s.failed; c = c->next) {
        if (rs__xml_is(c, "major-heading") || rs__xml_is(c, "minor-heading") || rs__xml_is(c, "oral-heading")) {
            char *text = rs__xml_text_of(c, skip_inline, &s);
            if (!text || heading(&s, c, text))
                s.failed = 1;
            rs__free(text);
        } else if (rs__xml_is(c, "speech")) {
            speech(&s, c);
        } else if (rs__xml_is(c, "division") || rs__xml_is(c, "divisioncount")) {
            char *text = rs__xml_text_of(c, NULL, NULL);
            if (!text || rs__doc_removed(doc, rs__xml_line(c), text, "not said: <division>, the record of a vote"))
                s.failed = 1;
            rs__free(text);
        }
    }
    rc = s.failed ? ROSTRUM_ENOMEM : 0;
done:
    rc = rs__doc_end(doc, name, rc, "the file holds no speech or heading", errmsg, errmsg_size);
    xmlFreeDoc(x);
    return rc;
}
