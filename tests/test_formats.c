/* Unit tests of the two format tables: readers (input/formats.c) and
 * containers (encode/containers.c), their rows, lookups and detection. */
#include <string.h>
#include <strings.h>

#include "input/input.h"
#include "encode/encode.h"
#include "check.h"

/* An extension is a dot and lower-case letters or digits. */
static int well_formed(const char *extension)
{
    size_t i;
    if (extension[0] != '.' || !extension[1])
        return 0;
    for (i = 1; extension[i]; i++)
        if (!((extension[i] >= 'a' && extension[i] <= 'z') || (extension[i] >= '0' && extension[i] <= '9')))
            return 0;
    return 1;
}

/* Every row is complete; names are unique; no extension is claimed by two
 * rows of one table unless their sniffers can tell them apart: the XML
 * readers share ".xml", and each refuses bytes that are not its own. */
static void test_reader_rows(void)
{
    size_t i, j, k, l;
    CHECK(rs__input_count() >= 2);
    CHECK(rs__input_at(rs__input_count()) == NULL);
    for (i = 0; i < rs__input_count(); i++) {
        const rs_reader *a = rs__input_at(i);
        CHECK(a->name && a->description && a->mime_type && a->sniff && a->read && a->extensions);
        CHECK(a->extensions[0] != NULL);
        CHECK(rs__input_find(a->name) == a);
        for (k = 0; a->extensions[k]; k++) {
            CHECK(well_formed(a->extensions[k]));
            for (j = 0; j < rs__input_count(); j++)
                for (l = 0; rs__input_at(j)->extensions[l]; l++)
                    CHECK((i == j && k == l) || strcmp(a->extensions[k], rs__input_at(j)->extensions[l]) != 0 ||
                          (a->sniff("Words.\n", 7) == RS_SNIFF_NO &&
                           rs__input_at(j)->sniff("Words.\n", 7) == RS_SNIFF_NO));
        }
    }
    /* the first row takes any bytes, so detection always finds a reader */
    CHECK(rs__input_at(0)->sniff("\x00\xff", 2) > RS_SNIFF_NO);
    CHECK(rs__input_find("nonesuch") == NULL);
    CHECK(rs__input_find(NULL) == NULL);
}

static void test_reader_paths(void)
{
    CHECK_STR(rs__input_from_path("speech.md")->name, "markdown");
    CHECK_STR(rs__input_from_path("a/b/SPEECH.Markdown")->name, "markdown");
    CHECK_STR(rs__input_from_path("notes.v2.txt")->name, "text");
    CHECK(rs__input_from_path("speech.opus") == NULL);
    CHECK(rs__input_from_path("archive.md/speech") == NULL);
    CHECK(rs__input_from_path("speech") == NULL);
    CHECK(rs__input_from_path(NULL) == NULL);
}

static void test_detection(void)
{
    static const char heading[] = "# Statement\n\nText.\n";
    static const char plain[] = "Mr President, I thank you.\n";
    static const char setext[] = "Statement\n=========\n\nText.\n";
    static const char front[] = "\xEF\xBB\xBF---\ntitle: x\n---\nText.\n";
    static const char hashtag[] = "#1 in the world\n";
    CHECK(rs__sniff_markdown(heading, strlen(heading)) == RS_SNIFF_LIKELY);
    CHECK(rs__sniff_markdown(setext, strlen(setext)) == RS_SNIFF_LIKELY);
    CHECK(rs__sniff_markdown(front, strlen(front)) == RS_SNIFF_LIKELY);
    CHECK(rs__sniff_markdown("```\ncode", 8) == RS_SNIFF_LIKELY);
    /* any text may be Markdown */
    CHECK(rs__sniff_markdown(plain, strlen(plain)) == RS_SNIFF_ANY);
    CHECK(rs__sniff_markdown(hashtag, strlen(hashtag)) == RS_SNIFF_ANY);
    CHECK(rs__sniff_markdown("=====\n", 6) == RS_SNIFF_ANY);
    /* the bytes end inside a line: nothing is read past them */
    CHECK(rs__sniff_markdown("Title\n=== x", 10) == RS_SNIFF_LIKELY);
    CHECK(rs__sniff_markdown("Title\n=== x", 11) == RS_SNIFF_ANY);
    CHECK(rs__sniff_markdown("", 0) == RS_SNIFF_ANY);
    /* content decides without a hint, plain text on a tie; the extension
     * wins over a mere likelihood */
    CHECK_STR(rs__input_detect(NULL, heading, strlen(heading))->name, "markdown");
    CHECK_STR(rs__input_detect("<stdin>", plain, strlen(plain))->name, "text");
    CHECK_STR(rs__input_detect("x.txt", heading, strlen(heading))->name, "text");
    CHECK_STR(rs__input_detect("x.md", plain, strlen(plain))->name, "markdown");
    CHECK_STR(rs__input_detect("x.opus", heading, strlen(heading))->name, "markdown");
    CHECK_STR(rs__input_detect("x", "", 0)->name, "text");
}

