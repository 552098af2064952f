/* Fuzz target: the reader (front matter, Markdown, layouts, page furniture,
 * speaker turns) on any bytes, in the paragraphs mode the first byte picks. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rostrum_paragraphs modes[] = {ROSTRUM_PARAGRAPHS_AUTO, ROSTRUM_PARAGRAPHS_BLANK,
                                               ROSTRUM_PARAGRAPHS_LINE};
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    if (size < 1)
        return 0;
    memset(&doc, 0, sizeof doc);
    if (rs__read(&doc, "fuzz.md", (const char *)data + 1, size - 1, modes[data[0] % 3], err, sizeof err) != 0) {
        if (!err[0])
            abort(); /* a failure always says why */
        return 0;
    }
    /* what the later stages rely on */
    if (doc.statement_count == 0)
        abort();
    for (i = 0; i < doc.block_count; i++) {
        const rs_block *b = &doc.blocks[i];
        size_t len = strlen(b->text), k;
        if (!fuzz_is_text((const uint8_t *)b->text, len) || b->statement >= doc.statement_count)
            abort();
        for (k = 0; k <= len; k += 7)
            (void)rs__block_line_at(b, k);
    }
    for (i = 0; i < doc.statement_count; i++) {
        const rs_statement *st = &doc.statements[i];
        if (st->first_block + st->block_count > doc.block_count)
            abort();
        if (st->heading_block != SIZE_MAX && st->heading_block >= doc.block_count)
            abort();
    }
    rs__document_free(&doc);
    return 0;
}
