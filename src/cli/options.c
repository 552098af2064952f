/* The rostrum program's command line: the one option table, the help text
 * beside it, and the parser that fills the settings; it prints only help and usage errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum option_id {
    OPT_OUTPUT, OPT_LANG, OPT_VOICE, OPT_RATE, OPT_PITCH, OPT_PAUSE, OPT_LOUDNESS, OPT_BITRATE,
    OPT_COMPLEXITY, OPT_CHAPTERS, OPT_PARAGRAPHS, OPT_TITLE, OPT_ARTIST, OPT_DATE, OPT_MANIFEST,
    OPT_QUIET, OPT_HELP, OPT_VERSION, OPT_READ_DIRECTIONS, OPT_LEXICON, OPT_EXPLAIN, OPT_PAUSE_STATEMENT,
    OPT_ANNOUNCE, OPT_VOICE_MAP, OPT_VOICES, OPT_JOBS, OPT_FORCE, OPT_SHARD, OPT_MANIFESTS,
    OPT_THREADS, OPT_CACHE, OPT_CACHE_SIZE, OPT_INTRO, OPT_OUTRO, OPT_COVER, OPT_ALBUM, OPT_CAPTIONS,
    OPT_CHAPTERS_VTT, OPT_PAGE, OPT_LIST_FORMATS, OPT_FORMAT, OPT_IDENTIFY, OPT_STRICT, OPT_CHAPTERS_JSON,
    OPT_FEED, OPT_FEED_TITLE, OPT_FEED_DESCRIPTION, OPT_EPUB_AUDIO, OPT_EPUB_LEVEL
};

/* One table: every option, the commands that take it, and its help line.
 * In help, {outputs} and {streams} stand for lists made from the library's
 * table of formats (see expand_help); an option without help is left out
 * of --help. */
