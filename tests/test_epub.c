/* Unit tests of the EPUB talking book's files: markup escaping, SMIL clock
 * values, and a small book's content, overlays and package. */
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"
#include "check.h"

#define RATE 22050

static rs_norm_context english = {"en", NULL, 0, 0};

static char *escaped_as(const char *s, unsigned how)
{
    rs_buf b = {0};
    rs__markup_escape(&b, s, how);
    rs__buf_putc(&b, '\0');
    return b.data;
}

static char *escaped(const char *s)
{
    return escaped_as(s, RS__MARKUP_XML);
}

static char *clock_of(uint64_t ms)
{
    rs_buf b = {0};
    rs__smil_clock(&b, ms);
    rs__buf_putc(&b, '\0');
    return b.data;
}

static void test_escape(void)
{
    char *s = escaped("Q&A <1> \"x\" 'y'");
    CHECK_STR(s, "Q&amp;A &lt;1&gt; &quot;x&quot; &#39;y&#39;");
    free(s);
    /* XML 1.0 has no form for these: they are left out, tab and newline kept */
    s = escaped("a\x01\x1f" "b\tc\nd");
    CHECK_STR(s, "ab\tc\nd");
    free(s);
    /* UTF-8 goes through as it is */
    s = escaped("Mme d\xC3\xA9l\xC3\xA9gu\xC3\xA9" "e");
    CHECK_STR(s, "Mme d\xC3\xA9l\xC3\xA9gu\xC3\xA9" "e");
    free(s);
    s = escaped(NULL);
    CHECK_STR(s ? s : "", "");
    free(s);
    /* a carriage return is allowed in XML */
    s = escaped("a\rb");
    CHECK_STR(s, "a\rb");
    free(s);
    /* references at both ends, around runs of bytes that need none */
    s = escaped("&first, then \"middle\" and last<");
    CHECK_STR(s, "&amp;first, then &quot;middle&quot; and last&lt;");
    free(s);
}

/* The listening page's HTML is on one line, control characters and all;
 * a WebVTT cue escapes only & < >, a voice name is on one line too. */
static void test_escape_other_markup(void)
{
    char *s = escaped_as("O'Brien & \"Co\" <b>\nnext\x01\r", RS__MARKUP_HTML);
    CHECK_STR(s, "O&#39;Brien &amp; &quot;Co&quot; &lt;b&gt; next\x01\r");
    free(s);
    s = escaped_as("O'Brien & \"Co\" a --> b\nnext\x01", 0);
    CHECK_STR(s, "O'Brien &amp; \"Co\" a --&gt; b\nnext\x01");
    free(s);
    s = escaped_as("Mr <Lever>\nand Co", RS__MARKUP_ONE_LINE);
    CHECK_STR(s, "Mr &lt;Lever&gt; and Co");
    free(s);
    s = escaped_as("", RS__MARKUP_HTML);
    CHECK_STR(s ? s : "", "");
    free(s);
}

static void test_clock(void)
{
    static const struct {
        uint64_t ms;
        const char *clock;
    } cases[] = {{0, "0:00:00.000"}, {1, "0:00:00.001"}, {59999, "0:00:59.999"}, {60000, "0:01:00.000"},
                 {3599999, "0:59:59.999"}, {3600000, "1:00:00.000"}, {12 * 3600000ULL + 345, "12:00:00.345"},
                 {123 * 3600000ULL, "123:00:00.000"}};
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = clock_of(cases[i].ms);
        CHECK_STR(c, cases[i].clock);
        free(c);
    }
}

/* A book of one paragraph, two sentences; "10.05" is read as three words. */
typedef struct small_book {
    rs_document doc;
    rs_block block;
    rs_statement statement;
    rs_plan plan;
    rs_segment segment;
    rs_captions captions;
    rs_caption_sentence sentences[2];
    rs_caption_word words[8];
    const rs_norm_context *contexts[1];
    rs_cue chapter;
    rs_epub_info info;
} small_book;

