/* The public interface of librostrum: versions, errors, options, the
 * handle's life, loading a text (read, cast, plan) and what can be asked
 * of it; the render itself is render.c's. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "handle.h"

#ifndef ROSTRUM_VERSION
#define ROSTRUM_VERSION "0.0.0"
#endif

const char *rostrum_version(void)
{
    return ROSTRUM_VERSION;
}

void rostrum_dependency_versions(char *buf, size_t size)
{
    int started = rs__synth_open(NULL, 0) == 0;
    char opus[160], ebur128[48], ffmpeg[96];
    rs__opus_versions(opus, sizeof opus);
    rs__ebur128_version(ebur128, sizeof ebur128);
    rs__ffmpeg_versions(ffmpeg, sizeof ffmpeg);
    snprintf(buf, size, "espeak-ng %s, %s, %s, %s, %s", started ? rs__synth_version() : "(not found)", opus,
             rs__sndfile_version(), ebur128, ffmpeg);
    if (started)
        rs__synth_close();
}

const char *rostrum_strerror(int code)
{
    switch (code) {
    case ROSTRUM_OK: return "success";
    case ROSTRUM_EINVAL: return "invalid argument";
    case ROSTRUM_ENOMEM: return "out of memory";
    case ROSTRUM_EINPUT: return "the input text cannot be read";
    case ROSTRUM_EIO: return "input/output error";
    case ROSTRUM_EVOICE: return "unknown voice or language";
    case ROSTRUM_ESYNTH: return "speech synthesis failed";
    case ROSTRUM_EENCODE: return "audio encoding failed";
    case ROSTRUM_EUNSUPPORTED: return "not supported";
    case ROSTRUM_ECANCELLED: return "cancelled";
    case ROSTRUM_ESTATE: return "call made in the wrong order";
    case ROSTRUM_ENOSTATEMENT: return "a companion file of a corpus, with no statement in it";
    default: return "unknown error";
    }
}

/* Programs tell the size of the rostrum_options they were compiled with,
 * and the library never reads or writes past it (rostrum.h says how the
 * struct grows). 0.1.0's fields stay where they are: on LP64 they end at
 * byte 236 and nothing may move that. The struct ends without padding, so
 * every field appended makes it grow and a size tells which fields a
 * program knows; name the last field here when appending. */
#if defined(__LP64__) || defined(_LP64)
_Static_assert(RS__OPTIONS_SIZE_0_1_0 == 236, "a field of 0.1.0's rostrum_options moved or changed type");
#endif
_Static_assert(offsetof(rostrum_options, job_server_write) + sizeof(int) == sizeof(rostrum_options),
               "rostrum_options ends in padding, or job_server_write is no longer its last field");
_Static_assert(offsetof(rostrum_options, epub_level) + sizeof(rostrum_epub_level) ==
                   offsetof(rostrum_options, job_server_read),
               "a hole between epub_level and job_server_read");
_Static_assert(offsetof(rostrum_options, input_format) + sizeof(const char *) == offsetof(rostrum_options, epub_audio),
               "a hole between input_format and epub_audio");
_Static_assert(offsetof(rostrum_options, identify) + sizeof(unsigned) == offsetof(rostrum_options, input_format),
               "a hole between identify and input_format");

/* Writes the defaults over the first size bytes of o, and zeros where a
 * caller compiled with more options than this library knows has them. */
void rostrum_options_init_sized(rostrum_options *o, size_t size)
{
    rostrum_options defaults;
    if (!o)
        return;
    memset(&defaults, 0, sizeof defaults);
    defaults.pitch = -1;
    defaults.pause_ms = 750;
    defaults.loudness_lufs = -19.0;
    defaults.bitrate_kbps = 0; /* each container's own (containers.c) */
    defaults.complexity = 10;
    defaults.chapters = ROSTRUM_CHAPTERS_AUTO;
    defaults.pause_statement_ms = 1500;
    defaults.paragraphs = ROSTRUM_PARAGRAPHS_AUTO;
    defaults.cache_speech = 1;
    defaults.identify = 1;
    if (size > sizeof defaults) {
        memset((unsigned char *)o + sizeof defaults, 0, size - sizeof defaults);
        size = sizeof defaults;
    }
    memcpy(o, &defaults, size);
}

rostrum_format rostrum_format_from_path(const char *path)
{
    const rs_container *container = rs__container_from_path(path);
    return container ? container->format : ROSTRUM_FORMAT_AUTO;
}

