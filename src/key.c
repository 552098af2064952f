/* What a caller needs to tell whether an output is up to date: the key of
 * everything that shapes a render's bytes, and the length of what it made. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "handle.h"

#define KEY_KIND "rostrum render key 1"

static void add_string(rs_digest *d, const char *text)
{
    unsigned char present = text != NULL;
    rs__digest_add(d, &present, 1);
    if (text)
        rs__digest_field(d, text, strlen(text));
}

/* Numbers as 8 little-endian bytes, the same on every machine. */
static void add_number(rs_digest *d, int64_t value)
{
    unsigned char bytes[8];
    rs__put_le(bytes, (uint64_t)value, 8);
    rs__digest_add(d, bytes, sizeof bytes);
}

static void add_double(rs_digest *d, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    add_number(d, (int64_t)bits);
}

/* The versions of rostrum and of every library that shapes the bytes.
 * espeak-ng's is asked without starting it: the key must not set up its
 * global state in a process that forks renders afterwards. FFmpeg's only
 * where it writes the audio: asking loads it. */
void rs__digest_versions(rs_digest *d, const rostrum *r, rostrum_format format)
{
    const rs_container *c = rs__container_of(format);
    char opus[160], ebur128[48], ffmpeg[96];
    rs__opus_versions(opus, sizeof opus);
    rs__ebur128_version(ebur128, sizeof ebur128);
    add_string(d, rostrum_version());
    add_string(d, rs__synth_version());
    add_string(d, opus);
    add_string(d, rs__sndfile_version());
    add_string(d, ebur128);
    if (c && c->publication)
        c = rs__book_audio(r);
    if (c && c->create == rs__encoder_ffmpeg_create) {
        rs__ffmpeg_versions(ffmpeg, sizeof ffmpeg);
        add_string(d, ffmpeg);
    }
    add_string(d, rs__soxr_version());
}

/* The bytes of a file an option names (intro, outro, cover); they are read
 * when the render starts, so a file replaced under the same name counts. */
static int add_file(rostrum *r, rs_digest *d, const char *path, const char *what)
{
    char chunk[65536];
    size_t n;
    uint64_t size = 0;
    int failed;
    FILE *f;
    add_string(d, what);
    add_string(d, path ? "" : NULL); /* present or not; its name does not count */
    if (!path)
        return 0;
    f = fopen(path, "rb");
    if (!f)
        return rs__fail(r, ROSTRUM_EIO, "%s: cannot read the %s: %s", path, what, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rs__digest_add(d, chunk, n);
        size += n;
    }
    failed = ferror(f);
    fclose(f);
    if (failed)
        return rs__fail(r, ROSTRUM_EIO, "%s: cannot read the %s", path, what);
    add_number(d, (int64_t)size);
    return 0;
}

/* The voices as the cast chose them: each one's language, name, espeak-ng
 * voice, rate and pitch (the options' or the preset's, whichever won) and
 * its preset's text; which statement each speaks; and every voice map and
 * lexicon read, by its part and text. */
static void add_cast(rs_digest *d, const rostrum *r)
{
    const rs_cast *cast = &r->cast;
    size_t i;
    add_number(d, (int64_t)cast->count);
    for (i = 0; i < cast->count; i++) {
        const rs_voice_slot *slot = &cast->slots[i];
        add_string(d, slot->language);
        add_string(d, slot->label);
        add_string(d, slot->choice.espeak_voice);
        add_number(d, slot->choice.rate);
        add_number(d, slot->choice.pitch);
        add_number(d, slot->has_preset);
        if (slot->has_preset) {
            add_number(d, (int64_t)slot->preset_digest.lane[0]);
            add_number(d, (int64_t)slot->preset_digest.lane[1]);
        }
    }
    add_number(d, (int64_t)r->doc.statement_count);
    for (i = 0; i < r->doc.statement_count; i++)
        add_number(d, (int64_t)cast->statement_voice[i]);
    add_number(d, (int64_t)cast->sources.lane[0]);
    add_number(d, (int64_t)cast->sources.lane[1]);
}