/* Both names of the one reader read alike: what the render speaks does not
 * depend on the name. */
static void test_read_dispatch(void)
{
    static const char text[] = "# Heading\n\nFirst paragraph.\n\nSecond.\n";
    rs_document a, b;
    char err[256];
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    CHECK(rs__read(&a, "x.md", text, strlen(text), ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == 0);
    CHECK(rs__read(&b, "x.txt", text, strlen(text), ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == 0);
    CHECK(a.block_count == 3 && b.block_count == 3);
    CHECK(a.block_count == b.block_count && a.blocks[0].kind == RS_BLOCK_HEADING && b.blocks[0].kind == RS_BLOCK_HEADING);
    rs__document_free(&a);
    rs__document_free(&b);
    /* a read that fails says so through the reader it was given to */
    CHECK(rs__read(&a, "x.txt", "\xff", 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "x.txt") != NULL);
}

/* Every value of the public enum but AUTO has exactly one row. */
static void test_container_rows(void)
{
    rostrum_format format;
    size_t i, j, k, l;
    CHECK(rs__container_of(ROSTRUM_FORMAT_AUTO) == NULL);
    CHECK(rs__container_of((rostrum_format)-1) == NULL);
    CHECK(rs__container_of((rostrum_format)(ROSTRUM_FORMAT_EPUB + 1)) == NULL);
    /* ROSTRUM_FORMAT_EPUB is the enum's last value */
    for (format = ROSTRUM_FORMAT_OPUS; format <= ROSTRUM_FORMAT_MP3; format++)
        CHECK(rs__container_of(format) && rs__container_of(format)->format == format);
    CHECK(rs__container_of(ROSTRUM_FORMAT_EPUB) && rs__container_of(ROSTRUM_FORMAT_EPUB)->publication);
    CHECK(rs__container_at(rs__container_count()) == NULL);
    for (i = 0; i < rs__container_count(); i++) {
        const rs_container *a = rs__container_at(i);
        CHECK(a->name && a->description && a->mime_type && a->extensions && a->extensions[0]);
        /* an encoder of its own, or a book that holds another's audio */
        CHECK(a->publication ? !a->create && !a->create_stretched && !a->streams : a->create != NULL);
        CHECK(a->format != ROSTRUM_FORMAT_AUTO && rs__container_of(a->format) == a);
        CHECK(rs__container_find(a->name) == a);
        for (k = 0; a->extensions[k]; k++) {
            CHECK(well_formed(a->extensions[k]));
            CHECK(rs__container_from_path(a->extensions[k]) == a);
            for (j = 0; j < rs__container_count(); j++)
                for (l = 0; rs__container_at(j)->extensions[l]; l++)
                    CHECK((i == j && k == l) || strcmp(a->extensions[k], rs__container_at(j)->extensions[l]) != 0);
        }
    }
    CHECK(rs__container_find("aiff") == NULL);
    /* lossy containers without a header gain have a bitrate of their own */
    CHECK(rs__container_of(ROSTRUM_FORMAT_MP3)->default_kbps == 64);
    CHECK(rs__container_of(ROSTRUM_FORMAT_M4B)->default_kbps == 64);
    CHECK(!rs__container_of(ROSTRUM_FORMAT_M4B)->streams && rs__container_of(ROSTRUM_FORMAT_MP3)->streams);
    /* what may go inside a book: audio that reading systems play */
    CHECK(rs__container_from_path("talk.EPUB")->format == ROSTRUM_FORMAT_EPUB);
    CHECK(rostrum_format_from_path("talk.epub") == ROSTRUM_FORMAT_EPUB);
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_OPUS) == rs__container_of(ROSTRUM_FORMAT_OPUS));
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_WAV) == NULL);
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_FLAC) == NULL);
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_EPUB) == NULL);
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_AUTO) == NULL);
    CHECK(rs__epub_default_audio() == rs__container_of(ROSTRUM_FORMAT_MP3));
    CHECK(rs__epub_audio_container(ROSTRUM_FORMAT_M4B) == rs__container_of(ROSTRUM_FORMAT_M4B));
}

