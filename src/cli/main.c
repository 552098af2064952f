/* The rostrum program: parses arguments, calls librostrum, maps errors to
 * exit codes (0 ok, 1 failed, 2 usage). All the work is in the library. */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void print_version(void)
{
    char deps[256];
    rostrum_dependency_versions(deps, sizeof deps);
    printf("rostrum %s\n%s\n", rostrum_version(), deps);
}

static int progress(void *user, rostrum_stage stage, uint64_t done, uint64_t total)
{
    settings *s = user;
    if (stop_signal)
        return 1;
    if (!s->quiet && s->progress_on_tty && total > 0) {
        int percent = (int)(done * 100 / total);
        /* redraw only when the figure changes */
        if (percent != s->last_percent || (int)stage != s->last_stage)
            fprintf(stderr, "\rrostrum: %s %3d%%", stage == ROSTRUM_STAGE_SYNTH ? "speaking" : "encoding", percent);
        s->last_percent = percent;
        s->last_stage = (int)stage;
        if (stage == ROSTRUM_STAGE_ENCODE && done == total)
            fputs("\r\033[K", stderr);
    }
    return 0;
}

/* The failure's exit status: interrupted runs say which signal stopped them. */
static int failure_status(const rostrum *r, int rc)
{
    /* a signal also interrupts a read of stdin, which then fails with EINTR */
    if (stop_signal) {
        fprintf(stderr, "rostrum: interrupted; no output was written\n");
        return 128 + (int)stop_signal;
    }
    fprintf(stderr, "rostrum: %s\n", r && rostrum_error_message(r)[0] ? rostrum_error_message(r) : rostrum_strerror(rc));
    return 1;
}

/* A device, FIFO or socket that exists, or one of the process's open files
 * (/dev/stdout): written as an Ogg Opus stream. */
