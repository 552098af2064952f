/* Unit tests of the DOCX reader: packages zipped in memory from parts
 * written here, read into the document model; headings by style and by
 * outline level, bold speaker labels, italic directions, tracked changes,
 * languages, and the errors for a zip that is no DOCX, a truncated file and
 * an old binary .doc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "check.h"
#include "docx_zip.h"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static rs_document doc;
static char err[RS__ERRMSG_SIZE];

static const char styles[] =
    "<w:styles " W_NS "><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"ca-ES\"/></w:rPr></w:rPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Ttol2\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Orador\"><w:name w:val=\"Orador\"/><w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Nota\"><w:name w:val=\"Nota\"/><w:rPr><w:i/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"NotaRecta\"><w:basedOn w:val=\"Nota\"/><w:rPr><w:i w:val=\"0\"/>"
    "</w:rPr></w:style>"
    /* the record's own lines, as the Parliament of Catalonia styles them */
    "<w:style w:type=\"paragraph\" w:styleId=\"D3Acotacihorria\"><w:name w:val=\"D3/ Acotaci\xC3\xB3 hor\xC3\xA0ria\"/>"
    "</w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Hora\"><w:basedOn w:val=\"D3Acotacihorria\"/></w:style></w:styles>";

static const char core[] =
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
    "<dc:title>Sessió de prova</dc:title><dcterms:created>2026-02-11T10:00:00Z</dcterms:created></cp:coreProperties>";