static void small_book_init(small_book *b)
{
    static const struct {
        size_t start, end;
        uint64_t from, to;
    } words[8] = {{0, 5, 22050, 30000},   {6, 11, 30000, 44100},  {13, 15, 44100, 50000},
                  {16, 18, 50000, 55000}, {19, 24, 55000, 60000}, {19, 24, 60000, 65000},
                  {19, 24, 65000, 70000}, {25, 28, 70000, 88200}};
    size_t i;
    memset(b, 0, sizeof *b);
    b->block.kind = RS_BLOCK_PARAGRAPH;
    b->block.text = "Hello world. It is 10.05 now.";
    b->doc.blocks = &b->block;
    b->doc.block_count = 1;
    b->doc.statements = &b->statement;
    b->doc.statement_count = 1;
    b->segment.text = "Hello world. It is ten oh five now.";
    b->segment.chapter_name = "Q&A";
    b->segment.opens_chapter = 1;
    b->segment.end_sample = 88200;
    b->plan.segments = &b->segment;
    b->plan.count = 1;
    b->sentences[0] = (rs_caption_sentence){0, {0, 12}, 22050, 44100, 0, 2, 0, 0};
    b->sentences[1] = (rs_caption_sentence){0, {13, 29}, 44100, 88200, 2, 6, 0, 0};
    for (i = 0; i < 8; i++)
        b->words[i] = (rs_caption_word){0, {words[i].start, words[i].end}, words[i].from, words[i].to};
    b->captions.sentences = b->sentences;
    b->captions.sentence_count = 2;
    b->captions.words = b->words;
    b->captions.word_count = 8;
    b->contexts[0] = &english;
    b->chapter.text = "Q&A";
    b->chapter.paragraph = 0;
    b->info.identifier = "urn:uuid:00000000-0000-0000-0000-000000000000";
    b->info.title = "Statement <draft>";
    b->info.language = "en";
    b->info.date = "2024-09-24";
    b->info.modified = "2024-09-24T00:00:00Z";
    b->info.audio_href = "audio/speech.mp3";
    b->info.audio_type = "audio/mpeg";
    b->info.doc = &b->doc;
    b->info.plan = &b->plan;
    b->info.contexts = b->contexts;
    b->info.captions = &b->captions;
    b->info.chapters = &b->chapter;
    b->info.chapter_count = 1;
    b->info.rate = RATE;
}

static const char *file_text(rs_epub *book, const char *name)
{
    size_t i;
    for (i = 0; i < book->count; i++)
        if (strcmp(book->files[i].name, name) == 0) {
            rs__buf_putc(&book->files[i].text, '\0');
            book->files[i].text.len--;
            return book->files[i].text.data;
        }
    return NULL;
}

static size_t count_of(const char *text, const char *what)
{
    size_t n = 0;
    for (; text && (text = strstr(text, what)) != NULL; text += strlen(what))
        n++;
    return n;
}

static void test_sentence_book(void)
{
    small_book b;
    rs_epub book;
    const char *xhtml, *smil, *opf, *nav;
    small_book_init(&b);
    CHECK(rs__epub_build(&book, &b.info) == 0);
    CHECK(book.count == 7);
    CHECK_STR(book.files[0].name, "mimetype");
    CHECK(book.files[0].store && !book.files[1].store);
    CHECK_STR(file_text(&book, "mimetype"), "application/epub+zip");
    xhtml = file_text(&book, "EPUB/text/part-001.xhtml");
    smil = file_text(&book, "EPUB/text/part-001.smil");
    opf = file_text(&book, "EPUB/package.opf");
    nav = file_text(&book, "EPUB/nav.xhtml");
    CHECK(xhtml && strstr(xhtml, "<p id=\"p0\"><span id=\"s0\">Hello world.</span> "
                                 "<span id=\"s1\">It is 10.05 now.</span></p>"));
    CHECK(xhtml && strstr(xhtml, "<title>Statement &lt;draft&gt;</title>"));
    CHECK(count_of(smil, "<par ") == 2);
    CHECK(smil && strstr(smil, "<text src=\"part-001.xhtml#s0\"/><audio src=\"../audio/speech.mp3\" "
                               "clipBegin=\"0:00:01.000\" clipEnd=\"0:00:02.000\"/>"));
    CHECK(smil && strstr(smil, "clipBegin=\"0:00:02.000\" clipEnd=\"0:00:04.000\""));
    /* three seconds of clips in all, said of the overlay and the book */
    CHECK(count_of(opf, "<meta property=\"media:duration\">0:00:03.000</meta>") == 1);
    CHECK(count_of(opf, "<meta property=\"media:duration\" refines=\"#smil-001\">0:00:03.000</meta>") == 1);
    CHECK(book.duration_ms == 3000);
    CHECK(opf && strstr(opf, "<meta property=\"media:active-class\">rostrum-active</meta>"));
    CHECK(opf && strstr(opf, "media-overlay=\"smil-001\""));
    CHECK(opf && strstr(opf, "<dc:date>2024-09-24</dc:date>"));
    CHECK(opf && strstr(opf, "<meta property=\"schema:accessibilityFeature\">synchronizedAudioText</meta>"));
    CHECK(count_of(opf, "schema:accessMode\"") == 2);
    CHECK(nav && strstr(nav, "<li><a href=\"text/part-001.xhtml#p0\">Q&amp;A</a></li>"));
    CHECK(strstr(file_text(&book, "EPUB/style.css"), ".rostrum-active{") != NULL);
    rs__epub_free(&book);
    CHECK(book.files == NULL && book.count == 0);
}

