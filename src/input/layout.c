/* Paragraph layout of a text file: page furniture, whether paragraphs are
 * blank-line, line-per-paragraph or wrapped, and how lines join. Pure. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/text_internal.h"
#include "text/text.h"

/* a line this long without a sentence end is text running on, not a heading */
#define LONG_LINE 60

/* ---- where sentences end and start ---- */

/* The last character of s that is not closing markup or a closing quote. */
char rs__last_meaningful(const char *s, size_t len)
{
    while (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == '*' || c == '_' || c == '`' || c == '~' || c == ')' || c == ']' || c == '"' ||
            c == '\'' || is_space((char)c)) {
            len--;
            continue;
        }
        /* closing quotes ” ’ » are multibyte; step over them */
        if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) {
            len -= 3;
            continue;
        }
        if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && c == 0xBB) {
            len -= 2;
            continue;
        }
        /* the ellipsis … ends a sentence */
        if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 && c == 0xA6)
            return '.';
        return (char)c;
    }
    return '\0';
}

int rs__ends_sentence(const char *s, size_t len)
{
    char c = rs__last_meaningful(s, len);
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

/* Code points in the first word of s. */
static size_t first_word_width(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && !is_space(s[i]))
        i++;
    return rs__utf8_count(s, i);
}

/* A line that opens with a small letter continues a sentence. */
static int starts_lowercase(const char *s, size_t len)
{
    size_t n;
    if (len == 0)
        return 0;
    return rs__cp_is_lower(rs__utf8_decode(s, &n));
}

/* ---- page furniture ---- */

/* Matches s against a tiny pattern language: 'd' one digit, 'D' one or
 * more digits, 'S' one or more spaces, '@' one capital letter, 'Y' a document symbol such as
 * A/70/PV.16 or S/2023/123 (capitals, digits, '/', '.', '-'), any other
 * character itself. The whole of s must match. */
static int matches(const char *s, size_t len, const char *pattern)
{
    size_t i = 0;
    for (; *pattern; pattern++) {
        size_t start = i;
        switch (*pattern) {
        case 'd':
            if (i >= len || s[i] < '0' || s[i] > '9')
                return 0;
            i++;
            break;
        case 'D':
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == start)
                return 0;
            break;
        case 'S':
            while (i < len && s[i] == ' ')
                i++;
            if (i == start)
                return 0;
            break;
        case '@':
            if (i >= len || s[i] < 'A' || s[i] > 'Z')
                return 0;
            i++;
            break;
        case 'Y':
            if (i >= len || s[i] < 'A' || s[i] > 'Z')
                return 0;
            while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '/' ||
                               s[i] == '.' || s[i] == '-'))
                i++;
            if (!memchr(s + start, '/', i - start))
                return 0;
            break;
        default:
            if (i >= len || s[i] != *pattern)
                return 0;
            i++;
        }
    }
    return i == len;
}

/* Page furniture of published records: job numbers with page counters
 * ("15-29431 41/51"), or with the page number before or after them and
 * the language letter of the version ("7 11-50692", "11-50692 8",
 * "24-12345 (E)"), the job number's barcode line ("N2412345",
 * "*2412345*"), document symbols with dates in running headers
 * ("A/70/PV.16 29/09/2015"), page numbers, placeholders. */
int rs__is_furniture(const char *s, size_t len)
{
    static const char *const patterns[] = {
        "dd-ddddd", "dd-dddddSD/D", "D/DSdd-ddddd", "YSdd/dd/dddd", "dd/dd/ddddSY", "D", "D/D",
        "- D -", "PageSD", "PageSDSofSD", "DSdd-ddddd", "dd-dddddSD", "dd-dddddS(@)", "dd-ddddd(@)",
        "DSdd-dddddS(@)", "dd-dddddS(@)SD", "@ddddddd", "*ddddddd*", "dd-dddddS(@)S*ddddddd*",
    };
    size_t i;
    if (len == 0 || len > 60)
        return 0;
    for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        if (matches(s, len, patterns[i]))
            return 1;
    if (len == 11 && strncasecmp(s, "placeholder", 11) == 0)
        return 1;
    return len == 13 && strncasecmp(s, "[placeholder]", 13) == 0;
}

