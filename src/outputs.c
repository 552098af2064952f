/* The files of a render: the audio, the manifest and the sidecars, each
 * written to a temporary file beside its name and renamed over it only
 * when all of them are complete. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handle.h"

/* Whether two paths name one regular file (a device such as /dev/null may
 * take both the audio and the manifest). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && !S_ISREG(sa.st_mode))
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int same_file_as_input(const rostrum *r, const char *path)
{
    struct stat st;
    return r->have_input_stat && stat(path, &st) == 0 && st.st_dev == r->input_stat.st_dev &&
           st.st_ino == r->input_stat.st_ino;
}

/* The manifest of the last render as JSON text. */
int rs__manifest_text(rostrum *r, rs_buf *json)
{
    rs_manifest_info m;
    memset(&m, 0, sizeof m);
    m.input_name = r->input_name;
    m.title = rs__title_of(r);
    m.album = rs__album_of(r);
    m.media = &r->media;
    m.part_chapters = rs__part_chapters(r) > 0;
    m.speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
    m.date = r->opt.date ? r->opt.date : r->doc.date;
    m.doc = &r->doc;
    m.source = r->source;
    m.source_size = r->source_size;
    m.plan = &r->plan;
    m.cast = &r->cast;
    m.captions = &r->captions;
    m.seams = r->seams;
    m.seam_count = r->seam_count;
    m.language = r->cast.slots[0].language;
    m.voice = r->cast.slots[0].label;
    m.rate = RS__SAMPLE_RATE;
    m.total_samples = r->total_samples;
    m.measured_lufs = r->measured_lufs;
    m.true_peak_db = r->true_peak_db;
    m.output_lufs = r->output_lufs;
    m.target_lufs = r->opt.loudness_lufs;
    m.gain_db = r->gain_db;
    return rs__manifest_json(json, &m);
}

/* Opens an output: stdout for "-", else a temporary file beside path (or
 * the device or pipe itself). */
