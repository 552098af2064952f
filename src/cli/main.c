/* The rostrum program: parses arguments, calls librostrum, maps errors to
 * exit codes (0 ok, 1 failed, 2 usage). All the work is in the library. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum option_id {
    OPT_OUTPUT, OPT_LANG, OPT_VOICE, OPT_RATE, OPT_PITCH, OPT_PAUSE, OPT_LOUDNESS, OPT_BITRATE,
    OPT_COMPLEXITY, OPT_CHAPTERS, OPT_PARAGRAPHS, OPT_TITLE, OPT_ARTIST, OPT_DATE, OPT_MANIFEST,
    OPT_QUIET, OPT_HELP, OPT_VERSION, OPT_READ_DIRECTIONS, OPT_LEXICON, OPT_EXPLAIN, OPT_PAUSE_STATEMENT,
    OPT_ANNOUNCE, OPT_VOICE_MAP, OPT_VOICES, OPT_JOBS, OPT_FORCE, OPT_SHARD, OPT_MANIFESTS
};

/* One table: every option, the commands that take it, and its help line. */
static const struct option_spec {
    enum option_id id;
    char short_name;
    const char *long_name;
    const char *arg;
    unsigned commands;
    const char *help;
} option_table[] = {
    {OPT_OUTPUT, 'o', "output", "FILE", CMD_RENDER | CMD_BATCH,
     "output file; .opus, .wav or .flac; \"-\" writes Ogg Opus to stdout (default: INPUT with .opus);"
     " batch: the output folder"},
    {OPT_LANG, 'l', "lang", "LANG", CMD_RENDER | CMD_TEXT | CMD_BATCH, "language, e.g. en, fr, es (default: front matter, else en)"},
    {OPT_VOICE, 'v', "voice", "VOICE", CMD_RENDER | CMD_TEXT | CMD_BATCH, "an espeak-ng voice or a preset (see \"rostrum voices\")"},
    {OPT_RATE, 0, "rate", "WPM", CMD_RENDER | CMD_BATCH, "speaking rate in words per minute, 80-450 (default: the voice's)"},
    {OPT_PITCH, 0, "pitch", "0-100", CMD_RENDER | CMD_BATCH, "voice pitch (default: the voice's)"},
    {OPT_PAUSE, 0, "pause", "MS", CMD_RENDER | CMD_BATCH, "silence between paragraphs in milliseconds, 0-10000 (default 750)"},
    {OPT_LOUDNESS, 0, "loudness", "LUFS", CMD_RENDER | CMD_BATCH, "integrated loudness target, -40 to -10 (default -19)"},
    {OPT_BITRATE, 0, "bitrate", "KBPS", CMD_RENDER | CMD_BATCH, "Opus bitrate in kbit/s, 6-256 (default 24)"},
    {OPT_COMPLEXITY, 0, "complexity", "0-10", CMD_RENDER | CMD_BATCH, "Opus encoder complexity (default 10)"},
    {OPT_PAUSE_STATEMENT, 0, "pause-statement", "MS", CMD_RENDER | CMD_BATCH,
     "silence between the statements of a transcript, 0-10000 (default 1500)"},
    {OPT_CHAPTERS, 0, "chapters", "MODE", CMD_RENDER | CMD_BATCH,
     "statement, paragraph, heading or none (default: statement when the input holds several "
     "statements, else paragraph)"},
    {OPT_ANNOUNCE, 0, "announce", "MODE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "name (say who speaks before each speaker's statement: \"Mr Lever.\") or none (default name)"},
    {OPT_VOICE_MAP, 0, "voice-map", "FILE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "lines \"speaker or delegation = voice\" (or \"= lang=fr voice=fr-statement\") for the statements of a transcript"},
    {OPT_VOICES, 0, "voices", "MODE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "same (one voice) or alternate (each new speaker the language's next preset) (default same)"},
    {OPT_PARAGRAPHS, 0, "paragraphs", "MODE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "how paragraphs are found: auto, blank (blank lines) or line (every line) (default auto)"},
    {OPT_TITLE, 0, "title", "TEXT", CMD_RENDER | CMD_BATCH, "TITLE tag (default: front matter title)"},
    {OPT_ARTIST, 0, "artist", "TEXT", CMD_RENDER | CMD_BATCH, "ARTIST tag (default: front matter speaker)"},
    {OPT_DATE, 0, "date", "TEXT", CMD_RENDER | CMD_BATCH, "DATE tag (default: front matter date)"},
    {OPT_MANIFEST, 0, "manifest", "FILE", CMD_RENDER, "also write a JSON manifest of paragraphs, chapters and loudness"},
    {OPT_LEXICON, 0, "lexicon", "FILE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "your own lexicon (\"written = spoken\" lines); wins over the built-in one; may be repeated"},
    {OPT_READ_DIRECTIONS, 0, "read-directions", NULL, CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "read stage directions such as [Applause.] instead of skipping them"},
    {OPT_EXPLAIN, 0, "explain", NULL, CMD_TEXT,
     "after each paragraph, list every change: line, text as written, as spoken, and the rule"},
    {OPT_MANIFESTS, 0, "manifest", NULL, CMD_BATCH, "batch: also write NAME.json beside every NAME.opus"},
    {OPT_JOBS, 'j', "jobs", "N", CMD_BATCH, "batch: worker processes (default: the number of processors)"},
    {OPT_FORCE, 0, "force", NULL, CMD_BATCH, "batch: render every input, also those whose output is up to date"},
    {OPT_SHARD, 0, "shard", "K/N", CMD_BATCH,
     "batch: render only part K of N (K from 1), for spreading an archive over machines"},
    {OPT_QUIET, 'q', "quiet", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "no progress or warnings on stderr"},
    {OPT_HELP, 'h', "help", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "show this help and exit"},
    {OPT_VERSION, 'V', "version", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "show versions and exit"},
};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void print_help(FILE *out)
{
    size_t i;
    fputs("rostrum: turn a written statement into chaptered spoken audio\n\n"
          "Usage:\n"
          "  rostrum render INPUT [-o OUTPUT] [options]   synthesize INPUT (\"-\" for stdin)\n"
          "  rostrum text INPUT [options]                 print exactly what will be spoken\n"
          "  rostrum batch INPUT... -o OUTDIR [options]   render files and folders (.md, .markdown, .txt\n"
          "                                               found in them) into OUTDIR, several at a time\n"
          "  rostrum voices                               list voice presets and espeak-ng voices\n"
          "  rostrum --help | --version\n\nOptions:\n",
          out);
    for (i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *o = &option_table[i];
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->long_name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %-26s %s\n", left, o->help);
    }
    fputs("\nInput is UTF-8 text or Markdown with optional front matter (title, speaker,\n"
          "date, language, voice). Flags win over front matter.\n\n"
          "Exit status: 0 success, 1 the render failed (bad input, unknown voice, write\n"
          "error), 2 bad usage, 128 + the signal when interrupted (129 SIGHUP, 130 SIGINT,\n"
          "143 SIGTERM); an interrupted run leaves no output and no temporary file.\n\n"
          "batch takes every render option and applies it to every input; it keeps the\n"
          "folder structure (archive/2015/x.txt given as archive -> OUTDIR/2015/x.opus),\n"
          "skips outputs whose input and options are unchanged, and exits 1 if any input\n"
          "failed (all are listed at the end). --shard K/N picks inputs by a hash of their\n"
          "output name; the N parts together are the whole run. Ctrl-C stops the workers\n"
          "and the next run goes on where it stopped.\n\n"
          "Environment: ROSTRUM_DATA_DIR names the folder that holds voices/.\n",
          out);
}

int usage_error(const char *fmt, const char *arg)
{
    fputs("rostrum: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry \"rostrum --help\".\n", stderr);
    return EXIT_USAGE;
}

static int parse_int(const char *text, long lo, long hi, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_double(const char *text, double lo, double hi, double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int parse_shard(const char *text, int *index, int *count);

/* Applies one option to the settings; returns 0 or an exit code. */
static int apply_option(settings *s, const struct option_spec *o, const char *value)
{
    rostrum_options *opt = &s->options;
    switch (o->id) {
    case OPT_OUTPUT: s->output = value; return 0;
    case OPT_LANG: opt->language = value; return 0;
    case OPT_VOICE: opt->voice = value; return 0;
    case OPT_TITLE: opt->title = value; return 0;
    case OPT_ARTIST: opt->artist = value; return 0;
    case OPT_DATE: opt->date = value; return 0;
    case OPT_MANIFEST: s->manifest = value; return 0;
    case OPT_QUIET: s->quiet = 1; return 0;
    case OPT_READ_DIRECTIONS: opt->read_directions = 1; return 0;
    case OPT_EXPLAIN: opt->explain = 1; return 0;
    case OPT_LEXICON:
        if (opt->lexicon_count == MAX_LEXICONS)
            return usage_error("at most 16 --lexicon files, not more (\"%s\")", value);
        s->lexicons[opt->lexicon_count++] = value;
        opt->lexicons = s->lexicons;
        return 0;
    case OPT_RATE:
        return parse_int(value, 80, 450, &opt->rate_wpm) ? usage_error("--rate must be 80-450, not \"%s\"", value) : 0;
    case OPT_PITCH:
        return parse_int(value, 0, 100, &opt->pitch) ? usage_error("--pitch must be 0-100, not \"%s\"", value) : 0;
    case OPT_PAUSE:
        return parse_int(value, 0, 10000, &opt->pause_ms) ? usage_error("--pause must be 0-10000 ms, not \"%s\"", value) : 0;
    case OPT_BITRATE:
        return parse_int(value, 6, 256, &opt->bitrate_kbps) ? usage_error("--bitrate must be 6-256, not \"%s\"", value) : 0;
    case OPT_COMPLEXITY:
        return parse_int(value, 0, 10, &opt->complexity) ? usage_error("--complexity must be 0-10, not \"%s\"", value) : 0;
    case OPT_LOUDNESS:
        return parse_double(value, -40, -10, &opt->loudness_lufs)
                   ? usage_error("--loudness must be -40 to -10 LUFS, not \"%s\"", value) : 0;
    case OPT_PAUSE_STATEMENT:
        return parse_int(value, 0, 10000, &opt->pause_statement_ms)
                   ? usage_error("--pause-statement must be 0-10000 ms, not \"%s\"", value) : 0;
    case OPT_VOICE_MAP: opt->voice_map = value; return 0;
    case OPT_ANNOUNCE:
        if (!strcmp(value, "name"))
            opt->announce = ROSTRUM_ANNOUNCE_NAME;
        else if (!strcmp(value, "none"))
            opt->announce = ROSTRUM_ANNOUNCE_NONE;
        else
            return usage_error("--announce must be name or none, not \"%s\"", value);
        return 0;
    case OPT_VOICES:
        if (!strcmp(value, "same"))
            opt->voices = ROSTRUM_VOICES_SAME;
        else if (!strcmp(value, "alternate"))
            opt->voices = ROSTRUM_VOICES_ALTERNATE;
        else
            return usage_error("--voices must be same or alternate, not \"%s\"", value);
        return 0;
    case OPT_CHAPTERS:
        if (!strcmp(value, "statement"))
            opt->chapters = ROSTRUM_CHAPTERS_STATEMENT;
        else if (!strcmp(value, "paragraph"))
            opt->chapters = ROSTRUM_CHAPTERS_PARAGRAPH;
        else if (!strcmp(value, "heading"))
            opt->chapters = ROSTRUM_CHAPTERS_HEADING;
        else if (!strcmp(value, "none"))
            opt->chapters = ROSTRUM_CHAPTERS_NONE;
        else
            return usage_error("--chapters must be statement, paragraph, heading or none, not \"%s\"", value);
        return 0;
    case OPT_PARAGRAPHS:
        if (!strcmp(value, "auto"))
            opt->paragraphs = ROSTRUM_PARAGRAPHS_AUTO;
        else if (!strcmp(value, "blank"))
            opt->paragraphs = ROSTRUM_PARAGRAPHS_BLANK;
        else if (!strcmp(value, "line"))
            opt->paragraphs = ROSTRUM_PARAGRAPHS_LINE;
        else
            return usage_error("--paragraphs must be auto, blank or line, not \"%s\"", value);
        return 0;
    case OPT_MANIFESTS: s->manifests = 1; return 0;
    case OPT_FORCE: s->force = 1; return 0;
    case OPT_JOBS:
        return parse_int(value, 1, 1024, &s->jobs) ? usage_error("--jobs must be 1-1024, not \"%s\"", value) : 0;
    case OPT_SHARD:
        return parse_shard(value, &s->shard_index, &s->shard_count)
                   ? usage_error("--shard must be K/N with 1 <= K <= N, not \"%s\"", value) : 0;
    case OPT_HELP:
    case OPT_VERSION:
        return 0;
    }
    return 0;
}

/* "K/N", 1 <= K <= N: the part of a batch this run renders. */
static int parse_shard(const char *text, int *index, int *count)
{
    const char *slash = strchr(text, '/');
    char k[16];
    if (!slash || (size_t)(slash - text) >= sizeof k)
        return -1;
    memcpy(k, text, (size_t)(slash - text));
    k[slash - text] = '\0';
    if (parse_int(slash + 1, 1, 1000000, count) || parse_int(k, 1, *count, index))
        return -1;
    return 0;
}

/* Whether an option goes into batch mode's key: every option that can
 * change what is rendered, not those that say where or how fast. */
static int changes_output(const struct option_spec *o)
{
    switch (o->id) {
    case OPT_OUTPUT:
    case OPT_QUIET:
    case OPT_JOBS:
    case OPT_FORCE:
    case OPT_SHARD:
        return 0;
    default:
        return (o->commands & CMD_BATCH) != 0;
    }
}

/* Keeps an option as given, for batch mode's key. */
static void remember_option(settings *s, const struct option_spec *o, const char *value)
{
    given_option *g;
    if (!changes_output(o))
        return;
    g = &s->given[s->given_count++];
    g->name = o->long_name;
    g->value = value;
    g->is_file = o->arg && !strcmp(o->arg, "FILE");
}

/* The option of that name for the command (--manifest takes a FILE in
 * render and none in batch), else the first of that name. */
static const struct option_spec *find_long(const char *name, size_t len, enum command command)
{
    const struct option_spec *first = NULL;
    size_t i;
    for (i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *o = &option_table[i];
        if (strlen(o->long_name) != len || strncmp(o->long_name, name, len) != 0)
            continue;
        if (o->commands & command)
            return o;
        if (!first)
            first = o;
    }
    return first;
}

static const struct option_spec *find_short(char c)
{
    size_t i;
    for (i = 0; i < OPTION_COUNT; i++)
        if (option_table[i].short_name == c)
            return &option_table[i];
    return NULL;
}

static void print_version(void)
{
    char deps[256];
    rostrum_dependency_versions(deps, sizeof deps);
    printf("rostrum %s\n%s\n", rostrum_version(), deps);
}

/* Parses the command line. Returns -1 to go on, or an exit code. */
static int parse_args(settings *s, int argc, char **argv)
{
    int i, positional = 0, only_positional = 0;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const struct option_spec *o = NULL;
        const char *value = NULL;
        int rc;
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (!s->command) {
                if (!strcmp(arg, "render"))
                    s->command = CMD_RENDER;
                else if (!strcmp(arg, "text"))
                    s->command = CMD_TEXT;
                else if (!strcmp(arg, "voices"))
                    s->command = CMD_VOICES;
                else if (!strcmp(arg, "batch"))
                    s->command = CMD_BATCH;
                else if (!strcmp(arg, "help")) {
                    print_help(stdout);
                    return 0;
                } else
                    return usage_error("unknown command \"%s\" (render, text, batch or voices)", arg);
                continue;
            }
            if (s->command == CMD_BATCH) {
                s->inputs[s->input_count++] = arg;
                continue;
            }
            if (s->command == CMD_VOICES || positional++ > 0)
                return usage_error("unexpected argument \"%s\"", arg);
            s->input = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_positional = 1;
            continue;
        }
        if (arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            o = find_long(arg + 2, len, s->command);
            if (eq)
                value = eq + 1;
        } else {
            o = find_short(arg[1]);
            if (o && arg[2])
                value = arg + 2;
        }
        if (!o)
            return usage_error("unknown option \"%s\"", arg);
        if (o->id == OPT_HELP) {
            print_help(stdout);
            return 0;
        }
        if (o->id == OPT_VERSION) {
            print_version();
            return 0;
        }
        if (s->command && !(o->commands & s->command))
            return usage_error("option \"%s\" does not apply to this command", arg);
        if (o->arg && !value) {
            if (i + 1 >= argc)
                return usage_error("option \"%s\" needs a value", arg);
            value = argv[++i];
        } else if (!o->arg && value) {
            return usage_error("option \"%s\" takes no value", arg);
        }
        rc = apply_option(s, o, value);
        if (rc)
            return rc;
        remember_option(s, o, value);
    }
    if (!s->command) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (s->command == CMD_BATCH && (s->input_count == 0 || !s->output))
        return usage_error("%s", "batch needs INPUT files or folders and -o OUTDIR");
    if (s->command != CMD_VOICES && s->command != CMD_BATCH && !s->input)
        return usage_error("%s needs an INPUT file (or \"-\" for stdin)", s->command == CMD_TEXT ? "text" : "render");
    return -1;
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
static char *default_output(const char *input)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(input, '.');
    size_t stem = (dot && (!slash || dot > slash + 1)) ? (size_t)(dot - input) : strlen(input);
    char *out = malloc(stem + 6);
    if (!out)
        return NULL;
    memcpy(out, input, stem);
    memcpy(out + stem, ".opus", 6);
    return out;
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
            output = derived = default_output(s->input);
        if (!output) {
            fputs("rostrum: out of memory\n", stderr);
            return 1;
        }
    }
    if (!strcmp(output, "-") && isatty(STDOUT_FILENO)) {
        free(derived);
        return usage_error("%s", "refusing to write audio to a terminal; use -o FILE or a pipe");
    }
    /* "-o statement.md" on statement.md: the library says the real trouble */
    if (strcmp(output, "-") != 0 && rostrum_format_from_path(output) == ROSTRUM_FORMAT_AUTO &&
        !is_special_file(output) && !is_the_input(s->input, output)) {
        rc = usage_error("cannot tell the audio format of \"%s\": name it .opus, .wav or .flac", output);
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
    rc = rostrum_render_files(r, output, ROSTRUM_FORMAT_AUTO, s->manifest);
    if (rc == 0 && !s->quiet) {
        double lufs = 0.0, peak = 0.0;
        if (rostrum_render_loudness(r, &lufs, &peak, NULL) == 0 &&
            (lufs < s->options.loudness_lufs - 0.5 || lufs > s->options.loudness_lufs + 0.5))
            fprintf(stderr, "rostrum: warning: %s is at %.1f LUFS, not the %.1f asked for: louder speech would "
                    "break the -1 dBTP ceiling or be squashed\n", output, lufs, s->options.loudness_lufs);
    }
    free(derived);
    return rc ? failure_status(r, rc) : 0;
}

static int print_voice(void *user, const rostrum_voice_info *v)
{
    (void)user;
    printf("%-8s %-24s %-14s %s\n", v->kind, v->name, v->language, v->description ? v->description : "");
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
    else if (s->command == CMD_TEXT)
        rc = run_text(s, r);
    else
        rc = run_render(s, r);
    rostrum_destroy(r);
    return rc;
}

int main(int argc, char **argv)
{
    settings s;
    int rc;
    memset(&s, 0, sizeof s);
    rostrum_options_init(&s.options);
    /* room for every argument: batch keeps its inputs and its options */
    s.inputs = calloc((size_t)argc, sizeof *s.inputs);
    s.given = calloc((size_t)argc, sizeof *s.given);
    if (!s.inputs || !s.given) {
        fputs("rostrum: out of memory\n", stderr);
        rc = 1;
    } else {
        rc = parse_args(&s, argc, argv);
        if (rc < 0)
            rc = run_command(&s);
    }
    free(s.inputs);
    free(s.given);
    return rc;
}