/* The readers' table, then the containers', as the public structure. */
int rostrum_list_formats(rostrum_format_fn fn, void *user)
{
    size_t i;
    int rc = 0;
    if (!fn)
        return ROSTRUM_EINVAL;
    for (i = 0; rc == 0 && i < rs__input_count(); i++) {
        const rs_reader *reader = rs__input_at(i);
        rostrum_format_info info = {.kind = "input", .name = reader->name, .description = reader->description,
                                    .extensions = reader->extensions, .mime_type = reader->mime_type,
                                    .format = ROSTRUM_FORMAT_AUTO};
        rc = fn(user, &info);
    }
    for (i = 0; rc == 0 && i < rs__container_count(); i++) {
        const rs_container *container = rs__container_at(i);
        rostrum_format_info info = {.kind = "output", .name = container->name,
                                    .description = container->description, .extensions = container->extensions,
                                    .mime_type = container->mime_type, .format = container->format,
                                    .streams = container->streams, .chapters = container->chapters,
                                    .cover = container->cover};
        rc = fn(user, &info);
    }
    return rc;
}

const char *rostrum_input_format_from_path(const char *path)
{
    const rs_reader *reader = rs__input_from_path(path);
    return reader ? reader->name : NULL;
}

int rs__usable(rostrum *r, int wants_render, const char *call)
{
    if (r->failed)
        return r->failed;
    if (wants_render && !r->rendered)
        return rs__fail(r, ROSTRUM_ESTATE, "%s: render first", call);
    if (!r->loaded)
        return rs__fail(r, ROSTRUM_ESTATE, "%s: load a text first", call);
    return 0;
}

/* Records the first failure; later calls keep returning it. */
int rs__fail(rostrum *r, int code, const char *fmt, ...)
{
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
        va_end(ap);
    } else if (!r->errmsg[0]) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s", rostrum_strerror(code));
    }
    r->failed = code;
    return code;
}

/* Puts name in front of the last failure's message unless the message
 * starts with it already: every message says which file it is about, also
 * those made deep down (espeak-ng's voice, a write to a full disk). */
void rs__name_the_file(rostrum *r, const char *name)
{
    char detail[RS__ERRMSG_SIZE];
    size_t len = strlen(name);
    if (strncmp(r->errmsg, name, len) == 0 && r->errmsg[len] == ':')
        return;
    snprintf(detail, sizeof detail, "%s", r->errmsg);
    snprintf(r->errmsg, sizeof r->errmsg, "%.200s: %.300s", name, detail);
}

/* A "KEY=value" tag as a Vorbis comment allows it: KEY is not empty and
 * holds printable ASCII (0x20-0x7D) other than '='; the value is UTF-8. */
static int tag_valid(const char *tag)
{
    const unsigned char *p = (const unsigned char *)tag;
    size_t len, step;
    if (!tag || *p == '=')
        return 0;
    for (; *p != '='; p++)
        if (*p < 0x20 || *p > 0x7D)
            return 0;
    len = strlen((const char *)++p);
    for (; len > 0; p += step, len -= step) {
        step = rs__utf8_valid_len(p, len);
        if (step == 0)
            return 0;
    }
    return 1;
}

static int options_valid(const rostrum_options *o)
{
    size_t i;
    if (o->rate_wpm != 0 && (o->rate_wpm < 80 || o->rate_wpm > 450))
        return 0;
    if (o->pitch < -1 || o->pitch > 100)
        return 0;
    if (o->pause_ms < 0 || o->pause_ms > 10000)
        return 0;
    if (!(o->loudness_lufs >= -40.0 && o->loudness_lufs <= -10.0))
        return 0;
    if (o->bitrate_kbps != 0 && (o->bitrate_kbps < 6 || o->bitrate_kbps > 256))
        return 0;
    if (o->complexity < 0 || o->complexity > 10)
        return 0;
    if ((unsigned)o->chapters > ROSTRUM_CHAPTERS_STATEMENT || (unsigned)o->paragraphs > ROSTRUM_PARAGRAPHS_LINE)
        return 0;
    if (o->pause_statement_ms < 0 || o->pause_statement_ms > 10000)
        return 0;
    if ((unsigned)o->announce > ROSTRUM_ANNOUNCE_NONE || (unsigned)o->voices > ROSTRUM_VOICES_ALTERNATE)
        return 0;
    if (o->threads < 0 || o->threads > RS__MAX_THREADS || o->cache_max_mb < 0 || o->cache_max_mb > 1024 * 1024)
        return 0;
    if (o->sidecars & ~31u || o->identify > 1)
        return 0;
    if (o->input_format && !rs__input_find(o->input_format))
        return 0;
    if (o->epub_audio != ROSTRUM_FORMAT_AUTO && !rs__epub_audio_container(o->epub_audio))
        return 0;
    if ((unsigned)o->epub_level > ROSTRUM_EPUB_WORD)
        return 0;
    if ((o->lexicon_count > 0 && !o->lexicons) || (o->extra_tag_count > 0 && !o->extra_tags))
        return 0;
    for (i = 0; i < o->extra_tag_count; i++)
        if (!tag_valid(o->extra_tags[i]))
            return 0;
    return 1;
}

static void free_strings(char **strings, size_t count)
{
    size_t i;
    for (i = 0; strings && i < count; i++)
        rs__free(strings[i]);
    rs__free(strings);
}