static int open_output(rostrum *r, const char *path, const char *what, rs_outfile *out)
{
    int rc;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (strcmp(path, "-") == 0) {
        out->fd = STDOUT_FILENO;
        out->direct = 1;
        out->seekable = 0;
        return 0;
    }
    if (same_file_as_input(r, path))
        return rs__fail(r, ROSTRUM_EINVAL, "%s: the %s would overwrite the input", path, what);
    rc = rs__outfile_open(out, path, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static void close_output(rs_outfile *out)
{
    if (out->fd == STDOUT_FILENO && out->direct && !out->final_path) {
        out->fd = -1; /* stdout stays open */
        return;
    }
    rs__outfile_abandon(out);
}

static int commit_output(rostrum *r, rs_outfile *out)
{
    int rc;
    if (out->fd == STDOUT_FILENO && out->direct && !out->final_path) {
        out->fd = -1;
        return 0;
    }
    rc = rs__outfile_commit(out, r->errmsg, sizeof r->errmsg);
    return rc ? rs__fail(r, rc, NULL) : 0;
}

static const char *sidecar_suffix(unsigned sidecar)
{
    switch (sidecar) {
    case ROSTRUM_SIDECAR_VTT: return ".vtt";
    case ROSTRUM_SIDECAR_SRT: return ".srt";
    case ROSTRUM_SIDECAR_CHAPTERS_VTT: return ".chapters.vtt";
    case ROSTRUM_SIDECAR_PAGE: return ".html";
    case ROSTRUM_SIDECAR_CHAPTERS_JSON: return ".chapters.json";
    default: return NULL;
    }
}

int rostrum_sidecar_path(const char *path, unsigned sidecar, char *buf, size_t size)
{
    const char *suffix = sidecar_suffix(sidecar);
    const char *slash, *dot;
    size_t stem;
    if (!path || !suffix || !buf || strcmp(path, "-") == 0 || !path[0])
        return ROSTRUM_EINVAL;
    slash = strrchr(path, '/');
    dot = strrchr(slash ? slash + 1 : path, '.');
    stem = dot && dot != (slash ? slash + 1 : path) ? (size_t)(dot - path) : strlen(path);
    if (stem + strlen(suffix) + 1 > size)
        return ROSTRUM_EINVAL;
    memcpy(buf, path, stem);
    strcpy(buf + stem, suffix);
    return 0;
}

#define SIDECAR_KINDS 5

/* The sidecars asked for; the page needs its captions and chapters. */
static unsigned sidecars_wanted(const rostrum *r)
{
    unsigned wanted = r->opt.sidecars & 31u;
    if (wanted & ROSTRUM_SIDECAR_PAGE)
        wanted |= ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_VTT;
    return wanted;
}

/* The chapters as cues: each lasts until the next one, the last until the
 * end of the file; the times are those of the Ogg CHAPTER tags. */
static int chapter_cues(const rostrum *r, rs_cue **out, size_t *count)
{
    size_t i, n = 0;
    rs_cue *cues = rs__calloc(r->plan.count ? r->plan.count : 1, sizeof *cues);
    *out = cues;
    *count = 0;
    if (!cues)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < r->plan.count; i++) {
        const rs_segment *seg = &r->plan.segments[i];
        if (!seg->opens_chapter)
            continue;
        if (n > 0)
            cues[n - 1].end = seg->start_sample;
        cues[n].start = seg->start_sample;
        cues[n].end = r->total_samples;
        cues[n].text = seg->chapter_name;
        cues[n].paragraph = i;
        n++;
    }
    *count = n;
    return 0;
}

/* The chapters as the audio carries them: the intro's, the plan's and the
 * outro's, as in the tags render.c writes (each lasting until the next). */
static int audio_chapter_cues(const rostrum *r, rs_cue **out, size_t *count)
{
    size_t i, n;
    rs_chapter_mark *marks = rs__calloc(r->plan.count + 2, sizeof *marks);
    rs_cue *cues = rs__calloc(r->plan.count + 2, sizeof *cues);
    *out = cues;
    *count = 0;
    if (!cues || !marks) {
        rs__free(marks);
        return ROSTRUM_ENOMEM;
    }
    n = rs__audio_chapters(r, marks);
    for (i = 0; i < n; i++) {
        cues[i].start = marks[i].sample;
        cues[i].end = i + 1 < n ? marks[i + 1].sample : r->total_samples;
        cues[i].text = (char *)marks[i].name;
    }
    rs__free(marks);
    *count = n;
    return 0;
}

/* The file name alone, as a page beside it refers to it. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The text of one sidecar of the last render. */
static int sidecar_text(rostrum *r, unsigned sidecar, const char *path, rs_buf *out)
{
    rs_cue *chapters = NULL;
    const char **languages = NULL;
    size_t chapter_count = 0, i;
    int rc;
    if (sidecar == ROSTRUM_SIDECAR_VTT)
        return rs__captions_vtt(out, r->captions.cues, r->captions.cue_count, RS__SAMPLE_RATE);
    if (sidecar == ROSTRUM_SIDECAR_SRT)
        return rs__captions_srt(out, r->captions.cues, r->captions.cue_count, RS__SAMPLE_RATE);
    if (sidecar == ROSTRUM_SIDECAR_CHAPTERS_JSON) {
        rc = audio_chapter_cues(r, &chapters, &chapter_count);
        if (rc == 0)
            rc = rs__chapters_json(out, chapters, chapter_count, RS__SAMPLE_RATE);
        rs__free(chapters);
        return rc;
    }
    rc = chapter_cues(r, &chapters, &chapter_count);
    if (rc == 0 && sidecar == ROSTRUM_SIDECAR_CHAPTERS_VTT)
        rc = rs__captions_vtt(out, chapters, chapter_count, RS__SAMPLE_RATE);
    if (rc == 0 && sidecar == ROSTRUM_SIDECAR_PAGE) {
        char captions_path[4096], chapters_path[4096];
        rs_page_info page;
        memset(&page, 0, sizeof page);
        rostrum_sidecar_path(path, ROSTRUM_SIDECAR_VTT, captions_path, sizeof captions_path);
        rostrum_sidecar_path(path, ROSTRUM_SIDECAR_CHAPTERS_VTT, chapters_path, sizeof chapters_path);
        page.title = rs__title_of(r);
        page.speaker = r->opt.artist ? r->opt.artist : r->doc.speaker;
        page.language = r->cast.slots[0].language;
        page.audio_name = base_name(path);
        page.captions_name = base_name(captions_path);
        page.chapters_name = base_name(chapters_path);
        page.plan = &r->plan;
        languages = rs__calloc(r->plan.count ? r->plan.count : 1, sizeof *languages);
        if (!languages) {
            rs__free(chapters);
            return ROSTRUM_ENOMEM;
        }
        for (i = 0; i < r->plan.count; i++) {
            const char *language = r->cast.slots[r->plan.segments[i].voice].language;
            if (strcmp(language, page.language) != 0)
                languages[i] = language;
        }
        page.paragraph_languages = languages;
        page.chapters = chapters;
        page.chapter_count = chapter_count;
        page.captions = &r->captions;
        page.rate = RS__SAMPLE_RATE;
        rc = rs__page_html(out, &page);
        rs__free(languages);
    }
    rs__free(chapters);
    return rc;
}

/* Every file of one render, opened before it starts. */
typedef struct render_outputs {
    rs_outfile audio, manifest, sidecar[SIDECAR_KINDS];
    int audio_open, manifest_open;
    char *sidecar_paths[SIDECAR_KINDS]; /* set once that sidecar is open */
} render_outputs;

/* Closes (and removes the temporary files of) whatever is open. */
static void abandon_outputs(render_outputs *o)
{
    size_t k;
    if (o->audio_open)
        close_output(&o->audio);
    if (o->manifest_open)
        close_output(&o->manifest);
    for (k = 0; k < SIDECAR_KINDS; k++)
        if (o->sidecar_paths[k]) {
            close_output(&o->sidecar[k]);
            rs__free(o->sidecar_paths[k]);
        }
    memset(o, 0, sizeof *o);
}

/* Refuses what can never work: sidecars of stdout, the audio and the
 * manifest in one file or both on stdout. */
static int check_destinations(rostrum *r, const char *path, const char *manifest_path, unsigned wanted)
{
    if (wanted && strcmp(path, "-") == 0)
        return rs__fail(r, ROSTRUM_EINVAL, "captions, chapters and the page are written beside an output file, not stdout");
    if (manifest_path && same_file(path, manifest_path) && strcmp(path, "-") != 0)
        return rs__fail(r, ROSTRUM_EINVAL, "%s: the audio and the manifest cannot be the same file", path);
    if (manifest_path && strcmp(path, "-") == 0 && strcmp(manifest_path, "-") == 0)
        return rs__fail(r, ROSTRUM_EINVAL, "the audio and the manifest cannot both go to stdout");
    return 0;
}

/* Opens the audio and the manifest: both first, so that a bad manifest
 * path fails at once and never after the audio has replaced a file. */
static int open_audio_and_manifest(rostrum *r, render_outputs *o, const char *path, const char *manifest_path)
{
    int rc = open_output(r, path, "output", &o->audio);
    if (rc)
        return rc;
    o->audio_open = 1;
    if (!manifest_path)
        return 0;
    rc = open_output(r, manifest_path, "manifest", &o->manifest);
    if (rc)
        return rc;
    o->manifest_open = 1;
    /* two spellings of one new file ("out.opus", "./out.opus") */
    if (o->audio.final_path && o->manifest.final_path && !o->audio.direct &&
        strcmp(o->audio.final_path, o->manifest.final_path) == 0)
        return rs__fail(r, ROSTRUM_EINVAL, "%s: the audio and the manifest cannot be the same file", path);
    return 0;
}

/* Opens the sidecars asked for, before the render too, beside a file: not
 * beside a device or pipe written in place (/dev/null.vtt). */
static int open_sidecars(rostrum *r, render_outputs *o, const char *path, const char *manifest_path, unsigned wanted)
{
    size_t k;
    int rc = 0;
    if (wanted && o->audio.direct)
        return rs__fail(r, ROSTRUM_EINVAL, "%s: captions, chapters and the page are written beside an output file, "
                    "not a device or pipe", path);
    for (k = 0; rc == 0 && k < SIDECAR_KINDS; k++) {
        char name[4096], *copy;
        o->sidecar[k].fd = -1;
        if (!(wanted & (1u << k)))
            continue;
        rc = rostrum_sidecar_path(path, 1u << k, name, sizeof name);
        if (rc == 0 && (strcmp(name, path) == 0 || (manifest_path && strcmp(name, manifest_path) == 0)))
            return rs__fail(r, ROSTRUM_EINVAL, "%s: the output and its %s would be the same file", name,
                        sidecar_suffix(1u << k) + 1);
        if (rc)
            return rs__fail(r, rc, "%s: the name is too long for its sidecars", path);
        copy = rs__strdup(name);
        if (!copy)
            return rs__fail(r, ROSTRUM_ENOMEM, NULL);
        rc = open_output(r, name, "captions", &o->sidecar[k]);
        if (rc)
            rs__free(copy);
        else
            o->sidecar_paths[k] = copy;
    }
    return rc;
}

/* A text goes to its file as it is written (a twelve-hour sitting's
 * manifest is tens of megabytes): *fd is the file. */
static int spill_to_file(void *fd, const char *data, size_t len)
{
    return rs__fd_io.write(fd, data, len) != 0 ? ROSTRUM_EIO : 0;
}

/* Writes the manifest and the sidecars of the render just made. */
static int write_texts(rostrum *r, render_outputs *o, const char *path, const char *manifest_path)
{
    size_t k;
    int rc = 0;
    if (manifest_path) {
        rs_buf json = {0};
        json.spill = spill_to_file;
        json.spill_user = &o->manifest.fd;
        rc = rs__manifest_text(r, &json);
        if (rc == 0)
            rc = rs__buf_spill(&json);
        if (rc == ROSTRUM_EIO)
            rs__fail(r, rc, "%s: cannot write the manifest: %s", manifest_path, strerror(errno));
        else if (rc)
            rs__fail(r, rc, NULL);
        rs__buf_free(&json);
    }
    for (k = 0; rc == 0 && k < SIDECAR_KINDS; k++) {
        rs_buf text = {0};
        if (!o->sidecar_paths[k])
            continue;
        text.spill = spill_to_file;
        text.spill_user = &o->sidecar[k].fd;
        rc = sidecar_text(r, 1u << k, path, &text);
        if (rc == 0)
            rc = rs__buf_spill(&text);
        if (rc == ROSTRUM_EIO)
            rs__fail(r, rc, "%s: cannot write: %s", o->sidecar_paths[k], strerror(errno));
        else if (rc)
            rs__fail(r, rc, NULL);
        rs__buf_free(&text);
    }
    return rc;
}

/* Renames every file over its name, the audio first; after a failure,
 * the files left are removed instead. */
static int commit_outputs(rostrum *r, render_outputs *o, int rc)
{
    size_t k;
    if (rc == 0) {
        o->audio_open = 0;
        rc = commit_output(r, &o->audio);
    }
    if (rc == 0 && o->manifest_open) {
        o->manifest_open = 0;
        rc = commit_output(r, &o->manifest);
    }
    for (k = 0; rc == 0 && k < SIDECAR_KINDS; k++) {
        if (!o->sidecar_paths[k])
            continue;
        rc = commit_output(r, &o->sidecar[k]);
        rs__free(o->sidecar_paths[k]);
        o->sidecar_paths[k] = NULL;
    }
    abandon_outputs(o);
    return rc;
}

int rostrum_render_files(rostrum *r, const char *path, rostrum_format format, const char *manifest_path)
{
    render_outputs o;
    rostrum_io io = rs__fd_io;
    unsigned wanted;
    int rc;
    if (!r || !path)
        return ROSTRUM_EINVAL;
    if (r->failed)
        return r->failed;
    memset(&o, 0, sizeof o);
    wanted = sidecars_wanted(r);
    rc = check_destinations(r, path, manifest_path, wanted);
    if (rc)
        return rc;
    if (format == ROSTRUM_FORMAT_AUTO)
        format = rostrum_format_from_path(path);
    /* a book is a zip whose directory comes last: refused before anything
     * is spoken rather than after */
    if (strcmp(path, "-") == 0 && rs__container_of(format) && rs__container_of(format)->publication)
        return rs__fail(r, ROSTRUM_EINVAL, "an EPUB cannot be written to stdout: name an .epub file with -o");
    rc = open_audio_and_manifest(r, &o, path, manifest_path);
    if (rc == 0)
        rc = open_sidecars(r, &o, path, manifest_path, wanted);
    if (rc) {
        abandon_outputs(&o);
        return rc;
    }
    if (!o.audio.seekable) {
        /* a pipe or device cannot seek: only Ogg Opus streams */
        io.seek = NULL;
        io.tell = NULL;
    }
    rc = rostrum_render(r, format, &io, &o.audio.fd);
    /* a failed write (a full disk, the file size limit) is said of the
     * output it was for, also when it was the spooled audio */
    if (rc == ROSTRUM_EIO && strcmp(path, "-") != 0)
        rs__name_the_file(r, path);
    if (rc == 0)
        rc = write_texts(r, &o, path, manifest_path);
    return commit_outputs(r, &o, rc);
}

int rostrum_render_file(rostrum *r, const char *path, rostrum_format format)
{
    return rostrum_render_files(r, path, format, NULL);
}

int rostrum_write_manifest(rostrum *r, const char *path)
{
    rs_buf json = {0};
    rs_outfile out;
    int rc;
    if (!r || !path)
        return ROSTRUM_EINVAL;
    rc = rs__usable(r, 1, "rostrum_write_manifest");
    if (rc)
        return rc;
    rc = open_output(r, path, "manifest", &out);
    if (rc)
        return rc;
    json.spill = spill_to_file;
    json.spill_user = &out.fd;
    rc = rs__manifest_text(r, &json);
    if (rc == 0)
        rc = rs__buf_spill(&json);
    rs__buf_free(&json);
    if (rc) {
        if (rc == ROSTRUM_EIO)
            rs__fail(r, rc, "%s: cannot write: %s", path, strerror(errno));
        else
            rs__fail(r, rc, NULL);
        close_output(&out);
        return rc;
    }
    return commit_output(r, &out);
}