/* Capitals count in every script, so that a running head of a Russian or
 * Polish report ("ДОКЛАД", "SPRAWOZDANIE STENOGRAFICZNE") is furniture as
 * an English one is. */
static int mostly_capitals_or_digits(const char *s, size_t len)
{
    size_t i = 0, upper = 0, lower = 0, digits = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = rs__utf8_decode(s + i, &n);
        upper += rs__cp_is_upper(cp);
        lower += rs__cp_is_lower(cp);
        digits += cp >= '0' && cp <= '9';
        i += n;
    }
    return digits > 0 || upper > 2 * lower;
}

/* Running headers: a short line without a sentence end, with digits or in
 * capitals, seen three times or more, is page furniture. Lines are compared
 * by hash in a small open-addressing table. */
static int mark_running_headers(line_info *lines, size_t count)
{
    size_t cap = 64, i;
    int pass;
    uint64_t *keys;
    unsigned *counts;
    while (cap < count * 2)
        cap *= 2;
    keys = rs__calloc(cap, sizeof *keys);
    counts = rs__calloc(cap, sizeof *counts);
    if (!keys || !counts) {
        rs__free(keys);
        rs__free(counts);
        return ROSTRUM_ENOMEM;
    }
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < count; i++) {
            line_info *l = &lines[i];
            uint64_t h;
            size_t slot;
            if (l->kind != LINE_TEXT || l->len == 0 || l->len > 80 || rs__ends_sentence(l->start, l->len) ||
                !mostly_capitals_or_digits(l->start, l->len))
                continue;
            h = rs__hash(RS__HASH_INIT, l->start, l->len) | 1;
            slot = (size_t)h & (cap - 1);
            while (keys[slot] && keys[slot] != h)
                slot = (slot + 1) & (cap - 1);
            keys[slot] = h;
            if (pass == 0)
                counts[slot]++;
            else if (counts[slot] >= 3)
                l->kind = LINE_FURNITURE;
        }
    }
    rs__free(keys);
    rs__free(counts);
    return 0;
}

/* Blank lines next to furniture belong to it: a page break must not split
 * the paragraph that runs across it. */
static void absorb_blanks_into_furniture(line_info *lines, size_t count)
{
    size_t i = 0;
    while (i < count) {
        size_t j = i;
        int has_furniture = 0;
        while (j < count && (lines[j].kind == LINE_BLANK || lines[j].kind == LINE_FURNITURE)) {
            has_furniture |= lines[j].kind == LINE_FURNITURE;
            j++;
        }
        if (has_furniture)
            for (; i < j; i++)
                lines[i].kind = LINE_FURNITURE;
        i = j > i ? j : i + 1;
    }
}

/* Remembers the furniture lines left out, for explanations. */
static int keep_removed_lines(rs_document *doc, const line_info *lines, size_t count)
{
    size_t i, n = 0;
    for (i = 0; i < count; i++)
        n += lines[i].kind == LINE_FURNITURE && lines[i].len > 0;
    if (n == 0)
        return 0;
    doc->removed = rs__calloc(n, sizeof *doc->removed);
    if (!doc->removed)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < count; i++) {
        rs_removed_line *r = &doc->removed[doc->removed_count];
        if (lines[i].kind != LINE_FURNITURE || lines[i].len == 0)
            continue;
        r->line = lines[i].number;
        r->text = rs__strndup(lines[i].start, lines[i].len);
        if (!r->text)
            return ROSTRUM_ENOMEM;
        doc->removed_count++;
    }
    return 0;
}

/* ---- the layout ---- */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Decides how paragraphs are laid out in the file: hard-wrapped lines,
 * one paragraph per line, or blocks separated by blank lines. */
