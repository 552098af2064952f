/* Fuzz target: the command-line parser of the rostrum program. The input
 * split at NUL bytes is argv after "rostrum". Help goes to stdout and usage
 * errors to stderr (scripts/fuzz closes both with -close_fd_mask=3). */
#include <stdio.h>

#include "../src/cli/cli.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    settings s;
    char *copy, **argv;
    int argc = 1, i, rc;
    size_t k;
    if (size > 4096)
        return 0;
    copy = malloc(size + 1);
    argv = calloc(size + 3, sizeof *argv); /* "rostrum", one per NUL and one more, NULL */
    if (!copy || !argv)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[0] = "rostrum";
    argv[argc++] = copy;
    for (k = 0; k < size; k++)
        if (copy[k] == '\0')
            argv[argc++] = copy + k + 1;
    argv[argc] = NULL;
    memset(&s, 0, sizeof s);
    rostrum_options_init(&s.options);
    s.inputs = calloc((size_t)argc, sizeof *s.inputs);
    if (!s.inputs)
        abort();
    rc = parse_args(&s, argc, argv);
    if (rc < 0) {
        /* going on: a command, and what it needs */
        if (!s.show_version && (!s.command || (s.command == CMD_BATCH && (!s.output || !s.input_count)) ||
                                ((s.command == CMD_RENDER || s.command == CMD_TEXT) && !s.input)))
            abort();
    } else if (rc != 0 && rc != EXIT_USAGE) {
        abort();
    }
    if (s.input_count > (size_t)argc || s.options.lexicon_count > MAX_LEXICONS)
        abort();
    for (i = 0; i < (int)s.options.lexicon_count; i++)
        if (!s.lexicons[i])
            abort();
    free(s.inputs);
    free(argv);
    free(copy);
    return 0;
}
