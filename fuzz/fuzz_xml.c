/* Fuzz target: the XML readers (TEI, Akoma Ntoso, ParlParse) and the safe
 * parser under them, on any bytes; the first byte picks the reader, so each
 * reader also meets the others' vocabularies. The name is "<stdin>": no
 * file beside it is looked for. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"tei", "akn", "parlparse"};
    const rs_reader *reader;
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    if (size < 1)
        return 0;
    reader = rs__input_find(names[data[0] % 3]);
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    if (reader->read(&doc, "<stdin>", (const char *)data + 1, size - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) !=
        0) {
        if (!err[0] || doc.block_count || doc.statement_count)
            abort(); /* a failure says why and leaves nothing */
        return 0;
    }
    if (doc.statement_count == 0 || !doc.structured)
        abort();
    for (i = 0; i < doc.block_count; i++) {
        const rs_block *b = &doc.blocks[i];
        if (!fuzz_is_text((const uint8_t *)b->text, strlen(b->text)) || !b->text[0] ||
            b->statement >= doc.statement_count || b->line_count != 1)
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