/* Copies count strings into a new array (left NULL when count is 0). On
 * failure frees what it made and returns ROSTRUM_ENOMEM. */
static int copy_strings(const char *const *src, size_t count, char ***out)
{
    char **copy;
    size_t i;
    *out = NULL;
    if (count == 0)
        return 0;
    copy = rs__calloc(count, sizeof *copy);
    if (!copy)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < count; i++) {
        copy[i] = rs__strdup(src[i]);
        if (!copy[i]) {
            free_strings(copy, count);
            return ROSTRUM_ENOMEM;
        }
    }
    *out = copy;
    return 0;
}

/* The caller's struct may be older and smaller than this library's: only
 * its first size bytes are read, over the defaults, and the handle keeps
 * that whole copy, with copies of the strings and arrays it points to. */
int rostrum_create_sized(rostrum **out, const rostrum_options *options, size_t size)
{
    rostrum_options given;
    rostrum *r;
    const char **fields[15];
    size_t i;
    if (!out)
        return ROSTRUM_EINVAL;
    *out = NULL;
    if (!options || size < RS__OPTIONS_SIZE_0_1_0 || size > sizeof given)
        return ROSTRUM_EINVAL;
    rostrum_options_init_sized(&given, sizeof given);
    memcpy(&given, options, size);
    if (!options_valid(&given))
        return ROSTRUM_EINVAL;
    r = rs__calloc(1, sizeof *r);
    if (!r)
        return ROSTRUM_ENOMEM;
    r->opt = given;
    fields[0] = &r->opt.language;
    fields[1] = &r->opt.voice;
    fields[2] = &r->opt.title;
    fields[3] = &r->opt.artist;
    fields[4] = &r->opt.date;
    fields[5] = &r->opt.data_dir;
    fields[6] = &r->opt.voice_map;
    fields[7] = &r->opt.cache_dir;
    fields[8] = &r->opt.config_dir;
    fields[9] = &r->opt.intro;
    fields[10] = &r->opt.outro;
    fields[11] = &r->opt.cover;
    fields[12] = &r->opt.album;
    fields[13] = &r->opt.input_format;
    fields[14] = NULL;
    for (i = 0; fields[i]; i++) {
        if (!*fields[i])
            continue;
        r->opt_strings[i] = rs__strdup(*fields[i]);
        if (!r->opt_strings[i]) {
            rostrum_destroy(r);
            return ROSTRUM_ENOMEM;
        }
        *fields[i] = r->opt_strings[i];
    }
    if (copy_strings(given.lexicons, given.lexicon_count, &r->lexicon_paths) != 0 ||
        copy_strings(given.extra_tags, given.extra_tag_count, &r->extra_tags) != 0) {
        rostrum_destroy(r);
        return ROSTRUM_ENOMEM;
    }
    for (i = 0; i < given.extra_tag_count; i++)
        *strchr(r->extra_tags[i], '=') = '\0';
    r->opt.lexicons = (const char *const *)r->lexicon_paths;
    r->opt.extra_tags = NULL; /* kept split in r->extra_tags */
    *out = r;
    return 0;
}

void rostrum_destroy(rostrum *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < sizeof r->opt_strings / sizeof r->opt_strings[0]; i++)
        rs__free(r->opt_strings[i]);
    free_strings(r->lexicon_paths, r->opt.lexicon_count);
    free_strings(r->extra_tags, r->opt.extra_tag_count);
    rs__free(r->input_name);
    rs__free(r->source);
    rs__document_free(&r->doc);
    rs__plan_free(&r->plan);
    rs__presets_free(&r->presets);
    rs__cast_free(&r->cast);
    rs__identifier_destroy(r->identifier);
    rs__free(r->session_title);
    free_strings(r->warnings, r->warning_count);
    rs__free(r->seams);
    rs__media_free(&r->media);
    rs__free(r->words);
    rs__captions_free(&r->captions);
    rs__free(r);
}

const char *rostrum_error_message(const rostrum *r)
{
    return r ? r->errmsg : "";
}

/* A data folder named by the caller or ROSTRUM_DATA_DIR must hold voices/;
 * a typo there would otherwise silently lose every preset and lexicon. */
static int check_data_dir(const char *data_dir, char *errmsg, size_t errmsg_size)
{
    const char *env = getenv("ROSTRUM_DATA_DIR");
    const char *named = data_dir ? data_dir : (env && *env ? env : NULL);
    char path[4096];
    struct stat st;
    if (!named)
        return 0;
    snprintf(path, sizeof path, "%s/voices", named);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    rs__set_error(errmsg, errmsg_size, "%s: no voices/ folder here (set by %s)", named,
                  data_dir ? "the data_dir option" : "ROSTRUM_DATA_DIR");
    return ROSTRUM_EIO;
}

