/* The input formats in one table: name, extensions, sniffer and reader of
 * each, and the detection that picks a row for a file. Pure. */
#include <string.h>
#include <strings.h>

#include "input/input.h"

static const char *const text_extensions[] = {".txt", NULL};
static const char *const markdown_extensions[] = {".md", ".markdown", NULL};
static const char *const pdf_extensions[] = {".pdf", NULL};
static const char *const docx_extensions[] = {".docx", NULL};
static const char *const doc_extensions[] = {".doc", NULL};
static const char *const html_extensions[] = {".html", ".htm", NULL};
static const char *const xml_extensions[] = {".xml", NULL};
static const char *const akn_extensions[] = {".akn", ".xml", NULL};
static const char *const tei_extensions[] = {".tei", ".xml", NULL};

/* A new format is a reader file and a row here. A tie goes to the earlier
 * row (see rs__input_detect), and the first row takes any bytes: plain
 * text, whose reader says what it cannot read. Markdown and text share a
 * reader today; the rows keep their names and extensions apart for
 * --format and for batch's search. */
static const rs_reader readers[] = {
    {"text", "UTF-8 text", text_extensions, "text/plain", rs__sniff_text, rs__read_text},
    {"markdown", "Markdown", markdown_extensions, "text/markdown", rs__sniff_markdown, rs__read_text},
    {"pdf", "PDF (its text layer)", pdf_extensions, "application/pdf", rs__sniff_pdf, rs__read_pdf},
    {"docx", "Word DOCX", docx_extensions, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     rs__sniff_docx, rs__read_docx},
    /* old binary Word: refused with the way to convert it */
    {"doc", "old binary Word .doc (refused: save it as .docx)", doc_extensions, "application/msword", rs__sniff_doc,
     rs__read_doc},
    {"html", "HTML page of a report or stenogram", html_extensions, "text/html", rs__sniff_html, rs__read_html},
    {"tei", "ParlaMint / Parla-CLARIN TEI", tei_extensions, "application/tei+xml", rs__sniff_tei, rs__read_tei},
    {"akn", "Akoma Ntoso debate", akn_extensions, "application/akn+xml", rs__sniff_akn, rs__read_akn},
    {"parlparse", "ParlParse / TheyWorkForYou XML", xml_extensions, "application/xml", rs__sniff_parlparse,
     rs__read_parlparse},
    /* last: XML that none of the above takes, refused with its root named */
    {"xml", "XML of another vocabulary (refused)", xml_extensions, "application/xml", rs__sniff_xml, rs__read_xml},
};
#define READER_COUNT (sizeof readers / sizeof readers[0])

size_t rs__input_count(void)
{
    return READER_COUNT;
}

const rs_reader *rs__input_at(size_t index)
{
    return index < READER_COUNT ? &readers[index] : NULL;
}

const rs_reader *rs__input_find(const char *name)
{
    size_t i;
    for (i = 0; name && i < READER_COUNT; i++)
        if (strcmp(readers[i].name, name) == 0)
            return &readers[i];
    return NULL;
}

/* Whether reader claims the extension of path: what follows the last dot of
 * its last component, compared in any case. */
static int claims(const rs_reader *reader, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = path ? strrchr(slash ? slash + 1 : path, '.') : NULL;
    size_t i;
    for (i = 0; dot && reader->extensions[i]; i++)
        if (strcasecmp(dot, reader->extensions[i]) == 0)
            return 1;
    return 0;
}

const rs_reader *rs__input_from_path(const char *path)
{
    size_t i;
    for (i = 0; i < READER_COUNT; i++)
        if (claims(&readers[i], path))
            return &readers[i];
    return NULL;
}

/* Content first, the extension as a hint: every sniffer looks at the bytes.
 * Among the readers that claim name's extension and do not refuse the bytes,
 * the surest is taken, unless another reader is certain; without such a
 * reader, the surest of all. A tie goes to the earlier row. The first row
 * takes any bytes, so there is always a reader. */
const rs_reader *rs__input_detect(const char *name, const char *data, size_t size)
{
    const rs_reader *best = &readers[0], *hinted = NULL;
    int best_score = RS_SNIFF_NO, hinted_score = RS_SNIFF_NO;
    size_t i;
    for (i = 0; i < READER_COUNT; i++) {
        int score = readers[i].sniff(data, size);
        if (score > best_score) {
            best = &readers[i];
            best_score = score;
        }
        if (score > hinted_score && claims(&readers[i], name)) {
            hinted = &readers[i];
            hinted_score = score;
        }
    }
    return hinted && (best_score < RS_SNIFF_CERTAIN || hinted_score == RS_SNIFF_CERTAIN) ? hinted : best;
}

int rs__read(rs_document *doc, const char *name, const char *data, size_t size, rostrum_paragraphs mode,
             char *errmsg, size_t errmsg_size)
{
    return rs__input_detect(name, data, size)->read(doc, name, data, size, mode, errmsg, errmsg_size);
}
