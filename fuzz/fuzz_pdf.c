/* Fuzz target: the PDF reader (poppler's parser, then the layout: lines,
 * furniture, columns, paragraphs, hyphens) on any bytes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    if (rs__read_pdf(&doc, "fuzz.pdf", (const char *)data, size, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0) {
        if (!err[0] || doc.block_count != 0)
            abort(); /* a failure always says why, and leaves nothing */
        return 0;
    }
    if (doc.statement_count == 0 || doc.block_count == 0)
        abort();
    for (i = 0; i < doc.block_count; i++) {
        const rs_block *b = &doc.blocks[i];
        if (!fuzz_is_text((const uint8_t *)b->text, strlen(b->text)) || b->statement >= doc.statement_count ||
            b->page == 0)
            abort();
    }
    for (i = 0; i < doc.removed_count; i++)
        if (!doc.removed[i].text || doc.removed[i].page == 0)
            abort();
    rs__document_free(&doc);
    return 0;
}
