/* The EPUB talking book: the audio rendered into memory in its own
 * container, then packed with the text, its overlays and navigation. */
#include <stdio.h>
#include <string.h>

#include "handle.h"

const rs_container *rs__book_audio(const rostrum *r)
{
    const rs_container *audio = r->opt.epub_audio ? rs__epub_audio_container(r->opt.epub_audio) : NULL;
    return audio ? audio : rs__epub_default_audio();
}

/* The audio as it is encoded: a seekable file in memory, so that every
 * container (Opus with its header gain, MP3 with its Xing frame) can go
 * back and finish its header. */
typedef struct memory_file {
    rs_buf buf;
    size_t pos;
    int out_of_memory;   /* a write failed for want of memory, not of disk */
} memory_file;

static int memory_write(void *user, const void *data, size_t len)
{
    memory_file *f = user;
    if (f->pos + len > f->buf.len) {
        if (rs__buf_reserve(&f->buf, f->pos + len - f->buf.len) != 0) {
            f->out_of_memory = 1;
            return -1;
        }
        /* a seek past the end leaves a hole of zeros, as a file would */
        if (f->pos > f->buf.len)
            memset(f->buf.data + f->buf.len, 0, f->pos - f->buf.len);
        f->buf.len = f->pos + len;
    }
    memcpy(f->buf.data + f->pos, data, len);
    f->pos += len;
    return 0;
}

static int memory_seek(void *user, int64_t offset, int whence)
{
    memory_file *f = user;
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos : (int64_t)f->buf.len;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return -1;
    if (base + offset < 0)
        return -1;
    f->pos = (size_t)(base + offset);
    return 0;
}

static int64_t memory_tell(void *user)
{
    return (int64_t)((memory_file *)user)->pos;
}

static const rostrum_io memory_io = {memory_write, memory_seek, memory_tell};

/* The render key as a UUID URN: the same input and options name the same
 * book, a changed one another. */
static void identifier_of(const char key[ROSTRUM_KEY_SIZE], char *out, size_t size)
{
    snprintf(out, size, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", key, key + 8, key + 12, key + 16, key + 20);
}

/* dcterms:modified must be a full UTC time. The render's clock would make
 * every re-run differ, so it is the statement's date at midnight when the
 * statement gives a full one, else a fixed date. */
static void modified_of(const char *date, char out[32])
{
    size_t i;
    int ok = date && strlen(date) == 10;
    for (i = 0; ok && i < 10; i++)
        ok = (i == 4 || i == 7) ? date[i] == '-' : (date[i] >= '0' && date[i] <= '9');
    snprintf(out, 32, "%.10sT00:00:00Z", ok ? date : "2000-01-01");
}

/* The media type the package gives the audio: MP4 audio by one name. */
static const char *audio_media_type(const rs_container *audio)
{
    const char *type = audio->mime_type;
    if (!strcmp(type, "audio/x-m4a") || !strcmp(type, "audio/x-m4b") || !strcmp(type, "audio/aac"))
        return "audio/mp4";
    return type;
}

/* The audio's extension in the book: its container's usual one, but
 * .m4a for MP4 audio, which is no audiobook of its own there. */
static const char *audio_extension(const rs_container *audio)
{
    size_t k;
    for (k = 0; audio->extensions[k]; k++)
        if (!strcmp(audio->extensions[k], ".m4a"))
            return ".m4a";
    return audio->extensions[0];
}

/* The chapters of the plan, as the audio's chapter tags place them. */
static int book_chapters(const rostrum *r, rs_cue **out, size_t *count)
{
    size_t i, n = 0;
    rs_cue *cues = rs__calloc(r->plan.count ? r->plan.count : 1, sizeof *cues);
    *out = cues;
    if (!cues)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < r->plan.count; i++)
        if (r->plan.segments[i].opens_chapter) {
            cues[n].start = r->plan.segments[i].start_sample;
            cues[n].text = r->plan.segments[i].chapter_name;
            cues[n++].paragraph = i;
        }
    *count = n;
    return 0;
}