/* Picks the voice of every statement and loads the lexicons. */
static int cast_voices(rostrum *r)
{
    const char *data_dir = r->opt.data_dir ? r->opt.data_dir : rs__default_data_dir();
    const char *user_dir = r->opt.config_dir;
    char default_user_dir[4096];
    rs_cast_params p;
    int rc = check_data_dir(r->opt.data_dir, r->errmsg, sizeof r->errmsg);
    if (!user_dir && rs__user_config_dir(default_user_dir, sizeof default_user_dir) == 0)
        user_dir = default_user_dir;
    if (rc == 0)
        rc = rs__presets_load(&r->presets, data_dir, user_dir, r->errmsg, sizeof r->errmsg);
    if (rc)
        return rs__fail(r, rc, NULL);
    memset(&p, 0, sizeof p);
    p.input_name = r->input_name;
    p.voice = r->opt.voice;
    p.language = r->opt.language;
    p.rate = r->opt.rate_wpm;
    p.pitch = r->opt.pitch;
    p.presets = &r->presets;
    p.data_dir = data_dir;
    p.user_dir = user_dir;
    p.lexicons = r->opt.lexicons;
    p.lexicon_count = r->opt.lexicon_count;
    p.voice_map = r->opt.voice_map;
    p.alternate = r->opt.voices == ROSTRUM_VOICES_ALTERNATE;
    p.read_directions = r->opt.read_directions;
    rc = rs__cast_build(&r->cast, &r->doc, &p, r->errmsg, sizeof r->errmsg);
    if (rc == ROSTRUM_EVOICE && !strchr(r->errmsg, ':'))
        rs__name_the_file(r, r->input_name);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

/* The chapters of the intro and the outro: one each, unless there are to
 * be no chapters at all. */
size_t rs__part_chapters(const rostrum *r)
{
    if (r->opt.chapters == ROSTRUM_CHAPTERS_NONE)
        return 0;
    return (r->opt.intro != NULL) + (r->opt.outro != NULL);
}

size_t rs__audio_chapters(const rostrum *r, rs_chapter_mark *marks)
{
    size_t i, n = 0;
    if (rs__part_chapters(r) && r->media.parts[RS__INTRO].audio.count > 0)
        marks[n].sample = r->media.parts[RS__INTRO].start, marks[n++].name = rs__media_chapter_name(RS__INTRO);
    for (i = 0; i < r->plan.count; i++)
        if (r->plan.segments[i].opens_chapter)
            marks[n].sample = r->plan.segments[i].start_sample, marks[n++].name = r->plan.segments[i].chapter_name;
    if (rs__part_chapters(r) && r->media.parts[RS__OUTRO].audio.count > 0)
        marks[n].sample = r->media.parts[RS__OUTRO].start, marks[n++].name = rs__media_chapter_name(RS__OUTRO);
    /* the lead-in belongs to the first chapter: players (and the MP4
     * chapter track, whose chapters follow each other from 0) show it from
     * the file's first sample */
    if (n > 0)
        marks[0].sample = 0;
    return n;
}

/* Normalizes every statement in its voice's language and names the chapters. */
static int build_plan(rostrum *r)
{
    const rs_norm_context **contexts = rs__calloc(r->doc.statement_count, sizeof *contexts);
    const rs_norm_context **block_contexts = rs__calloc(r->doc.block_count + 1, sizeof *block_contexts);
    rs_plan_options po;
    size_t i;
    int rc;
    if (!contexts || !block_contexts) {
        rs__free(contexts);
        rs__free(block_contexts);
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    }
    for (i = 0; i < r->doc.statement_count; i++)
        contexts[i] = &r->cast.slots[r->cast.statement_voice[i]].context;
    for (i = 0; i < r->doc.block_count; i++)
        if (r->doc.blocks[i].statement < r->doc.statement_count &&
            r->cast.block_voice[i] != r->cast.statement_voice[r->doc.blocks[i].statement])
            block_contexts[i] = &r->cast.slots[r->cast.block_voice[i]].context;
    po.block_contexts = block_contexts;
    po.chapters = r->opt.chapters;
    po.max_chapters = RS__MAX_CHAPTERS - rs__part_chapters(r);
    po.explain = r->opt.explain;
    po.announce = r->opt.announce == ROSTRUM_ANNOUNCE_NAME;
    rc = rs__plan_build(&r->plan, &r->doc, NULL, contexts, &po);
    rs__free(contexts);
    rs__free(block_contexts);
    if (rc)
        return rs__fail(r, rc, NULL);
    for (i = 0; i < r->plan.count; i++) {
        rs_segment *seg = &r->plan.segments[i];
        seg->voice = seg->is_announcement ? r->cast.statement_voice[seg->statement] : r->cast.block_voice[seg->block];
    }
    if (r->doc.session_title) {
        rs_norm_context shown = r->cast.slots[0].context;
        shown.display = 1;
        shown.lexicon = NULL;
        r->session_title = rs__normalize(r->doc.session_title, &shown, NULL);
        if (!r->session_title)
            return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    }
    return 0;
}

/* The TITLE tag: the flag, front matter, or a session-title heading. */
const char *rs__title_of(const rostrum *r)
{
    return r->opt.title ? r->opt.title : r->doc.title ? r->doc.title : r->session_title;
}

/* The ALBUM tag, the session's title: the flag, front matter ("session:"),
 * or a session-title heading. */
const char *rs__album_of(const rostrum *r)
{
    return r->opt.album ? r->opt.album : r->doc.session ? r->doc.session : r->session_title;
}

/* Adds a line to what will not be heard as written. */
static int add_warning(rostrum *r, rs_buf *line)
{
    char *text;
    if (rs__grow(&r->warnings, &r->warning_cap, r->warning_count + 1, sizeof *r->warnings) != 0) {
        rs__buf_free(line);
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    }
    text = rs__buf_take(line);
    if (!text)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    r->warnings[r->warning_count++] = text;
    return 0;
}

/* A line for each block whose letters of a script its voice does not
 * speak were left out, then the lexicons' pronunciations that could not
 * be given as written. */
static int make_warnings(rostrum *r)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < r->cast.note_count && rc == 0; i++) {
        rs_buf line = {0};
        rs__buf_puts(&line, r->cast.notes[i]);
        rc = add_warning(r, &line);
    }
    for (i = 0; i < r->plan.drop_count && rc == 0; i++) {
        const rs_plan_drop *d = &r->plan.drops[i];
        const rs_voice_slot *voice = &r->cast.slots[r->cast.block_voice[d->block]];
        rs_buf line = {0};
        rs__buf_printf(&line, "%s:%zu: %zu letter%s in %s script %s not spoken: the voice %s (%s) does not speak it%s",
                       r->input_name, d->line, d->letters, d->letters == 1 ? "" : "s", rs__script_name(d->script),
                       d->letters == 1 ? "is" : "are", voice->label, voice->language,
                       r->opt.identify ? "" : " (--identify on may find its language)");
        rc = add_warning(r, &line);
    }
    return rc;
}

