/* Unit tests of the reader: layouts, front matter, Markdown blocks, and
 * the errors it reports for text it cannot read. */
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "check.h"

static rs_document doc;
static char err[RS__ERRMSG_SIZE];

static int read_text(const char *text, rostrum_paragraphs mode)
{
    rs__document_free(&doc);
    err[0] = '\0';
    return rs__read(&doc, "t.md", text, strlen(text), mode, err, sizeof err);
}

static const char *block(size_t i)
{
    return i < doc.block_count ? doc.blocks[i].text : "(no block)";
}

static void test_blank_lines(void)
{
    CHECK(read_text("First paragraph\nwrapped here.\n\nSecond one.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 2);
    CHECK_STR(block(0), "First paragraph wrapped here.");
    CHECK_STR(block(1), "Second one.");
    CHECK(doc.blocks[1].line == 4);
}

static void test_bom_and_crlf(void)
{
    CHECK(read_text("\xEF\xBB\xBFOne line.\r\n\r\nTwo\r\nlines.\r\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 2);
    CHECK_STR(block(0), "One line.");
    CHECK_STR(block(1), "Two lines.");
}

static void test_front_matter(void)
{
    CHECK(read_text("---\ntitle: \"A Title\"\nspeaker: Ms Example\ndate: 2026-01-02\nlanguage: fr\n"
                    "voice: fr-statement\nunknown: ignored\n---\nBody text.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(doc.title, "A Title");
    CHECK_STR(doc.speaker, "Ms Example");
    CHECK_STR(doc.date, "2026-01-02");
    CHECK_STR(doc.language, "fr");
    CHECK_STR(doc.voice, "fr-statement");
    CHECK(doc.block_count == 1);
    CHECK_STR(block(0), "Body text.");
    CHECK(doc.blocks[0].line == 9);
    /* no closing line: not front matter, and the rule is not spoken */
    CHECK(read_text("---\ntitle: x\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.title == NULL);
}

static void test_headings(void)
{
    CHECK(read_text("# Title #\n\n## **Bold heading**\nText under it.\n\nSetext\n======\n\nSub\n---\n\n#hashtag\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 6);
    CHECK(doc.blocks[0].kind == RS_BLOCK_HEADING && doc.blocks[0].level == 1);
    CHECK_STR(block(0), "Title");
    CHECK(doc.blocks[1].kind == RS_BLOCK_HEADING && doc.blocks[1].level == 2);
    CHECK_STR(block(1), "**Bold heading**");
    CHECK(doc.blocks[2].kind == RS_BLOCK_PARAGRAPH);
    CHECK(doc.blocks[3].kind == RS_BLOCK_HEADING && doc.blocks[3].level == 1);
    CHECK_STR(block(3), "Setext");
    CHECK(doc.blocks[4].kind == RS_BLOCK_HEADING && doc.blocks[4].level == 2);
    CHECK(doc.blocks[5].kind == RS_BLOCK_PARAGRAPH); /* "#hashtag" is not a heading */
}

static void test_lists_quotes_rules(void)
{
    CHECK(read_text("Steps:\n\n- one\n- two.\n* three\n\n1. Numbered paragraph one.\n2) Numbered two.\n\n"
                    "> Quoted line\n> continues.\n\n***\n\nAfter the rule.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 6);
    CHECK_STR(block(0), "Steps:");
    CHECK_STR(block(1), "one. two. three");
    CHECK_STR(block(2), "Numbered paragraph one.");
    CHECK_STR(block(3), "Numbered two.");
    CHECK_STR(block(4), "Quoted line continues.");
    CHECK_STR(block(5), "After the rule.");
}

/* A number and a full stop that begin no list are the sentence's own:
 * a list begins at 1 or its items follow each other. */
static void test_numbers_that_are_no_list(void)
{
    CHECK(read_text("2. D\xC3\xBCnya Sava\xC5\x9F\xC4\xB1 sonras\xC4\xB1.\n\nBir paragraf.\n\n"
                    "5. Decides to convene.\n\n6. Requests a report.\n\n3) Alone.\n\n"
                    "224. One.\n\n223. Misprinted.\n\n226. Three.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 8);
    CHECK_STR(block(6), "Misprinted.");
    CHECK_STR(block(0), "2. D\xC3\xBCnya Sava\xC5\x9F\xC4\xB1 sonras\xC4\xB1.");
    CHECK_STR(block(2), "Decides to convene.");
    CHECK_STR(block(3), "Requests a report.");
    CHECK_STR(block(4), "3) Alone.");
}

/* Markers with nothing after them, and lists in lists on one line, from
 * the catalogue of bad inputs (tests/bad_inputs.sh). */
static void test_empty_and_nested_items(void)
{
    CHECK(read_text("-\n\n*\n\n+\n\n1.\n\n- \n\nHello.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 1);
    CHECK_STR(block(0), "Hello.");
    CHECK(read_text("- - - Listed.\n\n- -\n\n- Dash - kept.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(block(0), "Listed.");
    CHECK_STR(block(doc.block_count - 1), "Dash - kept.");
}

static void test_comments_and_fences(void)
{
    CHECK(read_text("Before <!-- hidden --> after.\n\n<!-- a comment\nover lines -->\n\n```\ncode line\n```\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 2);
    {
        char *spoken = rs__normalize(block(0), NULL, NULL);
        CHECK_STR(spoken, "Before after.");
        rs__free(spoken);
    }
    CHECK_STR(block(1), "code line");
}

static void test_line_per_paragraph(void)
{
    CHECK(read_text("Mr. President,\nThe first paragraph is a long line of text that ends here.\n"
                    "The second paragraph is another line that ends with a full stop.\n"
                    "A third one continues the thought\nonly because this line starts in lower case.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.layout == RS_LAYOUT_LINE);
    CHECK(doc.block_count == 4);
    CHECK_STR(block(0), "Mr. President,");
    CHECK_STR(block(3), "A third one continues the thought only because this line starts in lower case.");
    /* a long line stopping mid-phrase runs on into a capital */
    CHECK(read_text("Mr. President,\nThe Organization has tried its best, but if we want the United\n"
                    "Nations to remain relevant, we must act now.\nA new paragraph.\nAnd one more line here.\n",
                    ROSTRUM_PARAGRAPHS_LINE) == 0);
    CHECK(doc.block_count == 4);
    CHECK_STR(block(1), "The Organization has tried its best, but if we want the United Nations to remain relevant, we must act now.");
    /* forced blank-line mode joins them all */
    CHECK(read_text("One.\nTwo.\nThree.\n", ROSTRUM_PARAGRAPHS_BLANK) == 0);
    CHECK(doc.block_count == 1);
    CHECK(read_text("One.\nTwo\n\nThree\n", ROSTRUM_PARAGRAPHS_LINE) == 0);
    CHECK(doc.block_count == 3);
}

/* A line that starts with a small letter outside Latin-1 continues the
 * sentence; one that starts with a capital such as Ł does not. */
static void test_line_per_paragraph_unicode(void)
{
    CHECK(read_text("Posłowie przyjęli ustawę o\nłowiectwie.\nPoslanci schválili zákon, který\nžádá zprávu.\n"
                    "SPRAWOZDANIE KOMISJI\nŁukasz Nowak przedstawił sprawozdanie.\n",
                    ROSTRUM_PARAGRAPHS_LINE) == 0);
    CHECK(doc.block_count == 4);
    CHECK_STR(block(0), "Posłowie przyjęli ustawę o łowiectwie.");
    CHECK_STR(block(1), "Poslanci schválili zákon, který žádá zprávu.");
    CHECK_STR(block(2), "SPRAWOZDANIE KOMISJI");
    CHECK_STR(block(3), "Łukasz Nowak przedstawił sprawozdanie.");
}

static void test_wrapped(void)
{
    const char *text =
        "The delegation wishes to thank the Chair for the careful conduct of\n"
        "the work of this session and for the report that is now before us.\n"
        "It ends here.\n"
        "A new paragraph starts after a short line, and it is wrapped at the\n"
        "same width as the first one, so the reader must find the boundary\n"
        "from the length of the line before it and its final full stop.\n"
        "Short again.\n"
        "A capacity-\n"
        "building line-end hyphen is joined to the next part of the word.\n";
    CHECK(read_text(text, ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.layout == RS_LAYOUT_WRAPPED);
    CHECK(doc.block_count == 3);
    CHECK(strncmp(block(0), "The delegation", 14) == 0);
    CHECK(strstr(block(0), "It ends here.") != NULL);
    CHECK(strncmp(block(1), "A new paragraph", 15) == 0);
    CHECK(strstr(block(2), "capacity-building") != NULL || strstr(block(2), "capacitybuilding") != NULL);
}

static void test_line_end_hyphens(void)
{
    const char *text =
        "Our delegation supports the full imple-\n"
        "mentation of the Statute and the capacity-\n"
        "building of national courts, as well as capacity-building abroad. The\n"
        "well-known rule of self-\n"
        "determination and the co-\n"
        "operation we owe each other, in cooperation with all States, matter.\n";
    CHECK(read_text(text, ROSTRUM_PARAGRAPHS_BLANK) == 0);
    CHECK(strstr(block(0), "full implementation of") != NULL);
    CHECK(strstr(block(0), "the capacity-building of national") != NULL);
    CHECK(strstr(block(0), "rule of self-determination") != NULL);
    CHECK(strstr(block(0), "the cooperation we owe") != NULL);
    /* the document writes "česko-slovenská" in small letters: a split
     * "ČESKO-" + "slovenská" keeps its hyphen too */
    CHECK(read_text("Výbor pro česko-slovenská jednání zasedal. ČESKO-\nslovenská komise jednala.\n",
                    ROSTRUM_PARAGRAPHS_BLANK) == 0);
    CHECK_STR(block(0), "Výbor pro česko-slovenská jednání zasedal. ČESKO-slovenská komise jednala.");
}

static void test_errors(void)
{
    CHECK(read_text("Good line.\nBad \xC3\x28 byte.\n", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "t.md:2:") != NULL);
    CHECK(strstr(err, "byte 15") != NULL);
    CHECK(read_text("overlong \xC0\xAF\n", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(read_text("surrogate \xED\xA0\x80\n", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(read_text("truncated \xE2\x82", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(read_text("", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "no text to speak") != NULL);
    CHECK(read_text(" \n\t\n\n", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    CHECK(read_text("<!-- only a comment -->\n", ROSTRUM_PARAGRAPHS_AUTO) == ROSTRUM_EINPUT);
    {
        static const char utf16[] = "\xFF\xFEH\0i\0";
        rs__document_free(&doc);
        CHECK(rs__read(&doc, "u.txt", utf16, sizeof utf16 - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) ==
              ROSTRUM_EINPUT);
        CHECK(strstr(err, "UTF-16") != NULL);
    }
    {
        static const char nul[] = "a\0b";
        rs__document_free(&doc);
        CHECK(rs__read(&doc, "n.txt", nul, 3, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == ROSTRUM_EINPUT);
        CHECK(strstr(err, "NUL") != NULL);
    }
}

static void test_page_furniture(void)
{
    const char *text =
        "The first paragraph speaks of the world today, seventy years on. However, it\n"
        "15-29425 31/34\n"
        "\n"
        "A/70/PV.15 28/09/2015\n"
        "also poses a serious challenge to the Organization.\n"
        "The second paragraph ends at a page break.\n"
        "32/34 15-29425\n"
        "\n"
        "28/09/2015 A/70/PV.15\n"
        "The third paragraph begins on the next page.\n"
        "GENERAL ASSEMBLY 2015\n"
        "A fourth paragraph.\n"
        "GENERAL ASSEMBLY 2015\n"
        "A fifth paragraph, then a page number.\n"
        "12\n"
        "GENERAL ASSEMBLY 2015\n"
        "placeholder\n"
        "The end.\n";
    CHECK(read_text(text, ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 6);
    CHECK_STR(block(0), "The first paragraph speaks of the world today, seventy years on. However, it "
                        "also poses a serious challenge to the Organization.");
    CHECK_STR(block(1), "The second paragraph ends at a page break.");
    CHECK_STR(block(2), "The third paragraph begins on the next page.");
    CHECK_STR(block(3), "A fourth paragraph.");
    CHECK_STR(block(5), "The end.");
    /* a line seen twice is not a running header; a sentence never is */
    CHECK(read_text("Intro line one.\nKEEP THIS 1\nMiddle.\nKEEP THIS 1\nThank you.\nThank you.\nThank you.\n",
                    ROSTRUM_PARAGRAPHS_LINE) == 0);
    CHECK(doc.block_count == 7);
}

/* A page break in the middle of a sentence, as the General Assembly's
 * records have it: the page number beside the job number, the version's
 * letter, the barcode line; the two halves of the sentence read as one. */
static void test_page_furniture_mid_sentence(void)
{
    const char *text =
        "We know that unemployment is not just a statistic; it affects our families, children and\n"
        " \n"
        " \n"
        "7 11-50692\n"
        " \n"
        "husbands. It takes away hope.\n"
        "\n"
        "The second paragraph reaches the foot of the\n"
        "\n"
        "11-50692 8\n"
        "\n"
        "page and goes on.\n"
        "\n"
        "A third is cut by the version's\n"
        "24-12345 (E)\n"
        "N2412345\n"
        "*2412345*\n"
        "letter and the barcode.\n"
        "\n"
        "Seven was the number of the page.\n"
        "\n"
        "7 11-50692 is not furniture inside a sentence.\n";
    CHECK(read_text(text, ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.block_count == 5);
    CHECK_STR(block(0), "We know that unemployment is not just a statistic; it affects our families, children and "
                        "husbands. It takes away hope.");
    CHECK_STR(block(1), "The second paragraph reaches the foot of the page and goes on.");
    CHECK_STR(block(2), "A third is cut by the version's letter and the barcode.");
    CHECK_STR(block(3), "Seven was the number of the page.");
    CHECK_STR(block(4), "7 11-50692 is not furniture inside a sentence.");
}

static const rs_statement *statement(size_t i)
{
    static const rs_statement none = {0};
    return i < doc.statement_count ? &doc.statements[i] : &none;
}

static void test_statements(void)
{
    /* speaker turns split statements; the label leaves the text */
    CHECK(read_text("The Council met at 09:36.\n\nMr L G LEVER: Chairperson, I move:\n\n  That the Council notes.\n\n"
                    "The DEPUTY CHAIRPERSON OF THE NCOP (Mr M L Mushwana): Order! The NCOP is in session.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 3);
    CHECK(statement(0)->speaker == NULL);
    CHECK_STR(statement(1)->speaker, "Mr Lever");
    CHECK_STR(statement(1)->label, "Mr L G LEVER");
    CHECK(statement(1)->block_count == 2 && statement(1)->line == 3);
    CHECK_STR(block(1), "Chairperson, I move:");
    CHECK_STR(statement(2)->speaker, "The Deputy Chairperson of the NCOP (Mr Mushwana)");
    CHECK_STR(block(3), "Order! The NCOP is in session.");
    CHECK(doc.blocks[3].statement == 2);

    /* one paragraph per line, and wrapped text, break at a turn */
    CHECK(read_text("Mr. Kishida (Japan): Thank you, Mr. President.\nWe support the Court.\n"
                    "M. Dupont (France) : Merci, Monsieur le Président.\nNous soutenons la Cour.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 2);
    CHECK_STR(statement(1)->person, "M. Dupont");
    CHECK_STR(statement(1)->qualifier, "France");
    CHECK(read_text("The PRESIDENT: I thank the representative of Japan for his statement, and I now call\n"
                    "on the next speaker on my list, who is the representative of France.\n"
                    "M. DUPONT (France) : Monsieur le Président, la France remercie le Japon de cette\n"
                    "déclaration et soutient pleinement la Cour.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 2);
    CHECK_STR(statement(1)->speaker, "M. Dupont (France)");

    /* a line of the record after a statement is the record's, not the
     * last speaker's; inside a statement of no speaker it stays there */
    CHECK(read_text("The meeting was called to order at 10.05 a.m.\n\nThe PRESIDENT: I call the meeting to order.\n\n"
                    "Mr. Okafor (Norvania): We support the proposal.\n\nThe meeting was suspended at 11 a.m.\n\n"
                    "The meeting resumed at 11.20 a.m.\n\nThe PRESIDENT: We resume.\n\nThe meeting rose at 1.05 p.m.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 6);
    CHECK(statement(0)->speaker == NULL && statement(0)->block_count == 1);
    CHECK_STR(statement(2)->speaker, "Mr. Okafor (Norvania)");
    CHECK(statement(2)->block_count == 1);
    CHECK(statement(3)->speaker == NULL && statement(3)->label == NULL && statement(3)->block_count == 2);
    CHECK(statement(3)->line == 7);
    CHECK_STR(statement(4)->speaker, "The President");
    CHECK(statement(5)->speaker == NULL && statement(5)->block_count == 1);
    CHECK_STR(block(statement(5)->first_block), "The meeting rose at 1.05 p.m.");
    /* after a statement under a heading as well; a statement's own
     * paragraph that only mentions the sitting stays its own */
    CHECK(read_text("## Sénégal {lang=fr}\n\nMerci, Madame la Présidente.\n\nLa séance est levée à 13 h 5.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 2);
    CHECK(statement(1)->heading_block == SIZE_MAX && statement(1)->lang == NULL);
    CHECK(read_text("Mr. Okafor (Norvania): We support it.\n\nWe note that the meeting rose at 1 p.m. yesterday.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1);
    /* a statement of no speaker keeps the line */
    CHECK(read_text("We support the Court.\n\nThe meeting rose at 1.05 p.m.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1);

    /* a capitalized word with a full stop is a turn only when it recurs */
    CHECK(read_text("ГОЛОВА. Шановні колеги.\n\nДякую.\n\nГОЛОВА. Оголошую перерву.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1); /* the chair's turns, one after the other: one statement */
    CHECK_STR(statement(0)->speaker, "Голова");
    CHECK(statement(0)->block_count == 3);
    CHECK_STR(block(2), "Оголошую перерву."); /* the label again, taken off */
    CHECK(read_text("INTRODUCTION. The Court has jurisdiction.\n\nMore text.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1);
    CHECK_STR(block(0), "INTRODUCTION. The Court has jurisdiction.");
    /* "M. Dupont. Je ..." as the French Journal officiel prints turns,
     * when the document has more than one */
    CHECK(read_text("M. le Président du Conseil. Je sais très bien.\n\nM. Pierre Dignac. Vous les essoufflerez !\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 2);
    CHECK_STR(statement(0)->speaker, "M. le Président du Conseil");
    CHECK_STR(block(1), "Vous les essoufflerez !");
    CHECK(read_text("Mr. President. I thank you.\n\nWe agree.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1);
    /* labels in capitals outside Latin-1: Polish, Czech, Turkish */
    CHECK(read_text("PANI ŁUKASZEWSKA: Dziękuję bardzo, panie marszałku.\n\n"
                    "POSLANEC ŽÁK: Děkuji za slovo, pane předsedo.\n\n"
                    "İSMET ÖZ: Teşekkür ederim Sayın Başkan.\n\n"
                    "SELAHATTİN DEMİRTAŞ: Sayın milletvekilleri, hepinizi saygıyla selamlıyorum.\n\n"
                    "MARSZAŁEK. Zamykam dyskusję.\n\nDziękuję.\n\nMARSZAŁEK. Ogłaszam przerwę.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 5);
    CHECK_STR(statement(0)->speaker, "Pani Łukaszewska");
    CHECK_STR(statement(0)->label, "PANI ŁUKASZEWSKA");
    CHECK_STR(block(0), "Dziękuję bardzo, panie marszałku.");
    CHECK_STR(statement(1)->speaker, "Poslanec Žák");
    CHECK_STR(block(1), "Děkuji za slovo, pane předsedo.");
    CHECK_STR(statement(2)->speaker, "İsmet Öz");
    CHECK_STR(statement(3)->speaker, "Selahattin Demirtaş");
    CHECK_STR(statement(4)->speaker, "Marszałek");
    CHECK(statement(4)->block_count == 3); /* "MARSZAŁEK." twice in a row: one turn */
    CHECK_STR(block(6), "Ogłaszam przerwę.");
    /* one speaker's turns with only a direction between are one
     * statement; another qualifier, or a heading, keeps them apart */
    CHECK(read_text("Mr LEVER: We begin.\n\n[Interruption.]\n\nMr LEVER: As I was saying.\n\n"
                    "Mr LEVER (Cape): Another Lever.\n\n## Water\n\nMr LEVER (Cape): Under a heading.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 3);
    CHECK_STR(statement(0)->speaker, "Mr Lever");
    CHECK(statement(0)->block_count == 3);
    CHECK_STR(block(2), "As I was saying.");
    CHECK(doc.blocks[2].statement == 0);
    CHECK_STR(statement(1)->qualifier, "Cape");
    CHECK(statement(1)->first_block == 3 && doc.blocks[3].statement == 1);
    CHECK(statement(2)->heading_block == 4 && statement(2)->block_count == 2 && doc.blocks[5].statement == 2);
    /* an acronym the running text writes in Cyrillic capitals stays so */
    CHECK(read_text("ГОЛОВА КОМІТЕТУ ООН: Шановні колеги, ООН працює.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(statement(0)->speaker, "Голова Комітету ООН");
    /* a label alone in capitals heads a section, it does not speak */
    CHECK(read_text("TABLINGS:\n\nThe report was tabled.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK(doc.statement_count == 1);

    /* headings: a session title above statement headings with attributes */
    CHECK(read_text("# Third plenary meeting\n\nOpened.\n\n## Japan\n\nMr. Kishida (Japan): Thanks.\n\n"
                    "## Sénégal {lang=fr voice=\"fr-statement\"}\n\nMerci.\n\n### A point {.x}\n\nMore.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(doc.session_title, "Third plenary meeting");
    CHECK(doc.statement_count == 3);
    CHECK(statement(1)->heading_block == 2);
    CHECK_STR(statement(1)->speaker, "Mr. Kishida (Japan)"); /* the turn under the heading */
    CHECK_STR(block(4), "Sénégal");
    CHECK_STR(statement(2)->lang, "fr");
    CHECK_STR(statement(2)->voice, "fr-statement");
    CHECK(statement(2)->block_count == 4); /* the deeper heading stays inside */
    CHECK_STR(block(6), "A point");
    /* a turn right under the session's title speaks a statement of its own */
    CHECK(read_text("# Session {.session}\n\nMr. Smith (Tobago): Thank you.\n\nThe President: Thanks.\n",
                    ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(doc.session_title, "Session");
    CHECK(doc.statement_count == 3);
    CHECK(statement(0)->block_count == 1 && statement(0)->label == NULL);
    CHECK_STR(statement(1)->speaker, "Mr. Smith (Tobago)");
    CHECK(statement(1)->first_block == 1);
    CHECK(read_text("## Not {attributes here}\n\nText.\n", ROSTRUM_PARAGRAPHS_AUTO) == 0);
    CHECK_STR(block(0), "Not {attributes here}");
}

int main(void)
{
    test_blank_lines();
    test_bom_and_crlf();
    test_front_matter();
    test_headings();
    test_lists_quotes_rules();
    test_comments_and_fences();
    test_empty_and_nested_items();
    test_numbers_that_are_no_list();
    test_line_per_paragraph();
    test_line_per_paragraph_unicode();
    test_wrapped();
    test_errors();
    test_page_furniture();
    test_page_furniture_mid_sentence();
    test_statements();
    test_line_end_hyphens();
    rs__document_free(&doc);
    return check_report("test_read");
}
