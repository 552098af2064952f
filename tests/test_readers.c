/* Unit tests of the XML and HTML readers' document model: what each reader makes of
 * the project's samples (headings, statements with speaker, role and chair,
 * directions, times, languages), detection by content, and the safe parser
 * against entity expansion, external entities and malformed files. */
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "text/text.h"
#include "check.h"

static rs_document doc;
static char err[RS__ERRMSG_SIZE];

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)n + 1);
        if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
            free(data);
            data = NULL;
        }
        *size = (size_t)n;
    }
    fclose(f);
    return data;
}

static int read_sample(const char *file)
{
    char path[1024];
    size_t size = 0;
    char *data;
    int rc;
    snprintf(path, sizeof path, "%s/samples/%s", ROSTRUM_SOURCE_DIR, file);
    data = slurp(path, &size);
    CHECK(data != NULL);
    rs__document_free(&doc);
    err[0] = '\0';
    rc = data ? rs__read(&doc, path, data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) : -1;
    free(data);
    if (rc)
        fprintf(stderr, "%s\n", err);
    return rc;
}

static int read_bytes(const char *name, const char *text)
{
    rs__document_free(&doc);
    err[0] = '\0';
    return rs__read(&doc, name, text, strlen(text), ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
}

static const char *block(size_t i)
{
    return i < doc.block_count ? doc.blocks[i].text : "(no block)";
}

static const rs_statement *statement(size_t i)
{
    static const rs_statement none = {0};
    return i < doc.statement_count ? &doc.statements[i] : &none;
}

/* The blocks of statement s, in order, as "H:" heading, "P:" paragraph, "D:" direction. */
static void check_kinds(size_t s, const char *want)
{
    char got[256] = "";
    size_t i, n = 0;
    const rs_statement *st = statement(s);
    for (i = st->first_block; i < st->first_block + st->block_count && n + 2 < sizeof got; i++)
        got[n++] = "PHD"[doc.blocks[i].kind];
    got[n] = '\0';
    CHECK_STR(got, want);
}

static void test_detect(void)
{
    const char *tei = "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text/></TEI>";
    const char *akn = "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"/>";
    const char *pw = "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [ <!ENTITY a \"b\"> ]>\n<publicwhip/>";
    CHECK_STR(rs__input_detect("x.xml", tei, strlen(tei))->name, "tei");
    CHECK_STR(rs__input_detect("x.md", tei, strlen(tei))->name, "tei"); /* certain beats the hint */
    CHECK_STR(rs__input_detect(NULL, akn, strlen(akn))->name, "akn");
    CHECK_STR(rs__input_detect("x.txt", pw, strlen(pw))->name, "parlparse");
    CHECK_STR(rs__input_detect("x.xml", "Plain words.\n", 13)->name, "text");
    CHECK_STR(rs__input_detect("x.md", "# Title\n\nText.\n", 15)->name, "markdown");
    CHECK(rs__input_find("tei") && rs__input_find("akn") && rs__input_find("parlparse"));
}

static void test_tei(void)
{
    size_t i;
    int removed_time = 0, removed_gap = 0;
    CHECK(read_sample("tei_sitting.xml") == 0);
    CHECK(doc.structured);
    CHECK_STR(doc.title, "Assembly of Veloria, sitting of 1 December 2026");
    CHECK_STR(doc.date, "2026-12-01");
    CHECK_STR(doc.language, "en");
    /* heading, chair, heading, speech, [vocal], speech, [incident], chair;
     * then an item without a heading: chair, speech, the unnamed chair */
    CHECK(doc.statement_count == 9);
    CHECK(statement(0)->heading_block == 0 && statement(0)->speaker == NULL);
    CHECK_STR(block(0), "Opening of the sitting");
    CHECK(doc.blocks[0].kind == RS_BLOCK_HEADING);
    CHECK_STR(statement(1)->speaker, "Elena Marwick"); /* forename first, from listPerson */
    CHECK(statement(1)->chair == 1);
    CHECK_STR(statement(1)->time, "10:02");
    check_kinds(1, "PD"); /* the applause is a direction of the chair's statement */
    CHECK_STR(statement(3)->speaker, "Daniel Okafor");
    CHECK(statement(3)->chair == 0);
    /* his two <u> with the applause between are one turn, one statement;
     * the shouts after the utterance are no one's, kept in the last */
    check_kinds(3, "PDPD");
    CHECK_STR(block(statement(3)->first_block + 2), "Half of them need repair before the dry season begins.");
    CHECK(statement(3)->time == NULL);
    CHECK_STR(doc.blocks[statement(3)->first_block + 2].time, "10:09"); /* the later part's time */
    CHECK_STR(statement(4)->speaker, "June Harlow"); /* no listPerson entry: from the reference */
    CHECK_STR(statement(5)->speaker, "Elena Marwick");
    CHECK(statement(5)->chair == 1);
    /* her turn that opens the next <div> is no more of the one that closed
     * the item before, though no heading comes between */
    CHECK_STR(statement(6)->speaker, "Elena Marwick");
    CHECK(statement(6)->opens_section && !statement(5)->opens_section);
    check_kinds(5, "P");
    CHECK_STR(block(statement(6)->first_block), "We turn to the second item, the budget of the harbour.");
    CHECK_STR(statement(7)->speaker, "Daniel Okafor");
    /* a chair the record does not name, in an English sitting; its two
     * <u> in a row are one turn */
    CHECK_STR(statement(8)->speaker, "The Chair");
    CHECK(statement(8)->chair == 1);
    check_kinds(8, "PP");
    for (i = 0; i < doc.removed_count; i++) {
        removed_time += doc.removed[i].why && strstr(doc.removed[i].why, "time") != NULL;
        removed_gap += doc.removed[i].why && strstr(doc.removed[i].why, "<gap>") != NULL;
    }
    CHECK(removed_time == 2 && removed_gap == 1);
    CHECK(doc.removed_count == 8);
    /* no tag or direction in the spoken paragraphs */
    for (i = 0; i < doc.block_count; i++)
        if (doc.blocks[i].kind == RS_BLOCK_PARAGRAPH)
            CHECK(!strchr(block(i), '<') && !strstr(block(i), "interruption") && !strstr(block(i), "Applause"));
}

static void test_akn(void)
{
    CHECK(read_sample("akn_debate.xml") == 0);
    CHECK_STR(doc.title, "Debate on the coastal water report");
    CHECK_STR(doc.date, "2026-12-02");
    CHECK(doc.statement_count == 5);
    CHECK_STR(block(0), "Opening");
    check_kinds(0, "HD"); /* "The House met at 09:30." narrates */
    CHECK_STR(doc.blocks[1].time, "2026-12-02T09:30:00");
    CHECK_STR(statement(1)->speaker, "Ms Elena Marwick");
    CHECK_STR(statement(1)->role, "Speaker");
    CHECK(statement(1)->chair == 1);
    CHECK_STR(statement(1)->time, "2026-12-02T09:30:00");
    CHECK_STR(statement(3)->speaker, "Mr Daniel Okafor");
    CHECK(statement(3)->role == NULL && statement(3)->chair == 0);
    check_kinds(3, "PD");
    CHECK_STR(statement(4)->role, "Minister of Water");
    CHECK(statement(4)->chair == 0);
    check_kinds(4, "PPD");
    CHECK_STR(block(statement(4)->first_block + 1), "The work begins next month.");
}

static void test_parlparse(void)
{
    CHECK(read_sample("parlparse_debate.xml") == 0);
    CHECK(doc.statement_count == 5);
    CHECK_STR(block(0), "Coastal Water");
    CHECK(doc.blocks[0].level == 1);
    CHECK_STR(block(1), "Wells and Repairs"); /* the chair's bracket left out */
    CHECK(doc.blocks[1].level == 2);
    check_kinds(2, "D"); /* the record's italic motion */
    CHECK(statement(2)->speaker == NULL);
    CHECK_STR(statement(3)->speaker, "Daniel Okafor");
    CHECK_STR(statement(3)->time, "14:31:00");
    /* declared character entities, expanded once */
    CHECK_STR(block(statement(3)->first_block), "The report counts forty wells, and the repairs will cost \xC2\xA3" "2 million.");
    CHECK_STR(block(statement(4)->first_block), "The work begins next month\xE2\x80\x94" "before the dry season.");
}

static void test_safety(void)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [\n <!ENTITY a \"aaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
        "]>\n<publicwhip><speech speakername=\"A\"><p>x &i; y</p></speech></publicwhip>\n";
    static const char passwd[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE publicwhip [\n"
                                 " <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
                                 "<publicwhip><speech speakername=\"A\"><p>a &x; b</p></speech></publicwhip>\n";
    int rc = read_bytes("laughs.xml", laughs);
    /* either refused, or read without expanding: never a billion bytes */
    if (rc == 0) {
        CHECK(strlen(block(0)) < 100);
    } else {
        CHECK(rc == ROSTRUM_EINPUT);
        CHECK(strncmp(err, "laughs.xml:", 11) == 0);
    }
    rc = read_bytes("passwd.xml", passwd);
    if (rc == 0) {
        CHECK_STR(block(0), "a b");
        CHECK(!strstr(block(0), "root:"));
    } else {
        CHECK(rc == ROSTRUM_EINPUT);
    }
    CHECK(read_bytes("bad.xml", "<?xml version=\"1.0\"?>\n<publicwhip>\n<speech speakername=\"A\"><p>x</speech>\n"
                                "</publicwhip>\n") == ROSTRUM_EINPUT);
    CHECK(strncmp(err, "bad.xml:3: malformed XML", 24) == 0);
    CHECK(doc.block_count == 0 && doc.statement_count == 0);
    CHECK(read_bytes("svg.xml", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n") ==
          ROSTRUM_EINPUT);
    CHECK(strstr(err, "svg.xml:2:") && strstr(err, "<svg>"));
    CHECK(read_bytes("a.xml", "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act/>"
                              "</akomaNtoso>") == ROSTRUM_EINPUT);
    CHECK(strstr(err, "<act>") && strstr(err, "not a debate"));
}

static void test_html_detect(void)
{
    const char *page = "<!DOCTYPE html>\n<html><body><p>Words.</p></body></html>\n";
    const char *xhtml = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";
    const char *part = "<div id=\"main\">\n<p>Words.</p>\n</div>\n";
    CHECK_STR(rs__input_detect("x.txt", page, strlen(page))->name, "html"); /* certain beats the hint */
    CHECK_STR(rs__input_detect("x.xml", xhtml, strlen(xhtml))->name, "html");
    CHECK_STR(rs__input_detect(NULL, part, strlen(part))->name, "html"); /* not refused as XML */
    CHECK_STR(rs__input_detect("x.htm", part, strlen(part))->name, "html");
    CHECK_STR(rs__input_detect("x.md", part, strlen(part))->name, "markdown"); /* Markdown may open so */
    CHECK_STR(rs__input_from_path("a/B.HTML")->name, "html");
}

static void test_html(void)
{
    size_t i;
    int script = 0, column = 0, nav = 0, hidden = 0, reference = 0;
    CHECK(read_sample("html_report.html") == 0);
    CHECK(doc.structured);
    CHECK_STR(doc.title, "Assembly of Veloria: Official Report, 4 December 2026");
    CHECK_STR(doc.language, "en");
    CHECK_STR(doc.date, "2026-12-04"); /* from the italic heading of the date */
    CHECK(doc.statement_count == 4);
    CHECK_STR(block(0), "Official Report");
    check_kinds(0, "HDD"); /* the italic headings are notes of the record */
    CHECK_STR(block(statement(1)->first_block), "Coastal Water");
    CHECK(doc.blocks[statement(1)->first_block].level == 2);
    CHECK_STR(statement(2)->speaker, "Mr Daniel Okafor (North Harbour)");
    CHECK_STR(statement(2)->qualifier, "North Harbour");
    CHECK_STR(statement(2)->time, "10.02 am");
    CHECK(statement(2)->chair == 0);
    check_kinds(2, "PPD");
    CHECK_STR(block(statement(2)->first_block), "The report counts forty wells along the coast, and half of them "
                                                "need repair before the dry season.");
    /* a paragraph cut by a column number is one paragraph */
    CHECK_STR(block(statement(2)->first_block + 1), "I ask the Minister when the work will begin, and who will pay "
                                                    "for it.");
    CHECK_STR(statement(3)->speaker, "The Minister for Water (Ms June Harlow)");
    check_kinds(3, "PPPD"); /* <pre> split at its blank line */
    CHECK_STR(block(statement(3)->first_block + 1), "The wells of the northern coast come first. Their pumps are "
                                                    "the oldest.");
    for (i = 0; i < doc.removed_count; i++) {
        const char *why = doc.removed[i].why;
        CHECK(why != NULL);
        script += why && strstr(why, "<script>") != NULL;
        column += why && strstr(why, "column") != NULL;
        nav += why && strstr(why, "navigation") != NULL;
        hidden += why && strstr(why, "hidden") != NULL;
        reference += why && strstr(why, "reference") != NULL && strcmp(doc.removed[i].text, "[40217]") == 0;
    }
    CHECK(script == 1 && column == 2 && nav == 2 && hidden == 1 && reference == 1);
    for (i = 0; i < doc.block_count; i++)
        CHECK(!strchr(block(i), '<') && !strstr(block(i), "Previous") && !strstr(block(i), "Column") &&
              !strstr(block(i), "Draft") && !strstr(block(i), "window"));
}

/* Pages by hand: turns in plain text, a label whose colon is outside the
 * bold, a declared encoding, running heads, an empty page. */
static void test_html_pages(void)
{
    static const char latin1[] = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xE9 ouvert.</p>"
                                 "</body></html>";
    static const char heads[] = "<html><body><p><b>SITTING REPORT</b></p><p>One is read.</p>"
                                "<p><b>SITTING REPORT</b></p><p>Two is read.</p>"
                                "<p><b>SITTING REPORT</b></p><p>Three is read.</p></body></html>";
    CHECK(read_bytes("t.html", "<html><body><p>Mr LEVER: I move.</p><p>Mr DURR: I second.</p></body></html>") == 0);
    CHECK(doc.statement_count == 2);
    CHECK_STR(statement(0)->speaker, "Mr Lever");
    CHECK_STR(block(1), "I second.");
    CHECK(read_bytes("b.html", "<p><strong>The President</strong>: The sitting is open.</p>") == 0);
    CHECK(doc.statement_count == 1 && statement(0)->chair == 1);
    CHECK_STR(block(0), "The sitting is open.");
    CHECK(read_bytes("d.html", "<p><strong>WEDNESDAY, 22 MAY 2013</strong></p><p>Sitting.</p>") == 0);
    CHECK_STR(doc.date, "2013-05-22");
    CHECK(doc.blocks[0].kind == RS_BLOCK_DIRECTION);
    CHECK(read_bytes("l.html", latin1) == 0);
    CHECK_STR(block(0), "Caf\xC3\xA9 ouvert.");
    CHECK(read_bytes("u.html", "<p>Caf\xC3\xA9 ouvert.</p>") == 0); /* no declaration: UTF-8 */
    CHECK_STR(block(0), "Caf\xC3\xA9 ouvert.");
    CHECK(read_bytes("h.html", heads) == 0);
    CHECK(doc.block_count == 3 && doc.removed_count == 3);
    /* a label after a blank line of <br>s; a colon cut off from its label */
    CHECK(read_bytes("br.html", "<p><br><br><b>Ms Lee:</b> Words.</p><p><b>Ms Ray</b><br><br>: cut</p>") == 0);
    CHECK(doc.statement_count == 1 && doc.block_count == 3);
    CHECK_STR(statement(0)->speaker, "Ms Lee");
    CHECK_STR(block(0), "Words.");
    CHECK_STR(block(2), ": cut");
    /* a <pre> stenogram: paragraphs at blank lines, a weak label a turn
     * when it recurs */
    CHECK(read_bytes("s.html", "<pre>\n\xD0\x93\xD0\x9E\xD0\x9B\xD0\x9E\xD0\x92\xD0\x90. \xD0\x9F\xD0\xBE\xD1\x87\xD0\xBD\xD0\xB5\xD0\xBC\xD0\xBE.\n"
                               "&nbsp;\nFIRST. One\nline.\n\n\xD0\x93\xD0\x9E\xD0\x9B\xD0\x9E\xD0\x92\xD0\x90. \xD0\x94\xD1\x8F\xD0\xBA\xD1\x83\xD1\x8E.\n</pre>") == 0);
    CHECK(doc.statement_count == 1 && doc.block_count == 3); /* the chair's two turns in a row: one */
    CHECK_STR(statement(0)->label, "\xD0\x93\xD0\x9E\xD0\x9B\xD0\x9E\xD0\x92\xD0\x90");
    CHECK_STR(block(1), "FIRST. One line."); /* once: no turn */
    CHECK_STR(block(2), "\xD0\x94\xD1\x8F\xD0\xBA\xD1\x83\xD1\x8E."); /* the label again, taken off */
    /* navigation by the words of a class or id, whole words only */
    CHECK(read_bytes("n.html", "<div class=\"unavailable\"><p>Kept.</p></div><div class=\"mainNav\">Gone</div>"
                               "<ul id=\"breadcrumbs\"><li>Gone</li></ul><p style=\"DISPLAY : None\">Gone</p>") == 0);
    CHECK(doc.block_count == 1 && doc.removed_count == 3);
    CHECK_STR(block(0), "Kept.");
    /* the site's header is left out, the record's own is read */
    CHECK(read_bytes("hd.html", "<header>Site</header><article><header><h1>Sitting</h1></header><p>Text.</p>"
                                "</article>") == 0);
    CHECK(doc.block_count == 2 && doc.removed_count == 1);
    CHECK_STR(block(0), "Sitting");
    /* footnotes: their marks and the notes; a unit's exponent stays */
    CHECK(read_bytes("f.html", "<p>Ten km<sup>2</sup> of coast<sup><a href=\"#n1\">1</a></sup>.</p>"
                               "<div class=\"footnotes\"><p>1. A note.</p></div>") == 0);
    CHECK(doc.block_count == 1 && doc.removed_count == 2);
    CHECK_STR(block(0), "Ten km2 of coast.");
    CHECK(read_bytes("e.html", "<html><head><script>x()</script></head><body> </body></html>") == ROSTRUM_EINPUT);
    CHECK(strstr(err, "e.html") && strstr(err, "no text"));
    CHECK(doc.block_count == 0 && doc.statement_count == 0);
}

/* Text keeps being read as before: turns found by the text reader. */
/* Every allocation of a read that splits the record's lines failed in
 * turn: out of memory, said so, nothing left (the sanitizer build finds a
 * leak), never a half-made model. */
static void sweep_read(const char *name, const char *bytes)
{
    unsigned long total, n;
    rs__alloc_count = 0;
    CHECK(read_bytes(name, bytes) == 0);
    total = rs__alloc_count;
    for (n = 1; n <= total; n++) {
        int rc;
        rs__alloc_count = 0;
        rs__alloc_fail_at = n;
        rc = read_bytes(name, bytes);
        rs__alloc_fail_at = 0;
        if (rc != 0) {
            CHECK(rc == ROSTRUM_ENOMEM);
            CHECK(doc.block_count == 0 && doc.statement_count == 0);
        }
    }
}

/* An HTML page long enough that the reader's per-paragraph keys and
 * marks grow several times (from rs__grow's 16 keys and 64 marks), with a
 * running head before every paragraph: read whole, then every allocation
 * failed in turn. */
static void test_html_sweep(void)
{
    char page[8192];
    size_t len = 0;
    int i;
    len += (size_t)snprintf(page + len, sizeof page - len, "<html><body>");
    for (i = 1; i <= 40; i++)
        len += (size_t)snprintf(page + len, sizeof page - len,
                                "<p><b>SITTING REPORT</b></p><p>Mr LEVER: Point %d is read.</p>", i);
    snprintf(page + len, sizeof page - len, "</body></html>");
    CHECK(read_bytes("long.html", page) == 0);
    CHECK(doc.block_count == 40 && doc.removed_count == 40);
    CHECK_STR(block(39), "Point 40 is read.");
    sweep_read("long.html", page);
}

/* A statement's speaker, "-" for the record's (no speaker). */
static const char *who(size_t s)
{
    return statement(s)->speaker ? statement(s)->speaker : "-";
}

/* The statement that holds the block whose text is text, or SIZE_MAX. */
static size_t statement_of(const char *text)
{
    size_t i;
    for (i = 0; i < doc.block_count; i++)
        if (strcmp(doc.blocks[i].text, text) == 0)
            return doc.blocks[i].statement;
    return (size_t)-1;
}

/* The record's lines after a statement are the record's in the structured
 * readers as in text: what the markup says the record wrote, and what the
 * record's words say, at the end of a speaker's statement. */
static void test_tei_record_lines(void)
{
    static const char sitting[] =
        "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"en\"><text><body><div>\n"
        "<u who=\"#DanielOkafor\"><seg>The wells need repair.</seg><seg>Motion agreed to.</seg></u>\n"
        "<kinesic type=\"applause\"><desc>Applause</desc></kinesic>\n"
        "<note type=\"speaker\">The SPEAKER:</note>\n"
        "<u who=\"#ElenaMarwick\" ana=\"#chair\"><seg>The question is noted.</seg>"
        "<seg>La séance est levée.</seg></u>\n"
        "<u who=\"#JuneHarlow\"><seg>I thank the House.</seg><seg>Debate concluded.</seg>"
        "<seg>I will write to the Member.</seg></u>\n"
        "<note>The House adjourned at 16:48.</note>\n"
        "<note>End of debateSection.</note>\n"
        "</div></body></text></TEI>\n";
    size_t i;
    int speaker_note = 0;
    CHECK(read_bytes("record.xml", sitting) == 0);
    CHECK(doc.statement_count == 5);
    /* "Motion agreed to." in the member's <u> is the record's */
    CHECK_STR(who(0), "Daniel Okafor");
    check_kinds(0, "P");
    CHECK_STR(who(1), "-");
    check_kinds(1, "PD"); /* the applause after it goes with it */
    CHECK(statement_of("Motion agreed to.") == 1);
    /* the chair says "La séance est levée." aloud: it stays the chair's */
    CHECK_STR(who(2), "Elena Marwick");
    CHECK(statement_of("La séance est levée.") == 2);
    /* amid a speech the record's words stay the speaker's; the <note>
     * after the last <u> is the record's */
    CHECK_STR(who(3), "June Harlow");
    CHECK(statement_of("Debate concluded.") == 3 && statement_of("I will write to the Member.") == 3);
    CHECK_STR(who(4), "-");
    check_kinds(4, "DD");
    CHECK(statement_of("The House adjourned at 16:48.") == 4);
    CHECK(statement(4)->label == NULL && statement(4)->chair == 0);
    /* the next speaker's name as printed is no one's direction */
    CHECK(statement_of("The SPEAKER:") == (size_t)-1);
    for (i = 0; i < doc.removed_count; i++)
        speaker_note += strcmp(doc.removed[i].text, "The SPEAKER:") == 0 && strstr(doc.removed[i].why, "speaker");
    CHECK(speaker_note == 1);
    for (i = 0; i < doc.block_count; i++)
        CHECK(doc.blocks[i].statement < doc.statement_count);
    sweep_read("record.xml", sitting);
}

/* A chair the record does not name (ParlaMint-ES writes <u ana="#chair">
 * without who) is named by the office in the sitting's language, as it
 * would be announced, and its turns in a row join as a named speaker's. */
static void test_tei_unnamed_chair(void)
{
    static const char sitting[] =
        "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"es\"><text><body><div>\n"
        "<u ana=\"#chair\"><seg>Se abre la sesión.</seg></u>\n"
        "<u who=\"#NoraVidal\"><seg>Gracias, señora presidenta.</seg></u>\n"
        "<u ana=\"#chair\"><seg>Pasamos al primer punto.</seg></u>\n"
        "<kinesic type=\"applause\"><desc>Aplausos</desc></kinesic>\n"
        "<u ana=\"#chair\"><seg>Tiene la palabra el señor Ruiz.</seg></u>\n"
        "<u who=\"#ElenaMarwick\" ana=\"#chair\"><seg>Muchas gracias.</seg></u>\n"
        "<u ana=\"#regular\"><seg>Una voz desde los escaños.</seg></u>\n"
        "</div></body></text></TEI>\n";
    /* the sitting's language by its primary subtag; English for one
     * without a name of its own, or none */
    static const struct {
        const char *root;
        const char *name;
    } languages[] = {
        {" xml:lang=\"en\"", "The Chair"},
        {" xml:lang=\"es-ES\"", "La Presidencia"},
        {" xml:lang=\"fr\"", "La présidence"},
        {" xml:lang=\"ca\"", "La Presidència"},
        {" xml:lang=\"uk\"", "Головуючий"},
        {" xml:lang=\"lv\"", "Sēdes vadītājs"},
        {" xml:lang=\"el\"", "Το Προεδρείο"},
        {" xml:lang=\"xx\"", "The Chair"},
        {"", "The Chair"},
    };
    static const char *const others[] = {"gl", "eu", "it", "pt", "ro", "de", "nl", "da", "sv", "nb", "is", "fi", "et",
                                         "lt", "pl", "cs", "sk", "sl", "hr", "bs", "sr", "bg", "ru", "hu", "tr"};
    char bytes[512];
    size_t i;
    CHECK(read_bytes("presidencia.xml", sitting) == 0);
    CHECK(doc.statement_count == 5);
    CHECK_STR(who(0), "La Presidencia");
    CHECK(statement(0)->chair == 1);
    CHECK_STR(statement(0)->person, "La Presidencia"); /* announced as "La Presidencia." */
    CHECK_STR(who(1), "Nora Vidal");
    /* two turns of the chair with applause between: one statement */
    CHECK_STR(who(2), "La Presidencia");
    check_kinds(2, "PDP");
    /* a chair the record names keeps the name, and is another speaker */
    CHECK_STR(who(3), "Elena Marwick");
    CHECK(statement(3)->chair == 1);
    /* an utterance of no one who is not the chair stays no one's */
    CHECK_STR(who(4), "-");
    CHECK(statement(4)->label == NULL);
    sweep_read("presidencia.xml", sitting);
    for (i = 0; i < sizeof languages / sizeof languages[0]; i++) {
        snprintf(bytes, sizeof bytes,
                 "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"%s><text><body>"
                 "<u ana=\"#chair\"><seg>Uno.</seg></u><u who=\"#A\"><seg>Dos.</seg></u></body></text></TEI>",
                 languages[i].root);
        CHECK(read_bytes("chair.xml", bytes) == 0);
        CHECK_STR(who(0), languages[i].name);
        CHECK_STR(rs__chair_name(doc.language), languages[i].name);
    }
    /* every other name is shown as listed: not taken for a label to shape */
    for (i = 0; i < sizeof others / sizeof others[0]; i++) {
        snprintf(bytes, sizeof bytes,
                 "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"%s\"><text><body>"
                 "<u ana=\"#chair\"><seg>Uno.</seg></u></body></text></TEI>",
                 others[i]);
        CHECK(read_bytes("chair.xml", bytes) == 0);
        CHECK_STR(who(0), rs__chair_name(others[i]));
        CHECK(strcmp(who(0), "The Chair") != 0);
    }
}

/* A TEI <div> is a section of the debate, an agenda item: a speaker's turns
 * in two of them are two statements, with a heading or without, and a
 * direction that opens the next one is that section's. Inside one <div>
 * the turns still join. */
static void test_tei_sections(void)
{
    static const char sitting[] =
        "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"en\"><text><body>\n"
        "<div><u who=\"#DanielOkafor\"><seg>On the first item, I agree.</seg></u>\n"
        "<kinesic type=\"applause\"><desc>Applause</desc></kinesic></div>\n"
        "<div><u who=\"#DanielOkafor\"><seg>On the second item, I do not.</seg></u>\n"
        "<vocal type=\"interruption\"><desc>Interruption</desc></vocal>\n"
        "<u who=\"#DanielOkafor\"><seg>I do not, and I say why.</seg></u></div>\n"
        "<div><note>Mr Okafor speaks again.</note>\n"
        "<u who=\"#DanielOkafor\"><seg>On the third item, I abstain.</seg></u></div>\n"
        "<div><u who=\"#JuneHarlow\"><seg>A word on the fourth.</seg></u></div>\n"
        "</body></text></TEI>\n";
    CHECK(read_bytes("sections.xml", sitting) == 0);
    CHECK(doc.statement_count == 5);
    CHECK_STR(who(0), "Daniel Okafor");
    check_kinds(0, "PD"); /* the applause at the end of the first item is his */
    CHECK_STR(who(1), "Daniel Okafor");
    CHECK(statement(1)->opens_section);
    check_kinds(1, "PDP"); /* his two <u> in one item: one turn */
    /* the note that opens the third item is that item's, no one's */
    CHECK_STR(who(2), "-");
    check_kinds(2, "D");
    CHECK(statement_of("Mr Okafor speaks again.") == 2);
    CHECK_STR(who(3), "Daniel Okafor");
    CHECK_STR(block(statement(3)->first_block), "On the third item, I abstain.");
    CHECK_STR(who(4), "June Harlow");
    sweep_read("sections.xml", sitting);
}

static void test_akn_record_lines(void)
{
    static const char debate[] =
        "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><debate name=\"d\"><debateBody>\n"
        "<debateSection><heading>BILL</heading>\n"
        "<speech by=\"#minister\"><from>The MINISTER</from><p>I commend the Bill to the House.</p>\n"
        "<p>Debate concluded.</p>\n<p>Bill read a second time.</p></speech>\n"
        "<speech by=\"#whip\"><from>The CHIEF WHIP</from><p>I move that the Report be adopted.</p></speech>\n"
        "<adjournment><p>The House rose at <recordedTime time=\"16:48:00\">16:48</recordedTime></p></adjournment>\n"
        "</debateSection>\n"
        "<adjournment><speech by=\"#chair\" as=\"#speaker\"><from>The SPEAKER</from>"
        "<p>Por haber cumplido con su objeto, se levanta la sesión.</p></speech>\n"
        "<narrative>-Se levantó la sesión a las 16.45 horas.</narrative></adjournment>\n"
        "</debateBody></debate></akomaNtoso>\n";
    CHECK(read_bytes("record.akn", debate) == 0);
    CHECK(doc.statement_count == 7);
    check_kinds(0, "H");
    CHECK_STR(who(1), "The Minister");
    check_kinds(1, "P");
    CHECK_STR(who(2), "-"); /* the record's decisions, printed inside the speech */
    CHECK(statement_of("Debate concluded.") == 2 && statement_of("Bill read a second time.") == 2);
    CHECK_STR(who(3), "The Chief Whip");
    check_kinds(3, "P");
    CHECK_STR(who(4), "-"); /* the <adjournment>, after the whip's speech */
    check_kinds(4, "D");
    /* an <adjournment> that holds the chair's last words: they are said */
    CHECK_STR(who(5), "The Speaker");
    CHECK(statement(5)->chair == 1);
    CHECK(statement_of("Por haber cumplido con su objeto, se levanta la sesión.") == 5);
    CHECK(doc.blocks[statement(5)->first_block].kind == RS_BLOCK_PARAGRAPH);
    /* and what the record adds after them is the record's */
    CHECK_STR(who(6), "-");
    CHECK(statement_of("-Se levantó la sesión a las 16.45 horas.") == 6);
    sweep_read("record.akn", debate);
}

static void test_parlparse_record_lines(void)
{
    static const char debates[] =
        "<?xml version=\"1.0\"?>\n<publicwhip>\n<major-heading>Oil and Gas</major-heading>\n"
        "<speech speakername=\"Sammy Wilson\"><p>I beg to move</p>\n"
        "<p class=\"italic\">That the Rates Bill do now pass.</p>\n<p>The Bill is short.</p></speech>\n"
        "<speech speakername=\"Nicholas Winterton\"><p>I congratulate all Members.</p>\n"
        "<p class=\"italic\">Question put and agreed to.</p>\n<p class=\"italic\">Sitting adjourned.</p></speech>\n"
        "</publicwhip>\n";
    CHECK(read_bytes("record.xml", debates) == 0);
    CHECK(doc.statement_count == 4);
    /* the motion in italics amid the mover's speech is the mover's */
    CHECK_STR(who(1), "Sammy Wilson");
    check_kinds(1, "PPP");
    CHECK(doc.blocks[statement(1)->first_block + 1].record == 1);
    /* italics that end a speech are the record's, spoken in its voice */
    CHECK_STR(who(2), "Nicholas Winterton");
    check_kinds(2, "P");
    CHECK_STR(who(3), "-");
    check_kinds(3, "PP");
    CHECK(statement_of("Sitting adjourned.") == 3);
    sweep_read("record.xml", debates);
}

static void test_html_fragment(void)
{
    /* a stenogram page saved from an archive: its title before <pre> */
    static const char page[] = "Стенограма\n08 жовтня 2002\n&nbsp;\n<pre><b>   ЗАСІДАННЯ\n</b>\n"
                               "     ГОЛОВА. Доброго ранку, шановні народні депутати!\n\n"
                               "     ТУРЧИНОВ О.В. Шановні колеги!\n\n     ГОЛОВА. Дякую.\n</pre>\n";
    CHECK_STR(rs__input_detect("r.htm", page, strlen(page))->name, "html");
    CHECK_STR(rs__input_detect("r.html", page, strlen(page))->name, "html");
    CHECK_STR(rs__input_detect("r.txt", page, strlen(page))->name, "text"); /* the name decides */
    CHECK_STR(rs__input_detect(NULL, page, strlen(page))->name, "text");
    CHECK_STR(rs__input_detect("r.htm", "Words and <b>bold</b> words.\n", 28)->name, "text"); /* no block tag */
    CHECK(read_bytes("r.htm", page) == 0);
    CHECK(statement_of("Доброго ранку, шановні народні депутати!") != (size_t)-1);
    CHECK_STR(statement(statement_of("Доброго ранку, шановні народні депутати!"))->label, "ГОЛОВА");
    CHECK_STR(statement(statement_of("Шановні колеги!"))->label, "ТУРЧИНОВ О.В.");
}

static void test_text_unchanged(void)
{
    CHECK(read_bytes("t.txt", "Mr LEVER: I move.\n\nMr DURR: I second.\n") == 0);
    CHECK(!doc.structured);
    CHECK(doc.statement_count == 2);
    CHECK_STR(statement(0)->speaker, "Mr Lever");
    CHECK(statement(0)->role == NULL && statement(0)->chair == 0);
}

int main(void)
{
    test_detect();
    test_tei();
    test_akn();
    test_parlparse();
    test_safety();
    test_html_detect();
    test_html();
    test_html_pages();
    test_text_unchanged();
    test_tei_record_lines();
    test_tei_unnamed_chair();
    test_tei_sections();
    test_akn_record_lines();
    test_parlparse_record_lines();
    test_html_fragment();
    test_html_sweep();
    rs__document_free(&doc);
    return check_report("test_readers");
}
