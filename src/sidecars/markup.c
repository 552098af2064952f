/* Text escaped for the markup the sidecars write: the EPUB's XML, the
 * listening page's HTML and WebVTT cues, through one function. Pure. */
#include <string.h>

#include "sidecars/sidecars.h"

/* What stands for a byte of s in the markup: NULL for the byte itself, ""
 * for nothing. */
static const char *replacement(unsigned char c, unsigned how)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return how & RS__MARKUP_QUOTES ? "&quot;" : NULL;
    case '\'': return how & RS__MARKUP_QUOTES ? "&#39;" : NULL;
    case '\n': return how & RS__MARKUP_ONE_LINE ? " " : NULL;
    case '\t':
    case '\r': return NULL;
    default:
        /* XML 1.0 allows no other control character, not even as a
         * reference */
        return c < 0x20 && (how & RS__MARKUP_XML_CHARS) ? "" : NULL;
    }
}

/* The bytes that need nothing go out in runs, not one by one: a page's
 * transcript is most of what it escapes. */
void rs__markup_escape(rs_buf *out, const char *s, unsigned how)
{
    const char *run = s;
    if (!s)
        return;
    for (; *s; s++) {
        const char *instead = replacement((unsigned char)*s, how);
        if (!instead)
            continue;
        if (s > run)
            rs__buf_append(out, run, (size_t)(s - run));
        if (instead[0])
            rs__buf_puts(out, instead);
        run = s + 1;
    }
    if (s > run)
        rs__buf_append(out, run, (size_t)(s - run));
}
