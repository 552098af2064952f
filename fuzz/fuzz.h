/* What the fuzz targets share: the libFuzzer entry points and copies of the
 * input in the shapes the library's stages take them. */
#ifndef ROSTRUM_FUZZ_H
#define ROSTRUM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sidecars/sidecars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy of the bytes up to the first NUL, as a stage that
 * reads a C string sees a file. Never NULL (aborts when out of memory). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t len = nul ? (size_t)(nul - data) : size;
    char *s = malloc(len + 1);
    if (!s)
        abort();
    memcpy(s, data, len);
    s[len] = '\0';
    return s;
}

/* Whether the bytes are what the reader lets through to the later stages:
 * valid UTF-8 without NUL bytes. */
static inline int fuzz_is_text(const uint8_t *data, size_t size)
{
    size_t i = 0;
    while (i < size) {
        size_t n;
        if (data[i] == 0)
            return 0;
        n = rs__utf8_valid_len(data + i, size - i);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

/* The text of voices/LANG.lexicon in the source tree, NUL-terminated;
 * aborts when it cannot be read, since every run would test less than it
 * claims. */
static inline char *fuzz_builtin_lexicon_text(const char *language)
{
    char path[4096], chunk[4096];
    rs_buf text = {0};
    size_t n;
    FILE *f;
    snprintf(path, sizeof path, "%s/voices/%s.lexicon", ROSTRUM_SOURCE_DIR, language);
    f = fopen(path, "rb");
    if (!f)
        abort();
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rs__buf_append(&text, chunk, n);
    fclose(f);
    if (rs__buf_putc(&text, '\0'))
        abort();
    return rs__buf_take(&text);
}

/* voices/LANG.lexicon parsed and indexed. */
static inline rs_lexicon *fuzz_builtin_lexicon(const char *language)
{
    char err[RS__ERRMSG_SIZE];
    char *text = fuzz_builtin_lexicon_text(language);
    rs_lexicon *lex = NULL;
    if (!text || rs__lexicon_create(&lex) || rs__lexicon_parse(lex, language, text, err, sizeof err) ||
        rs__lexicon_index(lex))
        abort();
    rs__free(text);
    return lex;
}

#endif
