/* Fuzz target: the normalizer of en, fr and es on any valid UTF-8 (and its
 * map back to the text, and the sentences of its result), with the
 * built-in lexicon or none, and the planner on the same bytes read as a
 * document (chapter names, announcements, the chapter limit). The first
 * byte picks the language, the flags and the plan's options. */
#include "fuzz.h"

static const char *const languages[] = {"en", "fr", "es"};
static rs_lexicon *lexicons[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i;
    (void)argc;
    (void)argv;
    for (i = 0; i < 3; i++)
        lexicons[i] = fuzz_builtin_lexicon(languages[i]);
    return 0;
}

/* The context of a statement whose heading names a language ({lang=fr}),
 * as the cast gives it the voice of that language. */
static const rs_norm_context *statement_context(const rs_statement *st, const rs_norm_context *base,
                                                const rs_norm_context *by_language)
{
    size_t i;
    if (!st->lang)
        return base;
    for (i = 0; i < 3; i++)
        if (strncmp(st->lang, languages[i], 2) == 0)
            return &by_language[i];
    return base;
}

static void plan(const char *text, size_t len, unsigned flags, const rs_norm_context *base)
{
    static const rostrum_chapters chapters[] = {ROSTRUM_CHAPTERS_AUTO, ROSTRUM_CHAPTERS_PARAGRAPH,
                                                ROSTRUM_CHAPTERS_HEADING, ROSTRUM_CHAPTERS_STATEMENT};
    rs_norm_context by_language[3];
    const rs_norm_context **contexts;
    rs_document doc;
    rs_plan p;
    rs_plan_options po;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    memset(&doc, 0, sizeof doc);
    if (rs__read(&doc, "fuzz.md", text, len, (rostrum_paragraphs)(flags % 3), err, sizeof err) != 0)
        return;
    for (i = 0; i < 3; i++) {
        by_language[i] = *base;
        by_language[i].language = languages[i];
        by_language[i].lexicon = base->lexicon ? lexicons[i] : NULL;
    }
    contexts = calloc(doc.statement_count, sizeof *contexts);
    if (!contexts)
        abort();
    for (i = 0; i < doc.statement_count; i++)
        contexts[i] = statement_context(&doc.statements[i], base, by_language);
    memset(&po, 0, sizeof po);
    po.chapters = chapters[(flags >> 2) & 3];
    po.max_chapters = (flags & 0x10) ? 2 : RS__MAX_CHAPTERS;
    po.explain = 1;
    po.announce = !(flags & 0x20);
    po.block_contexts = NULL;
    if (rs__plan_build(&p, &doc, base, contexts, &po) == 0) {
        size_t opened = 0;
        for (i = 0; i < p.count; i++) {
            const rs_segment *seg = &p.segments[i];
            if (!seg->text[0] || seg->statement >= doc.statement_count)
                abort();
            opened += seg->opens_chapter;
            if (seg->opens_chapter && !seg->chapter_name)
                abort();
        }
        if (opened != p.chapter_count || opened > po.max_chapters)
            abort();
        rs__plan_free(&p);
    }
    free(contexts);
    rs__document_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_norm_context ctx;
    rs_change_list changes = {0};
    char *text, *spoken;
    unsigned flags;
    size_t i;
    if (size < 2 || !fuzz_is_text(data + 2, size - 2))
        return 0;
    flags = data[0];
    memset(&ctx, 0, sizeof ctx);
    ctx.language = languages[(flags & 3) % 3];
    ctx.lexicon = (flags & 4) ? NULL : lexicons[(flags & 3) % 3];
    ctx.display = (flags & 8) != 0;
    ctx.read_directions = (flags & 0x10) != 0;
    text = fuzz_cstring(data + 2, size - 2);
    spoken = rs__normalize(text, &ctx, (flags & 0x20) ? &changes : NULL);
    if (!spoken)
        abort();
    if (!fuzz_is_text((const uint8_t *)spoken, strlen(spoken)))
        abort();
    for (i = 0; i < changes.count; i++)
        if (changes.items[i].start > changes.items[i].end || changes.items[i].end > strlen(text))
            abort();
    /* with the map back to the text: the same result, every byte from a
     * span of the text; and the sentences of the result lie in it */
    {
        rs_span *map = NULL, *sentences = NULL;
        char *mapped = rs__normalize_mapped(text, &ctx, NULL, &map);
        size_t count;
        if (!mapped || !map || strcmp(mapped, spoken) != 0)
            abort();
        for (i = 0; mapped[i]; i++)
            if (map[i].start >= map[i].end || map[i].end > strlen(text))
                abort();
        count = rs__split_sentences(mapped, &sentences);
        for (i = 0; count != (size_t)-1 && i < count; i++)
            if (sentences[i].start >= sentences[i].end || sentences[i].end > strlen(mapped) ||
                (i > 0 && sentences[i].start < sentences[i - 1].end))
                abort();
        free(sentences);
        free(map);
        free(mapped);
    }
    rs__changes_free(&changes);
    free(spoken);
    free(text);
    /* the second byte: the plan's options */
    ctx.display = 0;
    plan((const char *)data + 2, size - 2, data[1], &ctx);
    return 0;
}
