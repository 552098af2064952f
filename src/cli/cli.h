/* What the rostrum program's entry (main.c) and its batch mode (batch.c)
 * share: the parsed command line and the signal that stops the work. */
#ifndef ROSTRUM_CLI_H
#define ROSTRUM_CLI_H

#include <signal.h>
#include <stddef.h>

#include "rostrum.h"

#define EXIT_USAGE 2
#define MAX_LEXICONS 16

enum command { CMD_RENDER = 1, CMD_TEXT = 2, CMD_VOICES = 4, CMD_BATCH = 8 };

typedef struct settings {
    enum command command;
    rostrum_options options;
    const char *lexicons[MAX_LEXICONS];
    const char *input;
    const char *output;
    const char *manifest;
    int quiet;
    int progress_on_tty;
    int last_percent, last_stage;
    /* batch: the inputs (files or folders), with room for one per
     * command-line argument, and how to work through them */
    const char **inputs;
    size_t input_count;
    int jobs;          /* worker processes; 0 = one per processor */
    int force;         /* render even what is up to date */
    int manifests;     /* write NAME.json beside every NAME.opus */
    int shard_index;   /* 1-based K of --shard K/N; 0 = no sharding */
    int shard_count;
    int show_version;  /* --version: print the versions and exit */
    int strict;        /* warnings about what will not be heard are errors */
    /* batch --feed: the base URL of the output folder, and the channel's
     * title and description (NULL: made from the inputs) */
    const char *feed_url;
    const char *feed_title;
    const char *feed_description;
    rostrum_format output_format; /* render --format NAME of an output; AUTO: from the extension */
} settings;

/* The signal that asked the program to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t stop_signal;

/* Parses the command line into s, whose inputs array has room for argc
 * entries. Returns -1 to go on (to print the versions when
 * show_version is set), or an exit code. Prints only help and usage errors. */
int parse_args(settings *s, int argc, char **argv);

/* After a load: prints what will not be heard (unless quiet), the first
 * few lines and how many more. Returns 1 when there is any and strict is
 * set (the message printed all the same), else 0. */
int show_warnings(const rostrum *r, int quiet, int strict);

/* Prints "rostrum: " and the message, a hint, and returns EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);

/* What format_list lists of the formats of a kind. */
enum format_list {
    FIRST_EXTENSIONS,      /* each format's usual extension: ".opus, .wav or .flac" */
    ALL_EXTENSIONS,        /* every extension: ".md, .markdown, .txt" */
    STREAMING_DESCRIPTIONS, /* the outputs that can go to a pipe: "Ogg Opus" */
    NAMES                   /* the names --format takes: "text, markdown, tei" */
};

/* Writes a list made from the library's table of formats of kind ("input"
 * or "output") into buf: items separated by ", ", the last by
 * last_separator (", ", " or "). */
void format_list(char *buf, size_t size, const char *kind, enum format_list which, const char *last_separator);

/* rostrum batch: renders every input into the output folder. Returns the
 * exit status (0, 1 if any input failed, 2 usage, 128 + signal). */
int run_batch(const settings *s);

#endif