static int is_special_file(const char *path)
{
    struct stat st;
    if (!strcmp(path, "/dev/stdout") || !strcmp(path, "/dev/stderr") || !strncmp(path, "/dev/fd/", 8) ||
        !strncmp(path, "/proc/self/fd/", 14))
        return 1;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* Whether path names the input file itself (by any spelling or link). */
static int is_the_input(const char *input, const char *path)
{
    struct stat a, b;
    return strcmp(input, "-") != 0 && stat(input, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* INPUT with its extension replaced by .opus, beside it. */
/* The format's usual extension: what a render names its output after. */
typedef struct extension_search {
    rostrum_format format;
    const char *extension;
} extension_search;

static int find_extension(void *user, const rostrum_format_info *f)
{
    extension_search *search = user;
    if (!strcmp(f->kind, "output") && f->format == search->format && f->extensions[0])
        search->extension = f->extensions[0];
    return 0;
}

static char *default_output(const char *input, rostrum_format format)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(input, '.');
    size_t stem = (dot && (!slash || dot > slash + 1)) ? (size_t)(dot - input) : strlen(input);
    extension_search search = {format, ".opus"};
    char *out;
    if (format != ROSTRUM_FORMAT_AUTO)
        rostrum_list_formats(find_extension, &search);
    out = malloc(stem + strlen(search.extension) + 1);
    if (!out)
        return NULL;
    memcpy(out, input, stem);
    strcpy(out + stem, search.extension);
    return out;
}

/* The format a render writes: --format, else the output's extension. */
static rostrum_format output_format(const settings *s, const char *output)
{
    return s->output_format != ROSTRUM_FORMAT_AUTO ? s->output_format : rostrum_format_from_path(output);
}

static int print_change(void *user, const rostrum_change *c)
{
    const settings *s = user;
    printf("  %s:%zu: \"%s\" -> \"%s\" (%s)\n", s->input, c->line, c->written, c->spoken, c->rule);
    return 0;
}

static int run_text(settings *s, rostrum *r)
{
    size_t i, n = rostrum_paragraph_count(r);
    for (i = 0; i < n; i++) {
        printf("%s%s\n", i ? "\n" : "", rostrum_paragraph_text(r, i));
        if (s->options.explain && rostrum_explain(r, i, print_change, s) != 0)
            return failure_status(r, -1);
    }
    if (s->options.explain && n > 0) {
        /* lines that belong to no paragraph: what the reader left out */
        printf("\n");
        if (rostrum_explain_removed(r, print_change, s) != 0)
            return failure_status(r, -1);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "rostrum: cannot write to stdout: %s\n", strerror(errno));
        return 1;
    }
    (void)s;
    return 0;
}

static int run_render(settings *s, rostrum *r)
{
    char *derived = NULL;
    const char *output = s->output;
    int rc;
    if (!output) {
        if (!strcmp(s->input, "-"))
            output = "-";
        else
            output = derived = default_output(s->input, s->output_format);
        if (!output) {
            fputs("rostrum: out of memory\n", stderr);
            return 1;
        }
    }
    if (!strcmp(output, "-") && output_format(s, output) == ROSTRUM_FORMAT_EPUB) {
        free(derived);
        return usage_error("%s", "an EPUB cannot be written to stdout: name an .epub file with -o");
    }
    if (!strcmp(output, "-") && isatty(STDOUT_FILENO)) {
        free(derived);
        return usage_error("%s", "refusing to write audio to a terminal; use -o FILE or a pipe");
    }
    /* "-o statement.md" on statement.md: the library says the real trouble */
    if (strcmp(output, "-") != 0 && output_format(s, output) == ROSTRUM_FORMAT_AUTO &&
        !is_special_file(output) && !is_the_input(s->input, output)) {
        char extensions[256], message[320];
        format_list(extensions, sizeof extensions, "output", FIRST_EXTENSIONS, " or ");
        snprintf(message, sizeof message, "cannot tell the audio format of \"%%s\": name it %s", extensions);
        rc = usage_error(message, output);
        free(derived);
        return rc;
    }
    if (s->options.cover && (output_format(s, output) == ROSTRUM_FORMAT_WAV ||
                             output_format(s, output) == ROSTRUM_FORMAT_FLAC ||
                             output_format(s, output) == ROSTRUM_FORMAT_EPUB)) {
        rc = usage_error("--cover needs Ogg Opus, M4B or MP3 output: \"%s\" is WAV, FLAC or EPUB, where no "
                         "picture is embedded", output);
        free(derived);
        return rc;
    }
    if (s->manifest && !strcmp(output, "-") && !strcmp(s->manifest, "-")) {
        free(derived);
        return usage_error("%s", "the audio and the manifest cannot both go to stdout");
    }
    if (!s->quiet && rostrum_chapters_dropped(r) > 0)
        fprintf(stderr, "rostrum: warning: %s has %zu chapter boundaries; Ogg Opus allows %d: kept %zu (headings first)\n",
                s->input, rostrum_chapter_count(r) + rostrum_chapters_dropped(r), 1000, rostrum_chapter_count(r));
    rc = rostrum_render_files(r, output, s->output_format, s->manifest);
    if (rc == 0 && !s->quiet) {
        double lufs = 0.0, peak = 0.0;
        int measured = rostrum_render_loudness(r, &lufs, &peak, NULL) == 0;
        const char *shown = strcmp(output, "-") ? output : "standard output";
        if (measured && (lufs < s->options.loudness_lufs - 0.5 || lufs > s->options.loudness_lufs + 0.5))
            fprintf(stderr, "rostrum: warning: %s is at %.1f LUFS, not the %.1f asked for: louder speech would "
                    "break the -1 dBTP ceiling or be squashed\n", shown, lufs, s->options.loudness_lufs);
        /* what the codec made too loud and could not be lowered (MP3 and
         * AAC are not encoded again): say by how much */
        if (measured && peak > -1.0)
            fprintf(stderr, "rostrum: warning: %s has a true peak of %+.1f dBTP, %.1f dB over the -1 dBTP ceiling\n",
                    shown, peak, peak + 1.0);
    }
    if (rc == 0 && !s->quiet && s->options.cache_dir) {
        size_t stretches = 0, cached = 0;
        if (rostrum_stretches(r, &stretches, &cached) == 0 && stretches > 0)
            fprintf(stderr, "rostrum: %zu of %zu stretches from the cache\n", cached, stretches);
    }
    free(derived);
    return rc ? failure_status(r, rc) : 0;
}

/* One line a voice; a preset or lexicon also says where its file is and
 * whether it is built in or the user's own. */
static int print_voice(void *user, const rostrum_voice_info *v)
{
    (void)user;
    printf("%-8s %-24s %-14s %s", v->kind, v->name, v->language, v->description ? v->description : "");
    if (v->path)
        printf(" [%s: %s]", v->origin, v->path);
    putchar('\n');
    return ferror(stdout) ? 1 : 0;
}

/* Runs the parsed command; returns the exit status. */
static int run_command(settings *s)
{
    rostrum *r = NULL;
    struct sigaction sa;
    int rc;
    /* past the file size limit (ulimit -f) write(2) must fail with EFBIG
     * and be reported, not kill the process by SIGXFSZ and leave the
     * temporary file behind */
    signal(SIGXFSZ, SIG_IGN);
    if (s->command == CMD_VOICES) {
        printf("%-8s %-24s %-14s %s\n", "KIND", "NAME", "LANGUAGE", "DESCRIPTION");
        char errmsg[512];
        rc = rostrum_list_voices(NULL, print_voice, NULL, errmsg, sizeof errmsg);
        if (rc < 0)
            fprintf(stderr, "rostrum: %s\n", errmsg[0] ? errmsg : rostrum_strerror(rc));
        return rc ? 1 : 0;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (s->command == CMD_BATCH)
        return run_batch(s);
    s->progress_on_tty = isatty(STDERR_FILENO);
    s->last_percent = -1;
    s->options.progress = progress;
    s->options.progress_user = s;
    rc = rostrum_create(&r, &s->options);
    if (rc) {
        fprintf(stderr, "rostrum: %s\n", rostrum_strerror(rc));
        return rc == ROSTRUM_EINVAL ? EXIT_USAGE : 1;
    }
    rc = rostrum_load_file(r, s->input);
    if (rc)
        rc = failure_status(r, rc);
    else if (show_warnings(r, s->quiet, s->strict))
        rc = 1;
    else if (s->command == CMD_TEXT)
        rc = run_text(s, r);
    else
        rc = run_render(s, r);
    rostrum_destroy(r);
    return rc;
}

/* Warnings past these lines are counted, not printed: a whole document in
 * a script the voice lacks would give one a paragraph. */
#define WARNINGS_SHOWN 5

int show_warnings(const rostrum *r, int quiet, int strict)
{
    size_t i, n = rostrum_warning_count(r);
    if (n == 0)
        return 0;
    for (i = 0; (!quiet || strict) && i < n && i < WARNINGS_SHOWN; i++)
        fprintf(stderr, "rostrum: %s: %s\n", strict ? "error" : "warning", rostrum_warning(r, i));
    if ((!quiet || strict) && n > WARNINGS_SHOWN)
        fprintf(stderr, "rostrum: %s: and %zu more paragraphs like these\n", strict ? "error" : "warning",
                n - WARNINGS_SHOWN);
    if (strict)
        fputs("rostrum: --strict: nothing was written; name the language (--lang, {lang=...}) or leave out "
              "--strict\n", stderr);
    return strict;
}

int main(int argc, char **argv)
{
    settings s;
    int rc;
    /* the render holds the speech waiting for its encoders in buffers of
     * megabytes among many small allocations that live to the end; glibc
     * would move its mmap threshold up to their size after the first is
     * freed and carve the next from the heap, which then cannot shrink:
     * a fixed threshold gives each back to the system when freed (a
     * twelve-hour sitting stays under 64 MB) */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    memset(&s, 0, sizeof s);
    rostrum_options_init(&s.options);
    /* room for every argument: batch keeps its inputs */
    s.inputs = calloc((size_t)argc, sizeof *s.inputs);
    if (!s.inputs) {
        fputs("rostrum: out of memory\n", stderr);
        rc = 1;
    } else {
        rc = parse_args(&s, argc, argv);
        if (rc < 0 && s.show_version) {
            print_version();
            rc = 0;
        } else if (rc < 0) {
            rc = run_command(&s);
        }
    }
    free(s.inputs);
    return rc;
}
