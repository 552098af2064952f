/* Fuzz target: the HTML reader and libxml2's HTML parser under it, on any
 * bytes: tag soup, broken encodings, deep nesting, labels and furniture
 * in every shape. A failure says why and leaves nothing; a page read gives
 * statements that cover its blocks in order. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rs_reader *reader = rs__input_find("html");
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    if (reader->read(&doc, "<stdin>", (const char *)data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0) {
        if (!err[0] || doc.block_count || doc.statement_count)
            abort();
        return 0;
    }
    if (doc.statement_count == 0 || !doc.structured)
        abort();
    for (i = 0; i < doc.block_count; i++) {
        const rs_block *b = &doc.blocks[i];
        if (!fuzz_is_text((const uint8_t *)b->text, strlen(b->text)) || !b->text[0] ||
            b->statement >= doc.statement_count || b->line_count != 1 || b->line == 0)
            abort();
    }
    for (i = 0; i < doc.statement_count; i++) {
        const rs_statement *st = &doc.statements[i];
        size_t k;
        if (st->block_count == 0 || st->first_block + st->block_count > doc.block_count)
            abort();
        if (i > 0 && st->first_block != doc.statements[i - 1].first_block + doc.statements[i - 1].block_count)
            abort(); /* statements cover the blocks in order */
        for (k = st->first_block; k < st->first_block + st->block_count; k++)
            if (doc.blocks[k].statement != i)
                abort();
    }
    for (i = 0; i < doc.removed_count; i++)
        if (!doc.removed[i].text || !doc.removed[i].why)
            abort();
    rs__document_free(&doc);
    return 0;
}