/* The options that change the output, by the values they take effect
 * with, in one fixed order. The voice, language, rate, pitch, voice map,
 * lexicons and the user's folder are in the cast; the threads and the
 * cache only choose between two encodings; progress, explain and the
 * cache's size change nothing written. */
static void add_options(rs_digest *d, const rostrum *r, rostrum_format format)
{
    const rostrum_options *o = &r->opt;
    unsigned sidecars = o->sidecars & 31u;
    size_t i;
    add_number(d, format);
    if (format == ROSTRUM_FORMAT_EPUB) {
        /* a book: how it is synchronized, its zip writer, and then its
         * audio as that container's own file would count it */
        add_number(d, o->epub_level);
        add_string(d, rs__zip_version());
        format = rs__book_audio(r)->format;
        add_number(d, format);
    }
    if (format == ROSTRUM_FORMAT_OPUS) {
        add_number(d, rs__encodes_in_stretches(r, format));
        add_number(d, rs__bitrate_kbps(r, format));
        add_number(d, o->complexity);
    } else if (rs__container_of(format) && rs__container_of(format)->default_kbps) {
        add_number(d, rs__bitrate_kbps(r, format));
    }
    add_number(d, o->pause_ms);
    add_number(d, o->pause_statement_ms);
    add_double(d, o->loudness_lufs);
    add_number(d, o->chapters);
    add_number(d, o->paragraphs);
    add_number(d, o->announce);
    add_number(d, o->voices);
    add_number(d, o->read_directions != 0);
    if (o->input_format) /* only when given, so that earlier keys stand */
        add_string(d, o->input_format);
    if (!o->identify)
        add_string(d, "identify: off");
    /* the page brings its captions and chapters */
    if (sidecars & ROSTRUM_SIDECAR_PAGE)
        sidecars |= ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_VTT;
    add_number(d, sidecars);
    /* the tags as written: an option, else the front matter */
    add_string(d, rs__title_of(r));
    add_string(d, rs__album_of(r));
    add_string(d, o->artist ? o->artist : r->doc.speaker);
    add_string(d, o->date ? o->date : r->doc.date);
    add_number(d, (int64_t)o->extra_tag_count);
    for (i = 0; i < o->extra_tag_count; i++) {
        const char *key = r->extra_tags[i];
        add_string(d, key);
        add_string(d, key + strlen(key) + 1);
    }
}

int rostrum_render_key(rostrum *r, rostrum_format format, char key[ROSTRUM_KEY_SIZE])
{
    rs_digest d;
    int rc;
    if (!r || !key || (format != ROSTRUM_FORMAT_AUTO && !rs__container_of(format)))
        return ROSTRUM_EINVAL;
    rc = rs__usable(r, 0, "rostrum_render_key");
    if (rc)
        return rc;
    if (format == ROSTRUM_FORMAT_AUTO)
        format = ROSTRUM_FORMAT_OPUS;
    rs__digest_init(&d);
    add_string(&d, KEY_KIND);
    rs__digest_versions(&d, r, format);
    add_options(&d, r, format);
    add_cast(&d, r);
    rc = add_file(r, &d, r->opt.intro, "intro");
    if (rc == 0)
        rc = add_file(r, &d, r->opt.outro, "outro");
    if (rc == 0)
        rc = add_file(r, &d, r->opt.cover, "cover");
    if (rc)
        return rc;
    /* the manifest names the input */
    add_string(&d, r->input_name);
    rs__digest_field(&d, r->source, r->source_size);
    snprintf(key, ROSTRUM_KEY_SIZE, "%016llx%016llx", (unsigned long long)d.lane[0], (unsigned long long)d.lane[1]);
    return 0;
}

int rostrum_render_duration(const rostrum *r, double *seconds)
{
    if (!r || !r->rendered)
        return ROSTRUM_ESTATE;
    if (seconds)
        *seconds = (double)r->total_samples / RS__SAMPLE_RATE;
    return 0;
}
