/* The document model that every reader fills: where a block's text came
 * from in the input, and freeing what a reader made. Pure. */
#include <string.h>

#include "input/input.h"
#include "text/text.h"

size_t rs__block_source_at(const rs_block *block, size_t offset)
{
    size_t i, at = block->offset;
    for (i = 0; i < block->line_count && block->line_starts[i] <= offset; i++)
        at = block->line_sources[i] + (offset - block->line_starts[i]);
    return at;
}

size_t rs__block_line_at(const rs_block *block, size_t offset)
{
    size_t i, line = block->line;
    for (i = 0; i < block->line_count && block->line_starts[i] <= offset; i++)
        line = block->line_numbers[i];
    return line;
}

void rs__document_free(rs_document *doc)
{
    size_t i;
    if (!doc)
        return;
    for (i = 0; i < doc->block_count; i++) {
        rs__free(doc->blocks[i].text);
        rs__free(doc->blocks[i].line_starts);
        rs__free(doc->blocks[i].line_numbers);
        rs__free(doc->blocks[i].line_sources);
        rs__free(doc->blocks[i].lang);
        rs__free(doc->blocks[i].voice);
    }
    rs__statements_free(doc);
    rs__free(doc->blocks);
    for (i = 0; i < doc->removed_count; i++)
        rs__free(doc->removed[i].text);
    rs__free(doc->removed);
    rs__free(doc->title);
    rs__free(doc->speaker);
    rs__free(doc->session);
    rs__free(doc->date);
    rs__free(doc->language);
    rs__free(doc->voice);
    memset(doc, 0, sizeof *doc);
}