static int detect_layout(const line_info *lines, size_t count, rs_layout *layout, size_t *width)
{
    size_t *lens;
    size_t n = 0, adjacent = 0, runs = 0, near = 0;
    size_t i, p90, limit;
    int in_run = 0;
    lens = rs__malloc((count ? count : 1) * sizeof *lens);
    if (!lens)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < count; i++) {
        size_t next = i + 1;
        if (lines[i].kind == LINE_FURNITURE)
            continue; /* a page break does not end a run of lines */
        if (lines[i].kind != LINE_TEXT) {
            in_run = 0;
            continue;
        }
        lens[n++] = lines[i].width;
        if (!in_run)
            runs++;
        in_run = 1;
        while (next < count && lines[next].kind == LINE_FURNITURE)
            next++;
        if (next < count && lines[next].kind == LINE_TEXT)
            adjacent++;
    }
    *layout = RS_LAYOUT_BLANK;
    *width = 0;
    if (n == 0)
        goto done;
    qsort(lens, n, sizeof *lens, cmp_size);
    p90 = lens[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
    for (i = 0; i < n; i++)
        if (lens[i] * 4 >= p90 * 3)
            near++;
    if (n >= 4 && p90 >= 30 && p90 <= 110 && near * 2 >= n && adjacent * 2 >= n) {
        *layout = RS_LAYOUT_WRAPPED;
        limit = p90 + p90 / 8;
        for (i = 0; i < n; i++)
            if (lens[i] <= limit && lens[i] > *width)
                *width = lens[i];
        goto done;
    }
    /* runs of three lines or more on average, not wrapped: one paragraph a
     * line; otherwise blank lines separate paragraphs and runs are joined */
    if (n >= runs * 3)
        *layout = RS_LAYOUT_LINE;
done:
    rs__free(lens);
    return 0;
}

/* Page furniture first, since the layout is judged without it. */
int rs__find_layout(rs_document *doc, line_info *lines, size_t count, rostrum_paragraphs mode, size_t *width)
{
    rs_layout layout;
    int rc = mark_running_headers(lines, count);
    if (rc)
        return rc;
    absorb_blanks_into_furniture(lines, count);
    rc = keep_removed_lines(doc, lines, count);
    if (rc)
        return rc;
    rc = detect_layout(lines, count, &layout, width);
    if (rc)
        return rc;
    if (mode == ROSTRUM_PARAGRAPHS_BLANK)
        layout = RS_LAYOUT_BLANK;
    else if (mode == ROSTRUM_PARAGRAPHS_LINE)
        layout = RS_LAYOUT_LINE;
    doc->layout = layout;
    return 0;
}

/* ---- where paragraphs break ---- */

/* Page furniture is skipped; the paragraph goes on across it unless the
 * text before ended a sentence and the text after starts a new one. */
int rs__furniture_ends_paragraph(const reader *r, const line_info *lines, size_t at, size_t count)
{
    size_t next = at + 1;
    while (next < count && lines[next].kind == LINE_FURNITURE)
        next++;
    return r->last_line && rs__ends_sentence(r->last_line->start, r->last_line->len) &&
           !(next < count && starts_lowercase(lines[next].start, lines[next].len));
}

/* Whether a text line continues the open paragraph under the layout. */
int rs__continues_paragraph(const reader *r, const line_info *l, rs_layout layout, size_t width)
{
    const line_info *prev = r->last_line;
    rs_turn turn;
    if (!r->current_open || !prev)
        return 0;
    /* a speaker turn after a finished sentence opens a paragraph */
    if (rs__ends_sentence(prev->start, prev->len) && rs__find_turn(l->start, l->len, &turn) && !turn.weak)
        return 0;
    if (prev->kind != LINE_TEXT && !r->current_is_list && prev->kind != LINE_ORDERED)
        return 0;
    switch (layout) {
    case RS_LAYOUT_BLANK:
        return 1;
    case RS_LAYOUT_LINE:
        if (rs__ends_sentence(prev->start, prev->len))
            return 0;
        if (starts_lowercase(l->start, l->len))
            return 1;
        /* a long line that stops in the middle of a phrase ("If we want
         * our") runs on even into a capital ("Organization ..."); short
         * lines without a full stop are headings or salutations */
        return prev->width >= LONG_LINE && prev->len > 0 &&
               rs__is_alpha_byte((unsigned char)prev->start[prev->len - 1]);
    case RS_LAYOUT_WRAPPED:
        if (l->indent >= 2 && prev->indent < 2 && prev->kind == LINE_TEXT)
            return 0; /* an indented first line opens a paragraph */
        if (!rs__ends_sentence(prev->start, prev->len))
            return 1;
        /* the next word would have fitted on the previous line: the author
         * broke the line on purpose */
        return prev->width + 1 + first_word_width(l->start, l->len) > width;
    }
    return 1;
}

/* ---- joining lines ---- */