/* Forgets every label of the source in language tag: the document's, its
 * statements' and blocks'. */
static void forget_language(rs_document *doc, const char *tag)
{
    size_t i;
    char *document = doc->language;
    for (i = 0; i < doc->statement_count; i++)
        if (doc->statements[i].lang && !strcmp(doc->statements[i].lang, tag)) {
            rs__free(doc->statements[i].lang_owned);
            doc->statements[i].lang_owned = NULL;
            doc->statements[i].lang = NULL;
        }
    for (i = 0; i < doc->block_count; i++)
        if (doc->blocks[i].lang && !strcmp(doc->blocks[i].lang, tag)) {
            rs__free(doc->blocks[i].lang);
            doc->blocks[i].lang = NULL;
        }
    if (document && !strcmp(document, tag)) {
        rs__free(doc->language);
        doc->language = NULL;
    }
}

/* The languages of a published record that no espeak-ng voice speaks,
 * forgotten at load and said once the voices are cast: each tag, the
 * first line that gives it (0: the document's language), and for every
 * block the tag it was in (0: none, else 1 + the tag's index). */
#define UNSPOKEN_MAX 16
typedef struct unspoken_languages {
    char tags[UNSPOKEN_MAX][64];
    size_t lines[UNSPOKEN_MAX];
    size_t count;
    unsigned char *block_tag;
} unspoken_languages;

/* The language tag block b is in as the source gives it: its own, its
 * statement's, else the document's (unless --lang replaces that). */
static const char *source_language(const rostrum *r, size_t b)
{
    const rs_document *doc = &r->doc;
    const rs_block *block = &doc->blocks[b];
    if (block->lang)
        return block->lang;
    if (block->statement < doc->statement_count && doc->statements[block->statement].lang)
        return doc->statements[block->statement].lang;
    return r->opt.language ? NULL : doc->language;
}

/* Notes tag as unspoken: its first line and the blocks that are in it. */
static void note_unspoken(const rostrum *r, unspoken_languages *u, const char *tag)
{
    const rs_document *doc = &r->doc;
    size_t k = u->count++, b;
    snprintf(u->tags[k], sizeof u->tags[k], "%s", tag);
    u->lines[k] = 0;
    for (b = 0; b < doc->block_count; b++) {
        const char *in = source_language(r, b);
        const rs_block *block = &doc->blocks[b];
        if (!in || strcmp(in, tag) != 0)
            continue;
        u->block_tag[b] = (unsigned char)(k + 1);
        if (!u->lines[k] && block->lang)
            u->lines[k] = block->line;
        else if (!u->lines[k] && block->statement < doc->statement_count && doc->statements[block->statement].lang)
            u->lines[k] = doc->statements[block->statement].line;
    }
}

/* The languages a published record gives (xml:lang, lang, w:lang) that
 * no espeak-ng voice speaks, such as Galician in espeak-ng 1.51: noted in
 * u and forgotten, so that identification (or the document's voice)
 * speaks their text, rather than the render failing; unspoken_warnings
 * says so. What the user wrote (--lang, front matter, {lang=...}) is not
 * second-guessed: an unknown language there is an error. */