static const struct option_spec {
    enum option_id id;
    char short_name;
    const char *long_name;
    const char *arg;
    unsigned commands;
    const char *help;
} option_table[] = {
    {OPT_OUTPUT, 'o', "output", "FILE", CMD_RENDER | CMD_BATCH,
     "output file; {outputs}; \"-\" writes Ogg Opus to stdout, a FIFO takes {streams} (default: INPUT with .opus);"
     " batch: the output folder"},
    {OPT_LANG, 'l', "lang", "LANG", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "language, e.g. en, fr, es (default: front matter, else found from the text, else en)"},
    {OPT_IDENTIFY, 0, "identify", "MODE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "on (find the language of what the input does not label: the document, each statement) or off (default on)"},
    {OPT_VOICE, 'v', "voice", "VOICE", CMD_RENDER | CMD_TEXT | CMD_BATCH, "an espeak-ng voice or a preset (see \"rostrum voices\")"},
    {OPT_RATE, 0, "rate", "WPM", CMD_RENDER | CMD_BATCH, "speaking rate in words per minute, 80-450 (default: the voice's)"},
    {OPT_PITCH, 0, "pitch", "0-100", CMD_RENDER | CMD_BATCH, "voice pitch (default: the voice's)"},
    {OPT_PAUSE, 0, "pause", "MS", CMD_RENDER | CMD_BATCH, "silence between paragraphs in milliseconds, 0-10000 (default 750)"},
    {OPT_LOUDNESS, 0, "loudness", "LUFS", CMD_RENDER | CMD_BATCH, "integrated loudness target, -40 to -10 (default -19)"},
    {OPT_BITRATE, 0, "bitrate", "KBPS", CMD_RENDER | CMD_BATCH, "bitrate in kbit/s, 6-256 (default: 24 for Opus, 64 for AAC and MP3; AAC takes 64 or more)"},
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
    {OPT_FORMAT, 0, "format", "NAME", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "read the input as {formats} (default: found from the content, the extension a hint);"
     " render: or write the output as {outputnames} (default: from its extension)"},
    {OPT_PARAGRAPHS, 0, "paragraphs", "MODE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "how paragraphs are found: auto, blank (blank lines) or line (every line) (default auto)"},
    {OPT_TITLE, 0, "title", "TEXT", CMD_RENDER | CMD_BATCH, "TITLE tag (default: front matter title)"},
    {OPT_ARTIST, 0, "artist", "TEXT", CMD_RENDER | CMD_BATCH, "ARTIST tag (default: front matter speaker)"},
    {OPT_DATE, 0, "date", "TEXT", CMD_RENDER | CMD_BATCH, "DATE tag (default: front matter date)"},
    {OPT_ALBUM, 0, "album", "TEXT", CMD_RENDER | CMD_BATCH,
     "ALBUM tag (default: front matter session, else the session-title heading)"},
    {OPT_INTRO, 0, "intro", "FILE", CMD_RENDER | CMD_BATCH,
     "audio (WAV, FLAC, Ogg, MP3) played before the speech at its loudness, chapter \"Introduction\""},
    {OPT_OUTRO, 0, "outro", "FILE", CMD_RENDER | CMD_BATCH,
     "audio played after the speech at its loudness, chapter \"Closing\""},
    {OPT_COVER, 0, "cover", "IMAGE", CMD_RENDER | CMD_BATCH,
     "PNG or JPEG cover art embedded in the Ogg Opus, M4B or MP3 file"},
    {OPT_EPUB_AUDIO, 0, "epub-audio", "CODEC", CMD_RENDER,
     "the audio inside an .epub: opus, mp3 or aac (default mp3)"},
    {OPT_EPUB_LEVEL, 0, "epub-level", "LEVEL", CMD_RENDER,
     "what an .epub highlights as it is read: sentence or word (default sentence)"},
    {OPT_MANIFEST, 0, "manifest", "FILE", CMD_RENDER, "also write a JSON manifest of paragraphs, chapters and loudness"},
    {OPT_CAPTIONS, 0, "captions", "FORMATS", CMD_RENDER | CMD_BATCH,
     "also write captions beside the output: vtt (NAME.vtt), srt (NAME.srt) or vtt,srt"},
    {OPT_CHAPTERS_VTT, 0, "chapters-vtt", NULL, CMD_RENDER | CMD_BATCH,
     "also write the chapters as WebVTT (NAME.chapters.vtt)"},
    {OPT_CHAPTERS_JSON, 0, "chapters-json", NULL, CMD_RENDER | CMD_BATCH,
     "also write the chapters as JSON chapters, as podcast apps read them (NAME.chapters.json)"},
    {OPT_PAGE, 0, "page", NULL, CMD_RENDER | CMD_BATCH,
     "also write a listening page (NAME.html) with the transcript; implies --captions vtt --chapters-vtt"},
    {OPT_LEXICON, 0, "lexicon", "FILE", CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "your own lexicon (\"written = spoken\" lines, or a W3C PLS file); wins over the built-in one; may be repeated"},
    {OPT_READ_DIRECTIONS, 0, "read-directions", NULL, CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "read stage directions such as [Applause.] instead of skipping them"},
    {OPT_STRICT, 0, "strict", NULL, CMD_RENDER | CMD_TEXT | CMD_BATCH,
     "fail (no output) when some text would not be heard, such as letters of a script the voice cannot speak"},
    {OPT_EXPLAIN, 0, "explain", NULL, CMD_TEXT,
     "after each paragraph, list every change: line, text as written, as spoken, and the rule"},
    {OPT_MANIFESTS, 0, "manifest", NULL, CMD_BATCH, "batch: also write NAME.json beside every NAME.opus"},
    {OPT_JOBS, 'j', "jobs", "N", CMD_RENDER | CMD_BATCH,
     "render: as --threads; batch: worker processes (default: the number of processors)"},
    {OPT_THREADS, 0, "threads", "N", CMD_RENDER | CMD_BATCH,
     "Opus encoding threads, 1-256 (render default: the number of processors; batch: 1 per worker);"
     " AAC (M4B) and MP3 are encoded in one piece"},
    {OPT_CACHE, 0, "cache", "DIR", CMD_RENDER | CMD_BATCH,
     "keep speech and encoded stretches in DIR and redo only what changed (batch default: encoded stretches,"
     " and what is up to date, in $XDG_CACHE_HOME/rostrum, else $HOME/.cache/rostrum)"},
    {OPT_CACHE_SIZE, 0, "cache-size", "MB", CMD_RENDER | CMD_BATCH,
     "size bound of the cache; speech goes first, then the least recently used stretches (default 512)"},
    {OPT_FEED, 0, "feed", "URL", CMD_BATCH,
     "batch: also write OUTDIR/feed.xml, a podcast feed of the outputs as published at URL (http or https);"
     " implies --captions vtt --chapters-json"},
    {OPT_FEED_TITLE, 0, "feed-title", "TEXT", CMD_BATCH,
     "batch: the feed's title (default: the albums' if all share one, else the input folder's name)"},
    {OPT_FEED_DESCRIPTION, 0, "feed-description", "TEXT", CMD_BATCH,
     "batch: the feed's description (default: made from its title); --cover is its image"},
    {OPT_FORCE, 0, "force", NULL, CMD_BATCH, "batch: render every input, also those whose output is up to date"},
    {OPT_SHARD, 0, "shard", "K/N", CMD_BATCH,
     "batch: render only part K of N (K from 1), for spreading an archive over machines"},
    {OPT_QUIET, 'q', "quiet", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "no progress or warnings on stderr"},
    {OPT_HELP, 'h', "help", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "show this help and exit"},
    {OPT_VERSION, 'V', "version", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, "show versions and exit"},
    /* hidden: every format and its extensions, one a line, for the completion and the tests that
     * hold the man page and the completion to the library's tables */
    {OPT_LIST_FORMATS, 0, "list-formats", NULL, CMD_RENDER | CMD_TEXT | CMD_VOICES | CMD_BATCH, NULL},
};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

/* The usage lines: the command, and what it does wrapped at HELP_WIDTH;
 * {inputs} stands for the input extensions. */
static const struct usage_line {
    const char *command;
    const char *what;
} usage_lines[] = {
    {"render INPUT [-o OUTPUT] [options]", "synthesize INPUT (\"-\" for stdin)"},
    {"text INPUT [options]", "print exactly what will be spoken"},
    {"batch INPUT... -o OUTDIR [options]",
     "render files and folders ({inputs} found in them) into OUTDIR, several at a time"},
    {"voices", "list voice presets and espeak-ng voices"},
    {"--help | --version", NULL},
};
#define USAGE_COLUMN 47 /* where what a command does starts */
#define HELP_WIDTH 96   /* and where it wraps */

/* Up to this many names go into one list of formats or extensions. */
#define MAX_LISTED 64

typedef struct listing {
    const char *kind;    /* "input" or "output" */
    enum format_list which;
    const char *items[MAX_LISTED];
    size_t count;
} listing;

static int collect(void *user, const rostrum_format_info *f)
{
    listing *l = user;
    size_t i;
    if (strcmp(f->kind, l->kind) != 0)
        return 0;
    if (l->which == STREAMING_DESCRIPTIONS) {
        if (f->streams && l->count < MAX_LISTED)
            l->items[l->count++] = f->description;
        return 0;
    }
    if (l->which == NAMES) {
        if (l->count < MAX_LISTED)
            l->items[l->count++] = f->name;
        return 0;
    }
    for (i = 0; f->extensions[i] && (i == 0 || l->which == ALL_EXTENSIONS); i++) {
        size_t k;
        /* several readers take ".xml": it is listed once */
        for (k = 0; k < l->count && strcmp(l->items[k], f->extensions[i]) != 0; k++)
            ;
        if (k == l->count && l->count < MAX_LISTED)
            l->items[l->count++] = f->extensions[i];
    }
    return 0;
}

void format_list(char *buf, size_t size, const char *kind, enum format_list which, const char *last_separator)
{
    listing l;
    size_t i, used = 0;
    memset(&l, 0, sizeof l);
    l.kind = kind;
    l.which = which;
    rostrum_list_formats(collect, &l);
    buf[0] = '\0';
    for (i = 0; i < l.count && used < size; i++) {
        const char *separator = i == 0 ? "" : i + 1 == l.count ? last_separator : ", ";
        int n = snprintf(buf + used, size - used, "%s%s", separator, l.items[i]);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* text with {inputs}, {outputs} and {streams} replaced by their lists. */
static void expand_help(const char *text, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    while (*text && used + 1 < size) {
        char list[512];
        size_t n;
        if (!strncmp(text, "{inputs}", 8))
            format_list(list, sizeof list, "input", ALL_EXTENSIONS, ", ");
        else if (!strncmp(text, "{outputs}", 9))
            format_list(list, sizeof list, "output", FIRST_EXTENSIONS, " or ");
        else if (!strncmp(text, "{formats}", 9))
            format_list(list, sizeof list, "input", NAMES, " or ");
        else if (!strncmp(text, "{outputnames}", 13))
            format_list(list, sizeof list, "output", NAMES, " or ");
        else if (!strncmp(text, "{streams}", 9))
            format_list(list, sizeof list, "output", STREAMING_DESCRIPTIONS, " or ");
        else {
            buf[used++] = *text++;
            buf[used] = '\0';
            continue;
        }
        n = strlen(list);
        if (used + n >= size)
            break;
        memcpy(buf + used, list, n + 1);
        used += n;
        text = strchr(text, '}') + 1;
    }
}

/* A usage line: the command, then what it does from USAGE_COLUMN on,
 * wrapped at HELP_WIDTH. */
static void print_usage_line(FILE *out, const struct usage_line *u)
{
    char what[1024];
    const char *word;
    int column;
    if (!u->what) {
        fprintf(out, "  rostrum %s\n", u->command);
        return;
    }
    expand_help(u->what, what, sizeof what);
    column = fprintf(out, "  rostrum %s", u->command);
    do
        column += fprintf(out, " ");
    while (column < USAGE_COLUMN);
    for (word = what; *word; word += strspn(word, " ")) {
        int length = (int)strcspn(word, " ");
        if (word != what && column + 1 + length > HELP_WIDTH)
            column = fprintf(out, "\n%*s", USAGE_COLUMN, "") - 1;
        else if (word != what)
            column += fprintf(out, " ");
        column += fprintf(out, "%.*s", length, word);
        word += length;
    }
    fputc('\n', out);
}

static void print_help(FILE *out)
{
    size_t i;
    fputs("rostrum: turn a written statement into chaptered spoken audio\n\nUsage:\n", out);
    for (i = 0; i < sizeof usage_lines / sizeof usage_lines[0]; i++)
        print_usage_line(out, &usage_lines[i]);
    fputs("\nOptions:\n", out);
    for (i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *o = &option_table[i];
        char left[64], help[1024];
        if (!o->help)
            continue;
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->long_name, o->arg ? " " : "", o->arg ? o->arg : "");
        expand_help(o->help, help, sizeof help);
        fprintf(out, "  %-26s %s\n", left, help);
    }
    fputs("\nInput is UTF-8 text or Markdown with optional front matter (title, speaker,\n"
          "date, language, voice). Flags win over front matter.\n\n"
          "Exit status: 0 success, 1 the render failed (bad input, unknown voice, write\n"
          "error), 2 bad usage, 128 + the signal when interrupted (129 SIGHUP, 130 SIGINT,\n"
          "143 SIGTERM); an interrupted run leaves no output and no temporary file.\n\n"
          "batch takes every render option and applies it to every input; it keeps the\n"
          "folder structure (archive/2015/x.txt given as archive -> OUTDIR/2015/x.opus),\n"
          "skips outputs that are up to date (the same input, options, presets and\n"
          "lexicons), and exits 1 if any input failed (all are listed at the end). OUTDIR\n"
          "holds the outputs only: the cache, and what tells an output up to date, are in\n"
          "$XDG_CACHE_HOME/rostrum, else $HOME/.cache/rostrum. --shard K/N picks inputs by\n"
          "a hash of their output name; the N parts together are the whole run. Ctrl-C\n"
          "stops the workers and the next run goes on where it stopped. Each output is\n"
          "tagged TRACKNUMBER, its place in the whole input list (arguments in order,\n"
          "folders sorted).\n\n"
          "Environment: ROSTRUM_DATA_DIR names the folder that holds voices/ (default: the\n"
          "installed share/rostrum). The user's own presets (NAME.voice) and lexicons\n"
          "(LANG.lexicon) are read from $XDG_CONFIG_HOME/rostrum, else $HOME/.config/rostrum;\n"
          "\"rostrum voices\" lists them. See rostrum(1).\n",
          out);
}

/* --list-formats: "KIND NAME MIME FLAGS EXTENSION..." a line, where FLAGS
 * is "-" or what an output can do: "stream,chapters,cover". */
static int print_format(void *user, const rostrum_format_info *f)
{
    FILE *out = user;
    char flags[32] = "";
    size_t i;
    if (f->streams)
        strcat(flags, ",stream");
    if (f->chapters)
        strcat(flags, ",chapters");
    if (f->cover)
        strcat(flags, ",cover");
    fprintf(out, "%s %s %s %s", f->kind, f->name, f->mime_type, flags[0] ? flags + 1 : "-");
    for (i = 0; f->extensions[i]; i++)
        fprintf(out, " %s", f->extensions[i]);
    fputc('\n', out);
    return 0;
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

/* "vtt", "srt" or both, separated by commas: the caption files wanted. */
static int parse_captions(const char *text, unsigned *sidecars)
{
    unsigned wanted = 0;
    while (*text) {
        size_t len = strcspn(text, ",");
        if (len == 3 && !strncmp(text, "vtt", 3))
            wanted |= ROSTRUM_SIDECAR_VTT;
        else if (len == 3 && !strncmp(text, "srt", 3))
            wanted |= ROSTRUM_SIDECAR_SRT;
        else
            return -1;
        text += len;
        if (*text == ',' && *++text == '\0')
            return -1;
    }
    if (!wanted)
        return -1;
    *sidecars |= wanted;
    return 0;
}

/* An option that takes its text as it is, or sets a flag. */
static int apply_text(settings *s, enum option_id id, const char *value)
{
    rostrum_options *opt = &s->options;
    switch (id) {
    case OPT_OUTPUT: s->output = value; break;
    case OPT_LANG: opt->language = value; break;
    case OPT_VOICE: opt->voice = value; break;
    case OPT_TITLE: opt->title = value; break;
    case OPT_ARTIST: opt->artist = value; break;
    case OPT_DATE: opt->date = value; break;
    case OPT_ALBUM: opt->album = value; break;
    case OPT_INTRO: opt->intro = value; break;
    case OPT_OUTRO: opt->outro = value; break;
    case OPT_COVER: opt->cover = value; break;
    case OPT_MANIFEST: s->manifest = value; break;
    case OPT_VOICE_MAP: opt->voice_map = value; break;
    case OPT_CACHE: opt->cache_dir = value; break;
    case OPT_QUIET: s->quiet = 1; break;
    case OPT_READ_DIRECTIONS: opt->read_directions = 1; break;
    case OPT_EXPLAIN: opt->explain = 1; break;
    case OPT_MANIFESTS: s->manifests = 1; break;
    case OPT_FORCE: s->force = 1; break;
    case OPT_STRICT: s->strict = 1; break;
    case OPT_CHAPTERS_VTT: opt->sidecars |= ROSTRUM_SIDECAR_CHAPTERS_VTT; break;
    case OPT_CHAPTERS_JSON: opt->sidecars |= ROSTRUM_SIDECAR_CHAPTERS_JSON; break;
    case OPT_FEED_TITLE: s->feed_title = value; break;
    case OPT_FEED_DESCRIPTION: s->feed_description = value; break;
    case OPT_PAGE: /* the page plays the captions and chapters beside it */
        opt->sidecars |= ROSTRUM_SIDECAR_PAGE | ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_VTT;
        break;
    default: break;
    }
    return 0;
}

/* An option that takes a number in a range. */
static int apply_number(settings *s, enum option_id id, const char *value)
{
    rostrum_options *opt = &s->options;
    switch (id) {
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
    case OPT_JOBS:
        if (s->command == CMD_RENDER)
            return parse_int(value, 1, 256, &opt->threads) ? usage_error("-j must be 1-256, not \"%s\"", value) : 0;
        return parse_int(value, 1, 1024, &s->jobs) ? usage_error("--jobs must be 1-1024, not \"%s\"", value) : 0;
    case OPT_THREADS:
        return parse_int(value, 1, 256, &opt->threads) ? usage_error("--threads must be 1-256, not \"%s\"", value) : 0;
    case OPT_CACHE_SIZE:
        return parse_int(value, 1, 1024 * 1024, &opt->cache_max_mb)
                   ? usage_error("--cache-size must be 1-1048576 MB, not \"%s\"", value) : 0;
    default:
        return 0;
    }
}

/* The words of the options that take one of a few, in the order their
 * usage errors name them, and the value each stands for. */
static const struct choice {
    enum option_id id;
    const char *word;
    int value;
} choices[] = {
    {OPT_ANNOUNCE, "name", ROSTRUM_ANNOUNCE_NAME},
    {OPT_ANNOUNCE, "none", ROSTRUM_ANNOUNCE_NONE},
    {OPT_IDENTIFY, "on", 1},
    {OPT_IDENTIFY, "off", 0},
    {OPT_VOICES, "same", ROSTRUM_VOICES_SAME},
    {OPT_VOICES, "alternate", ROSTRUM_VOICES_ALTERNATE},
    {OPT_EPUB_LEVEL, "sentence", ROSTRUM_EPUB_SENTENCE},
    {OPT_EPUB_LEVEL, "word", ROSTRUM_EPUB_WORD},
    {OPT_CHAPTERS, "statement", ROSTRUM_CHAPTERS_STATEMENT},
    {OPT_CHAPTERS, "paragraph", ROSTRUM_CHAPTERS_PARAGRAPH},
    {OPT_CHAPTERS, "heading", ROSTRUM_CHAPTERS_HEADING},
    {OPT_CHAPTERS, "none", ROSTRUM_CHAPTERS_NONE},
    {OPT_PARAGRAPHS, "auto", ROSTRUM_PARAGRAPHS_AUTO},
    {OPT_PARAGRAPHS, "blank", ROSTRUM_PARAGRAPHS_BLANK},
    {OPT_PARAGRAPHS, "line", ROSTRUM_PARAGRAPHS_LINE},
};
#define CHOICE_COUNT (sizeof choices / sizeof choices[0])

/* "--chapters must be statement, paragraph, heading or none, not "x"". */
static int choice_error(const struct option_spec *o, const char *value)
{
    char words[256] = "", message[320];
    size_t i, count = 0, named = 0;
    for (i = 0; i < CHOICE_COUNT; i++)
        count += choices[i].id == o->id;
    for (i = 0; i < CHOICE_COUNT; i++) {
        if (choices[i].id != o->id)
            continue;
        named++;
        strcat(words, named == 1 ? "" : named == count ? " or " : ", ");
        strcat(words, choices[i].word);
    }
    snprintf(message, sizeof message, "--%s must be %s, not \"%%s\"", o->long_name, words);
    return usage_error(message, value);
}

/* An option that takes one of a few words: how the speech is laid out. */
static int apply_mode(rostrum_options *opt, const struct option_spec *o, const char *value)
{
    const struct choice *chosen = NULL;
    size_t i;
    for (i = 0; i < CHOICE_COUNT && !chosen; i++)
        if (choices[i].id == o->id && !strcmp(choices[i].word, value))
            chosen = &choices[i];
    if (!chosen)
        return choice_error(o, value);
    switch (o->id) {
    case OPT_ANNOUNCE: opt->announce = (rostrum_announce)chosen->value; break;
    case OPT_IDENTIFY: opt->identify = (unsigned)chosen->value; break;
    case OPT_VOICES: opt->voices = (rostrum_voices)chosen->value; break;
    case OPT_EPUB_LEVEL: opt->epub_level = (rostrum_epub_level)chosen->value; break;
    case OPT_CHAPTERS: opt->chapters = (rostrum_chapters)chosen->value; break;
    case OPT_PARAGRAPHS: opt->paragraphs = (rostrum_paragraphs)chosen->value; break;
    default: break;
    }
    return 0;
}

/* An option whose value is a list or a part: lexicons, captions, shard. */
static int apply_list(settings *s, enum option_id id, const char *value)
{
    rostrum_options *opt = &s->options;
    switch (id) {
    case OPT_LEXICON:
        if (opt->lexicon_count == MAX_LEXICONS)
            return usage_error("at most 16 --lexicon files, not more (\"%s\")", value);
        s->lexicons[opt->lexicon_count++] = value;
        opt->lexicons = s->lexicons;
        return 0;
    case OPT_CAPTIONS:
        return parse_captions(value, &opt->sidecars)
                   ? usage_error("--captions must be vtt, srt or vtt,srt, not \"%s\"", value) : 0;
    case OPT_SHARD:
        return parse_shard(value, &s->shard_index, &s->shard_count)
                   ? usage_error("--shard must be K/N with 1 <= K <= N, not \"%s\"", value) : 0;
    default:
        return 0;
    }
}

/* Whether a format of the library's table has the name asked: an input
 * format, or an output with the value the library takes for it. */
typedef struct format_search {
    const char *name;
    int found;
    rostrum_format output;
} format_search;

static int find_format(void *user, const rostrum_format_info *format)
{
    format_search *search = user;
    if (strcmp(format->name, search->name) != 0)
        return 0;
    if (strcmp(format->kind, "input") == 0)
        search->found = 1;
    else
        search->output = format->format;
    return 0;
}

static rostrum_format output_named(const char *name)
{
    format_search search;
    memset(&search, 0, sizeof search);
    search.name = name;
    rostrum_list_formats(find_format, &search);
    return search.output;
}

/* --format: one name of the input formats' table; for render, also of the
 * outputs' (no output is named as an input is). */
static int apply_format(settings *s, const char *value)
{
    format_search search;
    memset(&search, 0, sizeof search);
    search.name = value;
    rostrum_list_formats(find_format, &search);
    if (search.output != ROSTRUM_FORMAT_AUTO && s->command == CMD_RENDER) {
        s->output_format = search.output;
        return 0;
    }
    if (!search.found)
        return usage_error("--format must name an input format (see --help), or for render an output, not \"%s\"",
                           value);
    s->options.input_format = value;
    return 0;
}

/* --feed URL: where the output folder is published, http or https with a
 * host; the items' addresses are the outputs' paths under it. */
static int apply_feed(settings *s, const char *value)
{
    size_t scheme = !strncmp(value, "https://", 8) ? 8 : !strncmp(value, "http://", 7) ? 7 : 0;
    size_t i;
    if (!value[0])
        return usage_error("%s", "--feed needs the base URL the output folder is published at, such as "
                                 "https://example.org/audio/");
    if (!scheme || !value[scheme] || value[scheme] == '/')
        return usage_error("--feed needs an http:// or https:// URL with a host, not \"%s\"", value);
    /* the URL goes into XML attributes and is joined to escaped paths: no
     * space, quote or control character, no query or fragment after which a
     * path would mean something else */
    for (i = 0; value[i]; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '?' || c == '#')
            return usage_error("--feed: \"%s\" is not a URL a feed can hold (no spaces, quotes, query or fragment)",
                               value);
    }
    s->feed_url = value;
    /* the feed points to each output's captions and chapters */
    s->options.sidecars |= ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_CHAPTERS_JSON;
    return 0;
}

/* --epub-audio: the codec as people name it; AAC comes in whichever MP4
 * container the library writes. */
static int apply_epub_audio(settings *s, const char *value)
{
    static const char *const aac_names[] = {"aac", "m4a", "m4b", NULL};
    rostrum_format format = ROSTRUM_FORMAT_AUTO;
    size_t i;
    if (!strcmp(value, "aac"))
        for (i = 0; aac_names[i] && format == ROSTRUM_FORMAT_AUTO; i++)
            format = output_named(aac_names[i]);
    else if (!strcmp(value, "opus") || !strcmp(value, "mp3"))
        format = output_named(value);
    else
        return usage_error("--epub-audio must be opus, mp3 or aac, not \"%s\"", value);
    if (format == ROSTRUM_FORMAT_AUTO)
        return usage_error("--epub-audio %s: this rostrum was built without that encoder", value);
    s->options.epub_audio = format;
    return 0;
}

/* Applies one option to the settings; returns 0 or an exit code. Every
 * option is named here, so that the compiler asks where a new one goes. */
static int apply_option(settings *s, const struct option_spec *o, const char *value)
{
    switch (o->id) {
    case OPT_OUTPUT: case OPT_LANG: case OPT_VOICE: case OPT_TITLE: case OPT_ARTIST: case OPT_DATE:
    case OPT_ALBUM: case OPT_INTRO: case OPT_OUTRO: case OPT_COVER: case OPT_MANIFEST: case OPT_VOICE_MAP:
    case OPT_CACHE: case OPT_QUIET: case OPT_READ_DIRECTIONS: case OPT_EXPLAIN: case OPT_MANIFESTS:
    case OPT_FORCE: case OPT_CHAPTERS_VTT: case OPT_PAGE: case OPT_STRICT: case OPT_CHAPTERS_JSON:
    case OPT_FEED_TITLE: case OPT_FEED_DESCRIPTION:
        return apply_text(s, o->id, value);
    case OPT_FEED:
        return apply_feed(s, value);
    case OPT_RATE: case OPT_PITCH: case OPT_PAUSE: case OPT_BITRATE: case OPT_COMPLEXITY: case OPT_LOUDNESS:
    case OPT_PAUSE_STATEMENT: case OPT_JOBS: case OPT_THREADS: case OPT_CACHE_SIZE:
        return apply_number(s, o->id, value);
    case OPT_ANNOUNCE: case OPT_VOICES: case OPT_CHAPTERS: case OPT_PARAGRAPHS: case OPT_IDENTIFY:
    case OPT_EPUB_LEVEL:
        return apply_mode(&s->options, o, value);
    case OPT_LEXICON: case OPT_CAPTIONS: case OPT_SHARD:
        return apply_list(s, o->id, value);
    case OPT_FORMAT:
        return apply_format(s, value);
    case OPT_EPUB_AUDIO:
        return apply_epub_audio(s, value);
    case OPT_HELP: case OPT_VERSION: case OPT_LIST_FORMATS:
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

/* A word that is not an option: the command, then what it works on.
 * Returns -1 to go on, or an exit code. */
static int take_word(settings *s, const char *arg, int *positional)
{
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
        return -1;
    }
    if (s->command == CMD_BATCH) {
        s->inputs[s->input_count++] = arg;
        return -1;
    }
    if (s->command == CMD_VOICES || (*positional)++ > 0)
        return usage_error("unexpected argument \"%s\"", arg);
    s->input = arg;
    return -1;
}

/* The option arg names (--name, --name=value, -x, -xvalue), or NULL; *value
 * is the value given inside arg, or NULL. */
static const struct option_spec *find_option(const char *arg, enum command command, const char **value)
{
    const struct option_spec *o;
    *value = NULL;
    if (arg[1] == '-') {
        const char *eq = strchr(arg + 2, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        o = find_long(arg + 2, len, command);
        if (eq)
            *value = eq + 1;
    } else {
        o = find_short(arg[1]);
        if (o && arg[2])
            *value = arg + 2;
    }
    return o;
}

/* After the last argument: what the command still lacks. Returns -1 to
 * go on, or an exit code. */
static int check_command(const settings *s)
{
    if (!s->command) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (s->command == CMD_BATCH && (s->input_count == 0 || !s->output))
        return usage_error("%s", "batch needs INPUT files or folders and -o OUTDIR");
    if (!s->feed_url && (s->feed_title || s->feed_description))
        return usage_error("%s", "--feed-title and --feed-description describe a feed: give --feed URL too");
    if (s->command != CMD_VOICES && s->command != CMD_BATCH && !s->input)
        return usage_error("%s needs an INPUT file (or \"-\" for stdin)", s->command == CMD_TEXT ? "text" : "render");
    /* sidecars go beside an output file; stdin renders to stdout unless -o says */
    if (s->command == CMD_RENDER && s->options.sidecars &&
        (s->output ? !strcmp(s->output, "-") : !strcmp(s->input, "-")))
        return usage_error("%s", "--captions, --chapters-vtt, --chapters-json and --page write files beside the output: "
                                 "give -o FILE, not stdout");
    return -1;
}

/* Parses the command line. Returns -1 to go on, or an exit code. */
int parse_args(settings *s, int argc, char **argv)
{
    int i, positional = 0, only_positional = 0;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const struct option_spec *o;
        const char *value;
        int rc;
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            rc = take_word(s, arg, &positional);
            if (rc != -1)
                return rc;
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_positional = 1;
            continue;
        }
        o = find_option(arg, s->command, &value);
        if (!o)
            return usage_error("unknown option \"%s\"", arg);
        if (o->id == OPT_HELP) {
            print_help(stdout);
            return 0;
        }
        if (o->id == OPT_LIST_FORMATS) {
            rostrum_list_formats(print_format, stdout);
            return 0;
        }
        if (o->id == OPT_VERSION) {
            s->show_version = 1;
            return -1;
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
    }
    return check_command(s);
}