/* Reads a package of a body (and styles and properties when asked). */
static int read_body(const char *body, int with_styles)
{
    char document[16384], *zip = NULL;
    size_t len = 0, count = 1;
    docx_part parts[3];
    int rc;
    snprintf(document, sizeof document, "<w:document " W_NS "><w:body>%s</w:body></w:document>", body);
    parts[0].name = "word/document.xml", parts[0].data = document, parts[0].size = strlen(document);
    if (with_styles) {
        parts[1].name = "word/styles.xml", parts[1].data = styles, parts[1].size = strlen(styles);
        parts[2].name = "docProps/core.xml", parts[2].data = core, parts[2].size = strlen(core);
        count = 3;
    }
    if (docx_zip(parts, count, &zip, &len) != 0)
        return -1000;
    rs__document_free(&doc);
    err[0] = '\0';
    rc = rs__read(&doc, "t.docx", zip, len, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    free(zip);
    return rc;
}

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define BOLD(x) "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define ITALIC(x) "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define STYLED(id, x) "<w:p><w:pPr><w:pStyle w:val=\"" id "\"/></w:pPr>" x "</w:p>"

static void test_sitting(void)
{
    CHECK(read_body(STYLED("Ttol2", R("Debat sobre el port"))                                 /* 0 */
                    STYLED("Orador", R("La presidenta"))                                     /* 1 */
                    P(R("Comença la sessió."))                                               /* 2 */
                    STYLED("Nota", R("(Aplaudiments.)"))                                     /* 3 */
                    STYLED("NotaRecta", R("(Text recte.)"))                                  /* 4 */
                    P(BOLD("Mr Kay Lund") R(" (Coast Party): I thank the chair."))           /* 5 */
                    P(R("Ms Ada Brook: Our question is short."))                             /* 6 */
                    "<w:p><w:r><w:rPr><w:lang w:val=\"es-ES\"/></w:rPr><w:t>Gracias a todos los presentes.</w:t>"
                    "</w:r></w:p>",                                                          /* 7 */
                    1) == 0);
    CHECK_STR(doc.title, "Sessió de prova");
    CHECK_STR(doc.date, "2026-02-11");
    CHECK_STR(doc.language, "ca-ES");
    CHECK(doc.block_count == 7);
    if (doc.block_count != 7) {
        size_t i;
        for (i = 0; i < doc.block_count; i++)
            fprintf(stderr, "  block %zu: %d \"%s\"\n", i, (int)doc.blocks[i].kind, doc.blocks[i].text);
        return;
    }
    CHECK(doc.blocks[0].kind == RS_BLOCK_HEADING && doc.blocks[0].level == 2);
    CHECK_STR(doc.blocks[1].text, "Comença la sessió.");
    CHECK(doc.blocks[2].kind == RS_BLOCK_DIRECTION);
    CHECK(doc.blocks[3].kind == RS_BLOCK_PARAGRAPH); /* italic turned off by the style */
    CHECK_STR(doc.blocks[4].text, "I thank the chair.");
    CHECK_STR(doc.blocks[5].text, "Our question is short.");
    CHECK_STR(doc.blocks[6].lang, "es-ES");
    CHECK_STR(doc.blocks[1].lang, "ca-ES");
    CHECK(doc.statement_count == 4);
    if (doc.statement_count != 4)
        return;
    CHECK(doc.statements[0].heading_block == 0);
    CHECK_STR(doc.statements[1].label, "La presidenta");
    CHECK(doc.statements[1].chair);
    CHECK(doc.statements[1].block_count == 3); /* its text, the direction, the upright parenthesis */
    CHECK_STR(doc.statements[2].person, "Mr Kay Lund");
    CHECK_STR(doc.statements[2].qualifier, "Coast Party");
    CHECK(!doc.statements[2].chair);
    CHECK_STR(doc.statements[3].speaker, "Ms Ada Brook");
    CHECK_STR(doc.statements[3].lang, "es-ES"); /* most of its text is Spanish */
}

static void test_runs(void)
{
    size_t i;
    int footnote = 0;
    CHECK(read_body(P(R("Clean water at ") "<w:del w:id=\"1\"><w:r><w:delText>eight</w:delText></w:r></w:del>"
                      "<w:ins w:id=\"2\"><w:r><w:t>nine</w:t></w:r></w:ins>" R(" beaches.")
                      "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"
                      "<w:r><w:tab/><w:t>long</w:t><w:noBreakHyphen/><w:t>standing</w:t><w:br/><w:t>re</w:t>"
                      "<w:softHyphen/><w:t>placed</w:t><w:sym w:char=\"F04A\"/></w:r>"
                      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
                      "<w:hyperlink><w:r><w:t xml:space=\"preserve\"> here</w:t></w:r></w:hyperlink>")
                        "<w:tbl><w:tr><w:tc>" P(R("Cell one.")) "</w:tc>"
                        "<w:tc>" P(R("Cell two.")) "</w:tc></w:tr></w:tbl>"
                        "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>" R("By outline") "</w:p>"
                        "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>" R("AB-2026/014") "</w:p>"
                        P(ITALIC("(The sitting rose.)")),
                    0) == 0);
    CHECK(doc.block_count == 5);
    if (doc.block_count != 5)
        return;
    CHECK_STR(doc.blocks[0].text, "Clean water at nine beaches. long-standing replaced here");
    CHECK_STR(doc.blocks[1].text, "Cell one.");
    CHECK_STR(doc.blocks[2].text, "Cell two.");
    CHECK(doc.blocks[3].kind == RS_BLOCK_HEADING && doc.blocks[3].level == 1);
    CHECK(doc.blocks[4].kind == RS_BLOCK_DIRECTION);
    CHECK(doc.blocks[0].lang == NULL); /* no language given anywhere */
    CHECK(doc.language == NULL && doc.title == NULL);
    for (i = 0; i < doc.removed_count; i++) {
        const char *why = doc.removed[i].why ? doc.removed[i].why : "";
        footnote += strstr(why, "footnote") != NULL;
        if (strstr(why, "deleted"))
            CHECK_STR(doc.removed[i].text, "eight");
        if (strstr(why, "reference number"))
            CHECK_STR(doc.removed[i].text, "AB-2026/014");
    }
    CHECK(footnote == 1);
}

/* Notes of the record in italics: a paragraph of its own (a title in it
 * may stand upright), or within a paragraph, where they are cut out. */
static void test_notes(void)
{
    CHECK(read_body(P(R("Thank you all. ") ITALIC("(Applause") ITALIC(".)") R(" We go on (as agreed)."))
                        P(ITALIC("(The House sings ") R("Harbour Song") ITALIC(" with one voice.)")),
                    0) == 0);
    CHECK(doc.block_count == 2);
    if (doc.block_count != 2)
        return;
    CHECK_STR(doc.blocks[0].text, "Thank you all. We go on (as agreed).");
    CHECK(doc.blocks[1].kind == RS_BLOCK_DIRECTION);
    CHECK(doc.removed_count == 2 && strcmp(doc.removed[0].text, "(Applause.)") == 0);
}

/* The chair by office; the head of a government is not the chair. */
static void test_chair(void)
{
    CHECK(read_body(P(BOLD("El president de la Mesa d'Edat") R(" (Anna Example)")) P(R("Comencem."))
                        P(BOLD("El president de la Generalitat")) P(R("Gràcies."))
                        P(BOLD("The DEPUTY SPEAKER:") R(" Order."))
                        P(R("  ") BOLD("Mr Lee Sample:") R(" Indented words.")),
                    0) == 0);
    CHECK(doc.statement_count == 4);
    if (doc.statement_count != 4)
        return;
    CHECK_STR(doc.statements[3].label, "Mr Lee Sample");
    CHECK_STR(doc.blocks[doc.statements[3].first_block].text, "Indented words.");
    CHECK(doc.statements[0].chair);
    CHECK_STR(doc.statements[0].qualifier, "Anna Example");
    CHECK(!doc.statements[1].chair);
    CHECK(doc.statements[2].chair);
}

/* The record's own lines at the end of a turn: in the record's style,
 * or by their words; the chair keeps what the chair says aloud. */
static void test_record_lines(void)
{
    CHECK(read_body(P(BOLD("Mr Kay Lund:") R(" I thank the chair.")) P(R("Debate concluded."))
                        P(BOLD("La presidenta")) P(R("Moltes gr\xC3\xA0" "cies a tots."))
                        STYLED("Hora", R("Votaci\xC3\xB3 feta amb el sistema electr\xC3\xB2nic."))
                        P(R("S\xE2\x80\x99" "aixeca la sessi\xC3\xB3."))
                        STYLED("Hora", R("La sessi\xC3\xB3 s\xE2\x80\x99" "aixeca a les onze del mat\xC3\xAD.")),
                    1) == 0);
    CHECK(doc.statement_count == 4);
    if (doc.statement_count != 4)
        return;
    CHECK_STR(doc.statements[0].label, "Mr Kay Lund");
    CHECK(doc.statements[0].block_count == 1);
    CHECK(doc.statements[1].label == NULL && doc.statements[1].speaker == NULL);
    CHECK_STR(doc.blocks[doc.statements[1].first_block].text, "Debate concluded.");
    CHECK_STR(doc.statements[2].label, "La presidenta");
    CHECK(doc.statements[2].chair);
    /* the line in the record's style amid the chair's words stays; the
     * chair's own "S'aixeca la sessió." too */
    CHECK(doc.statements[2].block_count == 3);
    CHECK(doc.blocks[doc.statements[2].first_block + 1].record);
    CHECK(doc.statements[3].label == NULL && !doc.statements[3].chair);
    CHECK(doc.statements[3].block_count == 1);
    CHECK_STR(doc.blocks[doc.statements[3].first_block].text,
              "La sessi\xC3\xB3 s\xE2\x80\x99" "aixeca a les onze del mat\xC3\xAD.");
    CHECK(doc.blocks[doc.statements[3].first_block].statement == 3);
}

static void test_errors(void)
{
    docx_part odt[2] = {{"mimetype", "application/vnd.oasis.opendocument.text", 39},
                        {"content.xml", "<office:document-content/>", 26}};
    static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and the rest of a Word 97 file";
    char *zip = NULL;
    size_t len = 0;
    CHECK(docx_zip(odt, 2, &zip, &len) == 0);
    rs__document_free(&doc);
    CHECK(rs__input_detect("t.odt", zip, len) == rs__input_find("docx"));
    CHECK(rs__read(&doc, "t.odt", zip, len, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.odt: an OpenDocument file") != NULL && strstr(err, "soffice") != NULL);
    CHECK(doc.block_count == 0);
    CHECK(rs__read(&doc, "t.zip", zip, len - 30, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.zip: a damaged or truncated DOCX") != NULL);
    free(zip);
    CHECK(rs__input_detect("old.doc", ole2, sizeof ole2 - 1) == rs__input_find("doc"));
    CHECK(rs__read(&doc, "old.doc", ole2, sizeof ole2 - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) ==
          ROSTRUM_EINPUT);
    CHECK(strstr(err, "old.doc: an old binary Word .doc") != NULL && strstr(err, "--convert-to docx") != NULL);
    CHECK(rs__input_from_path("a/B.DOCX") == rs__input_find("docx"));
    CHECK(read_body(P(R("<unclosed")), 0) != 0); /* not even built: the < is data */
    CHECK(read_body(P("<w:r></w:r>"), 0) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.docx: no text to speak") != NULL);
}

int main(void)
{
    test_sitting();
    test_runs();
    test_chair();
    test_record_lines();
    test_notes();
    test_errors();
    rs__document_free(&doc);
    return check_report("test_docx");
}
