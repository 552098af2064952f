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

/* What a structured reader (XML, HTML) must leave, given what it returned:
 * on failure a reason and an empty model; once read, text blocks each in a
 * statement (with its source line when lines_known), statements that
 * cover the blocks in order, and a reason for each thing left out. Aborts
 * when that does not hold; frees the model. */
static inline void fuzz_check_structured(int rc, rs_document *doc, const char *err, int lines_known)
{
    size_t i, k;
    if (rc != 0) {
        if (!err[0] || doc->block_count || doc->statement_count)
            abort(); /* a failure says why and leaves nothing */
        return;
    }
    if (doc->statement_count == 0 || !doc->structured)
        abort();
    for (i = 0; i < doc->block_count; i++) {
        const rs_block *b = &doc->blocks[i];
        if (!fuzz_is_text((const uint8_t *)b->text, strlen(b->text)) || !b->text[0] ||
            b->statement >= doc->statement_count || b->line_count != 1 || (lines_known && b->line == 0))
            abort();
    }
    for (i = 0; i < doc->statement_count; i++) {
        const rs_statement *st = &doc->statements[i];
        if (st->block_count == 0 || st->first_block + st->block_count > doc->block_count)
            abort();
        if (i > 0 && st->first_block != doc->statements[i - 1].first_block + doc->statements[i - 1].block_count)
            abort(); /* statements cover the blocks in order */
        for (k = st->first_block; k < st->first_block + st->block_count; k++)
            if (doc->blocks[k].statement != i)
                abort();
    }
    for (i = 0; i < doc->removed_count; i++)
        if (!doc->removed[i].text || !doc->removed[i].why)
            abort();
    rs__document_free(doc);
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
