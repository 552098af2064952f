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
    int rc;
    memset(&doc, 0, sizeof doc);
    err[0] = '\0';
    rc = reader->read(&doc, "<stdin>", (const char *)data, size,
                      ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    fuzz_check_structured(rc, &doc, err, 1);
    return 0;
}