/* Collects every word (letters, digits and inner hyphens) of the text lines;
 * "capacity-building" adds itself and its parts. */
int rs__word_set_build(rs_hashset *set, const line_info *lines, size_t count)
{
    size_t i;
    set->cap = 1024;
    set->count = 0;
    set->failed = 0;
    set->keys = rs__calloc(set->cap, sizeof *set->keys);
    if (!set->keys)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < count; i++) {
        const char *s = lines[i].start;
        size_t len = lines[i].len, k = 0;
        if (!(lines[i].kind == LINE_TEXT || lines[i].kind == LINE_ORDERED || lines[i].kind == LINE_BULLET))
            continue;
        while (k < len) {
            size_t start, part;
            while (k < len && !rs__is_word_byte((unsigned char)s[k]))
                k++;
            start = part = k;
            while (k < len && (rs__is_word_byte((unsigned char)s[k]) ||
                               (s[k] == '-' && k + 1 < len && rs__is_word_byte((unsigned char)s[k + 1]) && k > start))) {
                if (s[k] == '-') {
                    rs__hashset_add(set, rs__hash_caseless(s + part, k - part, RS__HASH_INIT));
                    part = k + 1;
                }
                k++;
            }
            if (k > start) {
                /* the last word of a line ending in "-" is a fragment, not evidence */
                if (k < len && s[k] == '-' && k + 1 == len)
                    continue;
                rs__hashset_add(set, rs__hash_caseless(s + start, k - start, RS__HASH_INIT));
                if (part > start)
                    rs__hashset_add(set, rs__hash_caseless(s + part, k - part, RS__HASH_INIT));
            }
        }
    }
    return set->failed ? ROSTRUM_ENOMEM : 0;
}

/* A word split at a line end: "imple-" + "mentation" is one word, while
 * "capacity-" + "building" keeps its hyphen. The document decides where it
 * can (is "implementation" or "capacity-building" written elsewhere?);
 * otherwise a left part that is a word of its own means a compound. */
static int keep_line_end_hyphen(const reader *r, const char *left, size_t left_len, const char *right, size_t right_len)
{
    uint64_t joined = rs__hash_caseless(right, right_len, rs__hash_caseless(left, left_len, RS__HASH_INIT));
    uint64_t hyphenated = rs__hash_caseless(right, right_len, rs__hash_caseless("-", 1, rs__hash_caseless(left, left_len, RS__HASH_INIT)));
    if (rs__hashset_has(r->words, joined))
        return 0;
    if (rs__hashset_has(r->words, hyphenated))
        return 1;
    {
        /* English prefixes that keep their hyphen (self-determination) */
        static const char *const prefixes[] = {"self", "non", "ex", "all", "cross", "half", "well", "vice", "quasi",
                                               "semi"};
        size_t k;
        for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
            if (strlen(prefixes[k]) == left_len && strncasecmp(prefixes[k], left, left_len) == 0)
                return 1;
    }
    return left_len >= 2 && rs__hashset_has(r->words, rs__hash_caseless(left, left_len, RS__HASH_INIT)) &&
           rs__hashset_has(r->words, rs__hash_caseless(right, right_len, RS__HASH_INIT));
}

/* A line joins the one before with a space, except after a line-end
 * hyphen before a small letter: "capacity-" + "building" keeps the hyphen
 * and "imple-" + "mentation" loses it. */
int rs__join_line(reader *r, const line_info *l)
{
    rs_buf *b = &r->current;
    int hyphen_join;
    if (b->len == 0)
        return 0;
    hyphen_join = b->len >= 2 && b->data[b->len - 1] == '-' &&
                  rs__is_alpha_byte((unsigned char)b->data[b->len - 2]) && starts_lowercase(l->start, l->len);
    if (hyphen_join) {
        size_t left_end = b->len - 1, left = left_end, right = 0;
        while (left > 0 && rs__is_word_byte((unsigned char)b->data[left - 1]))
            left--;
        while (right < l->len && rs__is_word_byte((unsigned char)l->start[right]))
            right++;
        if (!keep_line_end_hyphen(r, b->data + left, left_end - left, l->start, right))
            b->len--; /* drop the hyphen: one word */
        return 0;
    }
    return rs__buf_putc(b, ' ') != 0 ? ROSTRUM_ENOMEM : 0;
}