/* Every file of the book, the audio among them, zipped into zip. */
static int pack_book(rostrum *r, const rs_container *audio, const char *identifier, const memory_file *sound,
                     rs_buf *zip)
{
    rs_epub_info info;
    rs_epub book;
    rs_cue *chapters = NULL;
    const char **languages = rs__calloc(r->plan.count + 1, sizeof *languages);
    const rs_norm_context **contexts = rs__calloc(r->plan.count + 1, sizeof *contexts);
    rs_zip_entry *entries = NULL;
    char audio_href[64], modified[32], epub_audio_name[80];
    size_t i, chapter_count = 0;
    int rc = languages && contexts ? book_chapters(r, &chapters, &chapter_count) : ROSTRUM_ENOMEM;
    memset(&book, 0, sizeof book);
    if (rc)
        goto done;
    memset(&info, 0, sizeof info);
    info.language = r->cast.slots[0].language;
    for (i = 0; i < r->plan.count; i++) {
        const rs_voice_slot *slot = &r->cast.slots[r->plan.segments[i].voice];
        contexts[i] = &slot->context;
        if (strcmp(slot->language, info.language) != 0)
            languages[i] = slot->language;
    }
    snprintf(audio_href, sizeof audio_href, "audio/speech%s", audio_extension(audio));
    info.date = r->opt.date ? r->opt.date : r->doc.date;
    modified_of(info.date, modified);
    info.identifier = identifier;
    info.title = rs__title_of(r);
    info.speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
    info.modified = modified;
    info.narrator = r->cast.slots[0].label;
    info.audio_href = audio_href;
    info.audio_type = audio_media_type(audio);
    info.word_level = r->opt.epub_level == ROSTRUM_EPUB_WORD;
    info.per_statement = r->doc.statement_count > 1;
    info.doc = &r->doc;
    info.plan = &r->plan;
    info.paragraph_languages = languages;
    info.contexts = contexts;
    info.captions = &r->captions;
    info.chapters = chapters;
    info.chapter_count = chapter_count;
    info.rate = RS__SAMPLE_RATE;
    rc = rs__epub_build(&book, &info);
    if (rc)
        goto done;
    entries = rs__calloc(book.count + 1, sizeof *entries);
    if (!entries) {
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    for (i = 0; i < book.count; i++) {
        entries[i].name = book.files[i].name;
        entries[i].data = book.files[i].text.data ? book.files[i].text.data : "";
        entries[i].size = book.files[i].text.len;
        entries[i].store = book.files[i].store;
    }
    /* the audio last, stored: it is compressed already */
    snprintf(epub_audio_name, sizeof epub_audio_name, "EPUB/%s", audio_href);
    entries[i].name = epub_audio_name;
    entries[i].data = sound->buf.data ? sound->buf.data : "";
    entries[i].size = sound->buf.len;
    entries[i].store = 1;
    rc = rs__zip_write(entries, book.count + 1, zip, r->errmsg, sizeof r->errmsg);
    if (rc) /* the message is set */
        rs__fail(r, rc, NULL);
done:
    if (rc && !r->failed)
        rs__fail(r, rc, NULL);
    rs__epub_free(&book);
    rs__free(entries);
    rs__free(chapters);
    rs__free(languages);
    rs__free(contexts);
    return rc;
}

/* The book needs the whole of its audio before its first byte (the zip's
 * directory comes last, the audio is inside), so it is made in memory and
 * written at once. */
int rs__render_book(rostrum *r, const rostrum_io *io, void *io_user)
{
    const rs_container *audio = rs__book_audio(r);
    memory_file sound;
    rs_buf zip = {0};
    char key[ROSTRUM_KEY_SIZE], identifier[64];
    int rc;
    memset(&sound, 0, sizeof sound);
    if (!io->seek || !io->tell)
        return rs__fail(r, ROSTRUM_EUNSUPPORTED, "an EPUB is written to a file, not to a pipe or stdout");
    rc = rostrum_render_key(r, ROSTRUM_FORMAT_EPUB, key);
    if (rc)
        return rc;
    identifier_of(key, identifier, sizeof identifier);
    rc = rostrum_render(r, audio->format, &memory_io, &sound);
    if (rc == ROSTRUM_EIO && sound.out_of_memory)
        rc = rs__fail(r, ROSTRUM_ENOMEM, "out of memory for the EPUB's audio");
    if (rc == 0) {
        r->rendered = 0; /* not until the book is written */
        rc = pack_book(r, audio, identifier, &sound, &zip);
    }
    if (rc == 0 && io->write(io_user, zip.data, zip.len) != 0)
        rc = rs__fail(r, ROSTRUM_EIO, "cannot write the EPUB (disk full?)");
    if (rc == 0)
        r->rendered = 1;
    rs__buf_free(&sound.buf);
    rs__buf_free(&zip);
    return rc;
}