static void test_word_book(void)
{
    small_book b;
    rs_epub book;
    const char *xhtml, *smil, *opf;
    small_book_init(&b);
    b.info.word_level = 1;
    b.info.date = "24 September 2024"; /* not a W3C date: left out */
    CHECK(rs__epub_build(&book, &b.info) == 0);
    xhtml = file_text(&book, "EPUB/text/part-001.xhtml");
    smil = file_text(&book, "EPUB/text/part-001.smil");
    opf = file_text(&book, "EPUB/package.opf");
    /* a written word read as three is one element, one par */
    CHECK(xhtml && strstr(xhtml, "<span id=\"s1\"><span id=\"w2\">It</span> <span id=\"w3\">is</span> "
                                 "<span id=\"w4\">10.05</span> <span id=\"w7\">now</span>.</span>"));
    CHECK(xhtml && strstr(xhtml, "<span id=\"s0\"><span id=\"w0\">Hello</span> <span id=\"w1\">world</span>.</span>"));
    CHECK(count_of(smil, "<par ") == 6);
    CHECK(count_of(smil, "#s") == 0);
    CHECK(smil && strstr(smil, "#w4\"/><audio src=\"../audio/speech.mp3\" clipBegin=\"0:00:02.494\" "
                               "clipEnd=\"0:00:03.175\"/>"));
    CHECK(opf && !strstr(opf, "dc:date"));
    rs__epub_free(&book);
}

/* A paragraph without captions is shown, and a book without speech has no
 * overlay and lasts nothing. */
static void test_silent_book(void)
{
    small_book b;
    rs_epub book;
    const char *opf;
    small_book_init(&b);
    b.captions.sentence_count = 0;
    b.captions.word_count = 0;
    CHECK(rs__epub_build(&book, &b.info) == 0);
    CHECK(book.count == 6);
    CHECK(file_text(&book, "EPUB/text/part-001.smil") == NULL);
    CHECK(strstr(file_text(&book, "EPUB/text/part-001.xhtml"), "<p id=\"p0\">Hello world. It is 10.05 now.</p>") != NULL);
    opf = file_text(&book, "EPUB/package.opf");
    CHECK(opf && !strstr(opf, "media-overlay") && strstr(opf, "<meta property=\"media:duration\">0:00:00.000</meta>"));
    rs__epub_free(&book);
}

/* Every allocation that fails makes the build fail cleanly. */
static void test_allocation_failures(void)
{
    unsigned long n, total;
    small_book b;
    rs_epub book;
    small_book_init(&b);
    b.info.word_level = 1;
    rs__alloc_count = 0;
    CHECK(rs__epub_build(&book, &b.info) == 0);
    total = rs__alloc_count;
    rs__epub_free(&book);
    for (n = 1; n <= total; n++) {
        int rc;
        rs__alloc_fail_at = n;
        rs__alloc_count = 0;
        rc = rs__epub_build(&book, &b.info);
        rs__alloc_fail_at = 0;
        CHECK(rc == ROSTRUM_ENOMEM || rc == 0);
        CHECK(rc == 0 || (book.files == NULL && book.count == 0));
        rs__epub_free(&book);
    }
}

int main(void)
{
    test_escape();
    test_escape_other_markup();
    test_clock();
    test_sentence_book();
    test_word_book();
    test_silent_book();
    test_allocation_failures();
    return check_report("test_epub");
}
