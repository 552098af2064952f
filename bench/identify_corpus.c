/* How often language identification names the language of a paragraph of
 * 20 words or more, each paragraph alone and with no hint, on real
 * statements whose language is known:
 *   identify_corpus [--expect LANG] FILE...
 * The language of a file is LANG, else its name's prefix up to the first
 * '_' ("fr_..." is French, "zh-hant_..." Chinese). Files are read as rostrum
 * reads them (every format). Prints each language's paragraphs and hits,
 * the overall share, the misses (the first few of each language) and the
 * time identification took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/text.h"
#include "bench_util.h"

#define MIN_WORDS 20
#define MAX_LANGUAGES 32
#define MISSES_SHOWN 3

typedef struct tally {
    char lang[16];
    size_t paragraphs, hits, shown;
} tally;

/* The language a file's name gives: its prefix up to '_', primary subtag. */
static void language_of(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    size_t n;
    base = base ? base + 1 : path;
    n = strcspn(base, "_-.");
    if (n >= size)
        n = size - 1;
    memcpy(out, base, n);
    out[n] = '\0';
}

static tally *tally_of(tally *tallies, size_t *count, const char *lang)
{
    size_t i;
    for (i = 0; i < *count; i++)
        if (strcmp(tallies[i].lang, lang) == 0)
            return &tallies[i];
    if (*count == MAX_LANGUAGES)
        return NULL;
    memset(&tallies[*count], 0, sizeof tallies[*count]);
    snprintf(tallies[*count].lang, sizeof tallies[*count].lang, "%s", lang);
    return &tallies[(*count)++];
}

int main(int argc, char **argv)
{
    tally tallies[MAX_LANGUAGES];
    size_t tally_count = 0, paragraphs = 0, hits = 0, i;
    const char *expect = NULL;
    rs_identifier *id = rs__identifier_create(NULL);
    double spent = 0.0;
    int a = 1, failures = 0;
    if (!id)
        return 2;
    if (argc > 2 && strcmp(argv[1], "--expect") == 0) {
        expect = argv[2];
        a = 3;
    }
    for (; a < argc; a++) {
        rs_document doc;
        char err[RS__ERRMSG_SIZE], lang[16];
        size_t size = 0, b;
        char *data = slurp(argv[a], &size);
        tally *t;
        if (expect)
            snprintf(lang, sizeof lang, "%s", expect);
        else
            language_of(argv[a], lang, sizeof lang);
        t = tally_of(tallies, &tally_count, lang);
        memset(&doc, 0, sizeof doc);
        if (!data || !t || rs__read(&doc, argv[a], data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0) {
            fprintf(stderr, "%s: not read\n", argv[a]);
            failures++;
            free(data);
            continue;
        }
        for (b = 0; b < doc.block_count; b++) {
            const rs_block *block = &doc.blocks[b];
            const char *found;
            double start;
            if (block->kind != RS_BLOCK_PARAGRAPH || count_words(block->text) < MIN_WORDS)
                continue;
            start = now();
            found = rs__identify(id, block->text, strlen(block->text), NULL);
            spent += now() - start;
            t->paragraphs++;
            paragraphs++;
            if (found && rs__lang_same_primary(found, lang)) {
                t->hits++;
                hits++;
            } else if (t->shown++ < MISSES_SHOWN) {
                printf("miss %s:%zu: %s, not %s: %.70s...\n", argv[a], block->line, found ? found : "(unsure)", lang,
                       block->text);
            }
        }
        rs__document_free(&doc);
        free(data);
    }
    for (i = 0; i < tally_count; i++)
        printf("%-8s %6zu paragraphs of %d words or more, %6zu found, %6.2f%%\n", tallies[i].lang,
               tallies[i].paragraphs, MIN_WORDS, tallies[i].hits,
               tallies[i].paragraphs ? 100.0 * tallies[i].hits / tallies[i].paragraphs : 0.0);
    printf("all      %6zu paragraphs, %6zu found, %6.2f%%, identification %.3f s of processor time\n", paragraphs, hits,
           paragraphs ? 100.0 * hits / paragraphs : 0.0, spent);
    rs__identifier_destroy(id);
    return failures ? 1 : 0;
}
