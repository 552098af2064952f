/* Fuzz target: the DOCX reader. Bytes that begin like a zip go to the
 * reader as they are (the zip layer: truncation, bad headers, bombs);
 * any other bytes are the body's word/document.xml, zipped here with a
 * styles part so that the walk over paragraphs, runs, styles and labels
 * is what gets explored. */
#include "fuzz.h"
#include "../tests/docx_zip.h"

static const char styles[] =
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:styleId=\"H\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"S\"/></w:style>"
    "<w:style w:styleId=\"S\"><w:rPr><w:b/></w:rPr><w:basedOn w:val=\"H\"/></w:style>"
    "<w:style w:styleId=\"I\"><w:rPr><w:i/></w:rPr><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style></w:styles>";

static void check(const char *zip, size_t len)
{
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    size_t i;
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    if (rs__read_docx(&doc, "fuzz.docx", zip, len, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) != 0) {
        if (!err[0] || doc.block_count != 0)
            abort(); /* a failure always says why, and leaves nothing */
        return;
    }
    if (doc.statement_count == 0 || doc.block_count == 0)
        abort();
    for (i = 0; i < doc.block_count; i++) {
        const rs_block *b = &doc.blocks[i];
        if (!b->text[0] || b->statement >= doc.statement_count)
            abort();
    }
    rs__document_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    docx_part parts[2] = {{"word/document.xml", (const char *)data, size},
                          {"word/styles.xml", styles, sizeof styles - 1}};
    char *zip = NULL;
    size_t len = 0;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        check((const char *)data, size);
        return 0;
    }
    if (docx_zip(parts, 2, &zip, &len) != 0)
        abort();
    check(zip, len);
    free(zip);
    return 0;
}
