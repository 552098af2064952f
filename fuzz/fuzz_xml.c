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
    int rc;
    if (size < 1)
        return 0;
    reader = rs__input_find(names[data[0] % 3]);
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    rc = reader->read(&doc, "<stdin>", (const char *)data + 1, size - 1,
                      ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    fuzz_check_structured(rc, &doc, err, 0);
    return 0;
}