static void test_container_paths(void)
{
    CHECK(rs__container_from_path("out.opus")->format == ROSTRUM_FORMAT_OPUS);
    CHECK(rs__container_from_path("OUT.OGA")->format == ROSTRUM_FORMAT_OPUS);
    CHECK(rs__container_from_path("a.b/out.Ogg")->format == ROSTRUM_FORMAT_OPUS);
    CHECK(rs__container_from_path("out.wav")->format == ROSTRUM_FORMAT_WAV);
    CHECK(rs__container_from_path("out.flac")->format == ROSTRUM_FORMAT_FLAC);
    CHECK(rs__container_from_path("out.mp3")->format == ROSTRUM_FORMAT_MP3);
    CHECK(rs__container_from_path("book.M4B")->format == ROSTRUM_FORMAT_M4B);
    CHECK(rs__container_from_path("song.m4a")->format == ROSTRUM_FORMAT_M4B);
    CHECK(rs__container_from_path("out.aiff") == NULL);
    CHECK(rs__container_from_path("dir.wav/out") == NULL);
    CHECK(rs__container_from_path("out") == NULL);
    CHECK(rs__container_from_path(NULL) == NULL);
    CHECK(rostrum_format_from_path("speech.FLAC") == ROSTRUM_FORMAT_FLAC);
    CHECK(rostrum_format_from_path("speech.md") == ROSTRUM_FORMAT_AUTO);
}

typedef struct seen {
    size_t inputs, outputs;
    int order_ok;     /* every input before every output */
    int stop_after;   /* non-zero: stop the listing after this many */
    size_t calls;
} seen;

static int count_format(void *user, const rostrum_format_info *f)
{
    seen *s = user;
    s->calls++;
    if (!strcmp(f->kind, "input")) {
        s->inputs++;
        if (s->outputs)
            s->order_ok = 0;
        CHECK(f->format == ROSTRUM_FORMAT_AUTO && rs__input_find(f->name) != NULL);
        /* ".xml" names the first XML reader; the content tells them apart */
        if (rostrum_input_format_from_path(f->extensions[0]) && strcmp(rostrum_input_format_from_path(f->extensions[0]), f->name) != 0)
            CHECK(rs__input_find(f->name)->sniff("Words.\n", 7) == RS_SNIFF_NO &&
                  rs__input_find(rostrum_input_format_from_path(f->extensions[0]))->sniff("Words.\n", 7) == RS_SNIFF_NO);
        else
            CHECK_STR(rostrum_input_format_from_path(f->extensions[0]), f->name);
    } else {
        s->outputs++;
        CHECK(!strcmp(f->kind, "output"));
        CHECK(rs__container_of(f->format) == rs__container_find(f->name));
        CHECK(rostrum_format_from_path(f->extensions[0]) == f->format);
    }
    return s->stop_after && s->calls == (size_t)s->stop_after ? 7 : 0;
}

static void test_public_listing(void)
{
    seen s;
    memset(&s, 0, sizeof s);
    s.order_ok = 1;
    CHECK(rostrum_list_formats(count_format, &s) == 0);
    CHECK(s.inputs == rs__input_count() && s.outputs == rs__container_count() && s.order_ok);
    memset(&s, 0, sizeof s);
    s.stop_after = 1;
    CHECK(rostrum_list_formats(count_format, &s) == 7 && s.calls == 1);
    CHECK(rostrum_list_formats(NULL, NULL) == ROSTRUM_EINVAL);
    CHECK(rostrum_input_format_from_path("x.opus") == NULL);
    CHECK(rostrum_input_format_from_path(NULL) == NULL);
}

int main(void)
{
    test_reader_rows();
    test_reader_paths();
    test_detection();
    test_read_dispatch();
    test_container_rows();
    test_container_paths();
    test_public_listing();
    return check_report("test_formats");
}