static int forget_unspoken_languages(rostrum *r, unspoken_languages *u)
{
    const char *tags[UNSPOKEN_MAX];
    int speaks[UNSPOKEN_MAX];
    size_t count = 0, i, k;
    rs_document *doc = &r->doc;
    if (!doc->structured)
        return 0;
    for (i = 0; i < doc->statement_count + doc->block_count + 1 && count < UNSPOKEN_MAX; i++) {
        const char *tag = i == 0 ? (r->opt.language ? NULL : doc->language)
                          : i <= doc->statement_count ? doc->statements[i - 1].lang
                                                      : doc->blocks[i - 1 - doc->statement_count].lang;
        if (!tag || !rs__lang_tag_valid(tag) || rs__identify_offers(tag))
            continue; /* a tag that is no tag is refused by the cast, with its line */
        for (k = 0; k < count && strcmp(tags[k], tag) != 0; k++)
            ;
        if (k == count)
            tags[count++] = tag;
    }
    if (count == 0 || rs__synth_speaks(tags, count, speaks) != 0)
        return 0;
    u->block_tag = rs__calloc(doc->block_count ? doc->block_count : 1, sizeof *u->block_tag);
    if (!u->block_tag)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    for (i = 0; i < count; i++)
        if (!speaks[i])
            note_unspoken(r, u, tags[i]);
    for (i = 0; i < u->count; i++)
        forget_language(doc, u->tags[i]); /* frees what tags[] pointed to */
    return 0;
}

/* For each language forgotten, a warning that names it and what its text
 * is read as: the language and voice of its spoken paragraphs, the most
 * used first ("read as es (voice es-statement) in 34 paragraphs and pt
 * (voice pt-statement) in 1"). Paragraphs only: a heading (a short line,
 * whose language is a guess) or a direction read aloud is not counted as
 * one. A language with no paragraph spoken is said to be read as what
 * reads its other text, without a count. */
static int unspoken_warnings(rostrum *r, const unspoken_languages *u)
{
    size_t *paragraphs, *others;
    size_t k, i;
    int rc = 0;
    if (u->count == 0)
        return 0;
    paragraphs = rs__calloc(r->cast.count, sizeof *paragraphs);
    others = rs__calloc(r->cast.count, sizeof *others);
    if (!paragraphs || !others) {
        rs__free(paragraphs);
        rs__free(others);
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    }
    for (k = 0; k < u->count && rc == 0; k++) {
        rs_buf line = {0};
        size_t voices = 0, other_voices = 0, shown;
        int counted;
        memset(paragraphs, 0, r->cast.count * sizeof *paragraphs);
        memset(others, 0, r->cast.count * sizeof *others);
        for (i = 0; i < r->plan.count; i++) {
            const rs_segment *seg = &r->plan.segments[i];
            if (seg->is_announcement || u->block_tag[seg->block] != k + 1)
                continue;
            if (r->doc.blocks[seg->block].kind == RS_BLOCK_PARAGRAPH)
                voices += paragraphs[seg->voice]++ == 0;
            else
                other_voices += others[seg->voice]++ == 0;
        }
        counted = voices > 0;
        if (!counted) {
            memcpy(paragraphs, others, r->cast.count * sizeof *paragraphs);
            voices = other_voices;
        }
        if (u->lines[k])
            rs__buf_printf(&line, "%s:%zu: ", r->input_name, u->lines[k]);
        else
            rs__buf_printf(&line, "%s: ", r->input_name);
        rs__buf_printf(&line, "the source's language \"%s\" has no espeak-ng voice; ", u->tags[k]);
        if (voices == 0)
            rs__buf_puts(&line, "none of its text is spoken");
        else
            rs__buf_puts(&line, "its text is read as ");
        for (shown = 0; shown < voices; shown++) {
            size_t most = 0;
            for (i = 1; i < r->cast.count; i++)
                if (paragraphs[i] > paragraphs[most])
                    most = i;
            if (shown > 0)
                rs__buf_puts(&line, shown + 1 == voices ? " and " : ", ");
            rs__buf_printf(&line, "%s (voice %s)", r->cast.slots[most].language, r->cast.slots[most].label);
            if (voices > 1 && counted && shown == 0)
                rs__buf_printf(&line, " in %zu paragraph%s", paragraphs[most], paragraphs[most] == 1 ? "" : "s");
            else if (voices > 1 && counted)
                rs__buf_printf(&line, " in %zu", paragraphs[most]);
            paragraphs[most] = 0;
        }
        if (voices > 0 && !r->opt.identify)
            rs__buf_puts(&line, ", the document's voice (--identify on would find the language)");
        rc = add_warning(r, &line);
    }
    rs__free(paragraphs);
    rs__free(others);
    return rc;
}

/* The languages the input does not give, found (options.identify). A
 * voice named without a language is the user's choice of language too. */
