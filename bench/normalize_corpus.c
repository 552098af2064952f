/* Reads, identifies the languages of and normalizes every text file named
 * on the command line in one process, as rostrum text does, and prints the
 * processor time it took, the words it
 * read, and what is left that should not be spoken: markup characters,
 * page furniture lines and stage directions. A non-zero exit status means
 * a file could not be read (but never a crash or a hang). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/text.h"
#include "bench_util.h"

static int has_furniture(const char *s)
{
    /* "15-29431 41/51" and "A/70/PV.16 29/09/2015" as they appear in records */
    const char *p;
    for (p = s; (p = strstr(p, "/PV.")) != NULL; p++)
        return 1;
    for (p = s; *p; p++) {
        if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == '-' && strspn(p + 3, "0123456789") == 5)
            return 1;
    }
    return 0;
}

/* The languages the document does not give, found as rostrum finds them
 * (the normalizer below still reads every paragraph as English). */
static int identify(rs_document *doc, rs_identifier *id, double *spent)
{
    double start = now();
    int rc = rs__identify_document(doc, id, doc->language);
    *spent += now() - start;
    return rc;
}

int main(int argc, char **argv)
{
    rs_lexicon *lex = NULL;
    rs_identifier *id = rs__identifier_create(NULL);
    char err[RS__ERRMSG_SIZE];
    double total = 0.0, identifying = 0.0;
    size_t words = 0, paragraphs = 0, markup = 0, furniture = 0, directions = 0, bytes = 0;
    int i, failures = 0;
    const char *data_dir = getenv("ROSTRUM_DATA_DIR");
    char path[4096];
    if (!id || rs__lexicon_create(&lex) != 0)
        return 2;
    if (data_dir) {
        size_t size;
        char *text;
        snprintf(path, sizeof path, "%s/voices/en.lexicon", data_dir);
        text = slurp(path, &size);
        if (text) {
            text[size] = '\0';
            rs__lexicon_parse(lex, path, text, err, sizeof err);
            free(text);
        }
    }
    rs__lexicon_index(lex);
    for (i = 1; i < argc; i++) {
        rs_document doc;
        rs_plan plan;
        rs_norm_context ctx = {"en", lex, 0};
        rs_plan_options po = {ROSTRUM_CHAPTERS_PARAGRAPH, 1000, 0, 0};
        size_t size, k;
        char *data = slurp(argv[i], &size);
        double start;
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            failures++;
            continue;
        }
        data[size] = '\0';
        bytes += size;
        words += count_words(data);
        memset(&doc, 0, sizeof doc);
        start = now();
        if (rs__read(&doc, argv[i], data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0 ||
            identify(&doc, id, &identifying) != 0 || rs__plan_build(&plan, &doc, &ctx, NULL, &po) != 0) {
            fprintf(stderr, "%s\n", err);
            failures++;
            rs__document_free(&doc);
            free(data);
            continue;
        }
        total += now() - start;
        for (k = 0; k < plan.count; k++) {
            const char *t = plan.segments[k].text;
            paragraphs++;
            markup += strpbrk(t, "#*_`|<>") != NULL;
            furniture += has_furniture(t);
            directions += strstr(t, "(spoke in") != NULL || strstr(t, "[Applause") != NULL ||
                          strstr(t, "(Applause") != NULL;
        }
        rs__plan_free(&plan);
        rs__document_free(&doc);
        free(data);
    }
    rs__lexicon_destroy(lex);
    rs__identifier_destroy(id);
    printf("files %d, %zu bytes, %zu words, %zu paragraphs\n", argc - 1 - failures, bytes, words, paragraphs);
    printf("read + identify + normalize: %.3f s of processor time (%.0f words per second), of which identify %.3f s\n",
           total, total > 0 ? words / total : 0.0, identifying);
    printf("paragraphs with a markup character: %zu, with page furniture: %zu, with a stage direction: %zu\n", markup,
           furniture, directions);
    return failures ? 1 : 0;
}