static int identify_languages(rostrum *r)
{
    const char *given;
    int rc;
    given = r->opt.language ? r->opt.language : r->doc.language;
    if (!r->opt.identify || (!given && (r->opt.voice || r->doc.voice)))
        return 0;
    r->identifier = rs__identifier_create(NULL);
    if (!r->identifier)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    rc = rs__identify_document(&r->doc, r->identifier, given);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

int rostrum_load(rostrum *r, const char *name, const void *data, size_t size)
{
    unspoken_languages unspoken;
    int rc;
    if (!r)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    if (r->loaded)
        return rs__fail(r, ROSTRUM_ESTATE, "rostrum_load: this handle already holds a text");
    if (!data && size)
        return rs__fail(r, ROSTRUM_EINVAL, NULL);
    memset(&unspoken, 0, sizeof unspoken);
    r->input_name = rs__strdup(!name || strcmp(name, "-") == 0 ? "<stdin>" : name);
    r->source = rs__malloc(size ? size : 1);
    if (!r->input_name || !r->source)
        return rs__fail(r, ROSTRUM_ENOMEM, NULL);
    if (size)
        memcpy(r->source, data, size);
    r->source_size = size;
    if (r->opt.input_format)
        rc = rs__input_find(r->opt.input_format)
                 ->read(&r->doc, r->input_name, data ? data : "", size, r->opt.paragraphs, r->errmsg, sizeof r->errmsg);
    else
        rc = rs__read(&r->doc, r->input_name, data ? data : "", size, r->opt.paragraphs, r->errmsg,
                      sizeof r->errmsg);
    if (rc)
        return rs__fail(r, rc, NULL);
    rc = forget_unspoken_languages(r, &unspoken);
    if (rc == 0)
        rc = identify_languages(r);
    if (rc == 0)
        rc = cast_voices(r);
    if (rc == 0)
        rc = build_plan(r);
    if (rc == 0)
        rc = unspoken_warnings(r, &unspoken);
    if (rc == 0)
        rc = make_warnings(r);
    rs__free(unspoken.block_tag);
    if (rc)
        return rc;
    if (r->plan.count == 0)
        return rs__fail(r, ROSTRUM_EINPUT, "%s: no text to speak (the input holds only markup)", r->input_name);
    r->loaded = 1;
    return 0;
}

int rostrum_load_file(rostrum *r, const char *path)
{
    FILE *f;
    rs_buf data = {0};
    char chunk[65536];
    size_t n;
    int from_stdin;
    int rc;
    if (!r || !path)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    from_stdin = strcmp(path, "-") == 0;
    if (!from_stdin) {
        if (stat(path, &r->input_stat) != 0)
            return rs__fail(r, ROSTRUM_EIO, "%s: cannot read: %s", path, strerror(errno));
        if (S_ISDIR(r->input_stat.st_mode))
            return rs__fail(r, ROSTRUM_EIO, "%s: is a folder, not a text file", path);
        r->have_input_stat = 1;
    }
    f = from_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return rs__fail(r, ROSTRUM_EIO, "%s: cannot read: %s", path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (rs__buf_append(&data, chunk, n) != 0)
            break;
    if (ferror(f) || data.failed) {
        rc = data.failed ? rs__fail(r, ROSTRUM_ENOMEM, "%s: out of memory while reading", path)
                         : rs__fail(r, ROSTRUM_EIO, "%s: cannot read: %s", path, strerror(errno));
        if (!from_stdin)
            fclose(f);
        rs__buf_free(&data);
        return rc;
    }
    if (!from_stdin)
        fclose(f);
    rc = rostrum_load(r, path, data.data ? data.data : "", data.len);
    rs__buf_free(&data);
    return rc;
}

size_t rostrum_paragraph_count(const rostrum *r)
{
    return r && r->loaded ? r->plan.count : 0;
}

const char *rostrum_paragraph_text(const rostrum *r, size_t index)
{
    if (!r || !r->loaded || index >= r->plan.count)
        return NULL;
    return r->plan.segments[index].text;
}

int rostrum_explain(rostrum *r, size_t index, rostrum_change_fn fn, void *user)
{
    const rs_segment *seg;
    const rs_block *block;
    size_t i;
    if (!r || !fn)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    if (!r->loaded || index >= r->plan.count)
        return rs__fail(r, ROSTRUM_ESTATE, "rostrum_explain: no paragraph %zu", index);
    seg = &r->plan.segments[index];
    block = &r->doc.blocks[seg->block];
    for (i = 0; i < seg->changes.count; i++) {
        const rs_change *c = &seg->changes.items[i];
        rostrum_change change;
        char *written = rs__strndup(block->text + c->start, c->end - c->start);
        int rc;
        if (!written)
            return rs__fail(r, ROSTRUM_ENOMEM, NULL);
        change.line = rs__block_line_at(block, c->start);
        change.written = written;
        change.spoken = c->spoken;
        change.rule = c->rule;
        rc = fn(user, &change);
        rs__free(written);
        if (rc)
            return rc;
    }
    return 0;
}

int rostrum_explain_removed(rostrum *r, rostrum_change_fn fn, void *user)
{
    size_t i;
    int rc;
    if (!r || !fn)
        return ROSTRUM_EINVAL;
    rc = rs__usable(r, 0, "rostrum_explain_removed");
    if (rc)
        return rc;
    for (i = 0; i < r->doc.removed_count; i++) {
        rostrum_change change;
        change.line = r->doc.removed[i].line;
        change.written = r->doc.removed[i].text;
        change.spoken = "";
        char rule[128];
        const char *why = r->doc.removed[i].why;
        change.rule = why ? why : "page furniture";
        /* a paged source says what the line was and on which page */
        if (r->doc.removed[i].page) {
            snprintf(rule, sizeof rule, "page furniture: %s%spage %zu", why ? why : "", why ? ", " : "",
                     r->doc.removed[i].page);
            change.rule = rule;
        }
        rc = fn(user, &change);
        if (rc)
            return rc;
    }
    return 0;
}

int rostrum_render_loudness(const rostrum *r, double *output_lufs, double *true_peak_dbtp, double *gain_db)
{
    if (!r || !r->rendered)
        return ROSTRUM_ESTATE;
    if (output_lufs)
        *output_lufs = r->output_lufs;
    if (true_peak_dbtp)
        *true_peak_dbtp = r->true_peak_db;
    if (gain_db)
        *gain_db = r->gain_db;
    return 0;
}

size_t rostrum_chapter_count(const rostrum *r)
{
    return r && r->loaded ? r->plan.chapter_count + rs__part_chapters(r) : 0;
}

int rostrum_stretches(const rostrum *r, size_t *count, size_t *from_cache)
{
    if (!r || !r->rendered)
        return ROSTRUM_ESTATE;
    if (count)
        *count = r->stretch_stats.stretches;
    if (from_cache)
        *from_cache = r->stretch_stats.from_cache;
    return 0;
}

const char *rostrum_tag(const rostrum *r, const char *name)
{
    const char *value = NULL;
    if (!r || !name || !r->loaded)
        return NULL;
    if (strcmp(name, "title") == 0)
        value = rs__title_of(r);
    else if (strcmp(name, "artist") == 0)
        value = r->opt.artist ? r->opt.artist : r->doc.speaker;
    else if (strcmp(name, "album") == 0)
        value = rs__album_of(r);
    else if (strcmp(name, "date") == 0)
        value = r->opt.date ? r->opt.date : r->doc.date;
    else if (strcmp(name, "language") == 0 && r->cast.count > 0)
        value = r->cast.slots[0].language;
    return value && value[0] ? value : NULL;
}

size_t rostrum_warning_count(const rostrum *r)
{
    return r && r->loaded ? r->warning_count : 0;
}

const char *rostrum_warning(const rostrum *r, size_t index)
{
    return r && r->loaded && index < r->warning_count ? r->warnings[index] : NULL;
}

size_t rostrum_chapters_dropped(const rostrum *r)
{
    return r && r->loaded ? r->plan.chapters_dropped : 0;
}


int rostrum_list_voices(const char *data_dir, rostrum_voice_fn fn, void *user, char *errmsg, size_t errmsg_size)
{
    rs_preset_list presets;
    char user_dir[4096];
    int has_user_dir = rs__user_config_dir(user_dir, sizeof user_dir) == 0;
    int rc;
    if (errmsg && errmsg_size)
        errmsg[0] = '\0';
    if (!fn)
        return ROSTRUM_EINVAL;
    rc = check_data_dir(data_dir, errmsg, errmsg_size);
    if (!data_dir)
        data_dir = rs__default_data_dir();
    if (rc == 0)
        rc = rs__presets_load(&presets, data_dir, has_user_dir ? user_dir : NULL, errmsg, errmsg_size);
    if (rc)
        return rc;
    rc = rs__list_data_files(&presets, data_dir, has_user_dir ? user_dir : NULL, fn, user);
    rs__presets_free(&presets);
    if (rc)
        return rc;
    return rs__synth_list_voices(fn, user);
}

/* The names programs built against 0.1.0 link, from before they passed the
 * size of their options: they know 0.1.0's fields and no more. rostrum.h
 * makes both names macros of the sized functions, so they are declared
 * here, after the macros are gone; keep them last in this file. */
#undef rostrum_options_init
#undef rostrum_create
ROSTRUM_API void rostrum_options_init(rostrum_options *options);
ROSTRUM_API int rostrum_create(rostrum **out, const rostrum_options *options);

void rostrum_options_init(rostrum_options *options)
{
    rostrum_options_init_sized(options, RS__OPTIONS_SIZE_0_1_0);
}

int rostrum_create(rostrum **out, const rostrum_options *options)
{
    return rostrum_create_sized(out, options, RS__OPTIONS_SIZE_0_1_0);
}
