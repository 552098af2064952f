/* The PDF reader's layout: from the lines poppler gives, page furniture,
 * footnotes, columns, paragraphs and line-end hyphens, then the blocks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/input.h"
#include "input/pdf_internal.h"
#include "text/text.h"

/* ---- page furniture ---- */

/* A line's furniture key: its text with every run of digits as one '#', so
 * that "2" and "3", or "A/79/PV.5 26/09/2024" on two pages, are the same. */
static uint64_t furniture_key(const char *s, size_t len)
{
    uint64_t h = RS__HASH_INIT;
    size_t i = 0;
    while (i < len) {
        if (s[i] >= '0' && s[i] <= '9') {
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
            h = rs__hash(h, "#", 1);
            continue;
        }
        h = rs__hash(h, s + i, 1);
        i++;
    }
    return h | 1;
}

/* A page number as published: "7", "- 7 -", "Page 7", "Page 7 of 18",
 * "7/18", "vii". */
static int is_page_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0, letters = 0;
    if (len > 20)
        return 0;
    if (len >= 5 && strncasecmp(s, "page ", 5) == 0)
        i = 5;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (strchr("ivxlcIVXLC", c) && digits == 0)
            letters++;
        else if (!strchr(" -/|.", c) && !(len - i >= 2 && strncmp(s + i, "of", 2) == 0 && (i++, 1)))
            return 0;
    }
    return digits > 0 || (letters > 0 && letters <= 6 && len <= 8);
}

/* Whether line index i is among the three top-most or bottom-most lines of
 * its page, in its top or bottom eighth: where running heads, page numbers,
 * job numbers and document symbols stand. */
static int in_margin(const pdf_lines *lines, size_t i)
{
    const pdf_line *l = &lines->items[i];
    size_t j, above = 0, below = 0, first = i, end = i;
    int top = l->y1 < l->page_height * 0.125, bottom = l->y0 > l->page_height * 0.875;
    if (!top && !bottom)
        return 0;
    while (first > 0 && lines->items[first - 1].page == l->page)
        first--;
    while (end < lines->count && lines->items[end].page == l->page)
        end++;
    for (j = first; j < end; j++) {
        const pdf_line *o = &lines->items[j];
        if (j == i)
            continue;
        above += o->y1 <= l->y0 + 0.5;
        below += o->y0 >= l->y1 - 0.5;
    }
    return (top && above < 3) || (bottom && below < 3);
}

typedef struct keyed {
    uint64_t key;
    size_t index;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->index > y->index) - (x->index < y->index);
}

/* Running heads and feet repeat from page to page (the same text, numbers
 * aside) in the margins; page numbers stand there alone. Both are marked
 * as furniture; with one page nothing repeats, and only page numbers go.
 * A line that also stands among the text ("President,") is text that
 * happened to fall at the foot of pages. Lines are grouped by key through
 * a sort, so that a long document costs n log n. */
int rs__pdf_mark_furniture(pdf_lines *lines, size_t page_count)
{
    keyed *keys;
    int *margin;
    size_t i, j, need = page_count >= 2 ? (page_count + 3) / 4 : SIZE_MAX;
    if (need < 2)
        need = 2;
    keys = rs__calloc(lines->count + 1, sizeof *keys);
    margin = rs__calloc(lines->count + 1, sizeof *margin);
    if (!keys || !margin) {
        rs__free(keys);
        rs__free(margin);
        return ROSTRUM_ENOMEM;
    }
    for (i = 0; i < lines->count; i++) {
        margin[i] = in_margin(lines, i);
        keys[i].key = furniture_key(lines->items[i].text, lines->items[i].len);
        keys[i].index = i;
    }
    qsort(keys, lines->count, sizeof *keys, by_key);
    for (i = 0; i < lines->count; i = j) {
        size_t pages = 0, last_page = 0, k;
        int in_text = 0;
        for (j = i; j < lines->count && keys[j].key == keys[i].key; j++) {
            const pdf_line *l = &lines->items[keys[j].index];
            in_text |= !margin[keys[j].index];
            if (margin[keys[j].index] && l->page != last_page) {
                pages++;
                last_page = l->page;
            }
        }
        for (k = i; k < j; k++) {
            pdf_line *l = &lines->items[keys[k].index];
            if (!margin[keys[k].index])
                continue;
            if (is_page_number(l->text, l->len)) {
                l->kind = PDF_FURNITURE;
                l->why = "page, job or date number in the margin";
            } else if (!in_text && pages >= need) {
                l->kind = PDF_FURNITURE;
                l->why = "running head or foot repeated across pages";
            }
        }
    }
    rs__free(keys);
    rs__free(margin);
    return 0;
}

/* Footnotes: the lines at the foot of a page set clearly smaller than the
 * text, in the lower half of the page, below the body. */
static void mark_footnotes(pdf_lines *lines, double body_height)
{
    size_t i = lines->count;
    while (i > 0) {
        size_t page = lines->items[i - 1].page, end = i, first;
        size_t k;
        /* the page's lines are [first, end) */
        first = end;
        while (first > 0 && lines->items[first - 1].page == page)
            first--;
        /* from the bottom-most up, skipping furniture */
        for (;;) {
            size_t bottom = SIZE_MAX;
            for (k = first; k < end; k++) {
                pdf_line *l = &lines->items[k];
                if (l->kind != PDF_BODY)
                    continue;
                if (bottom == SIZE_MAX || l->y0 > lines->items[bottom].y0)
                    bottom = k;
            }
            if (bottom == SIZE_MAX)
                break;
            {
                pdf_line *l = &lines->items[bottom];
                if (l->height > body_height * 0.85 || l->y0 < l->page_height * 0.5)
                    break;
                l->kind = PDF_FOOTNOTE;
                l->why = "footnote";
            }
        }
        i = first;
    }
}

/* ---- columns ---- */

static int line_crosses(const pdf_line *l, double x)
{
    return l->x0 < x && l->x1 > x;
}

/* A gutter of a page of [first, end): an x that no line crosses with lines
 * on both sides of it standing side by side (overlapping in height), or a
 * negative number when the page is one column. Lines that cross it (a
 * heading over both columns) are allowed. */
static double find_gutter(const pdf_line *lines, size_t first, size_t end)
{
    size_t i, j, k;
    for (i = first; i < end; i++) {
        double x = lines[i].x1 + 0.5;
        int crossed = 0, side_by_side = 0;
        if (lines[i].kind != PDF_BODY)
            continue;
        for (k = first; k < end && !crossed; k++)
            crossed = lines[k].kind == PDF_BODY && line_crosses(&lines[k], x) &&
                      (lines[k].x1 - lines[k].x0) < (lines[i].x1 - lines[i].x0) * 1.5;
        if (crossed)
            continue;
        for (j = first; j < end && !side_by_side; j++)
            side_by_side = lines[j].kind == PDF_BODY && lines[j].x0 > x && lines[j].y0 < lines[i].y1 &&
                           lines[j].y1 > lines[i].y0;
        if (side_by_side)
            return x;
    }
    return -1;
}

static const pdf_line *sort_base;

static int by_top(const void *a, const void *b)
{
    const pdf_line *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
    if (x->y0 != y->y0)
        return (x->y0 > y->y0) - (x->y0 < y->y0);
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* Poppler's reading order does not always take the columns of a page in
 * turn. Where a page has a gutter, its lines are read band by band (a line
 * across the gutter ends a band): the first column from top to bottom, then
 * the other (the right one first when the page is written right to left).
 * Lines are numbered again in the order they are read. */
int rs__pdf_order_columns(pdf_lines *lines)
{
    size_t first = 0, i;
    size_t *order = rs__malloc((lines->count + 1) * sizeof *order);
    pdf_line *copy = rs__malloc((lines->count + 1) * sizeof *copy);
    if (!order || !copy) {
        rs__free(order);
        rs__free(copy);
        return ROSTRUM_ENOMEM;
    }
    while (first < lines->count) {
        size_t end = first, n = 0, out = first, band = 0, rtl = 0;
        double gutter;
        while (end < lines->count && lines->items[end].page == lines->items[first].page)
            end++;
        gutter = find_gutter(lines->items, first, end);
        if (gutter >= 0) {
            for (i = first; i < end; i++) {
                order[n++] = i;
                rtl += lines->items[i].rtl;
            }
            sort_base = lines->items;
            qsort(order, n, sizeof *order, by_top);
            memcpy(copy + first, lines->items + first, (end - first) * sizeof *copy);
            while (band < n) {
                size_t stop = band, side;
                while (stop < n && !line_crosses(&copy[order[stop]], gutter))
                    stop++;
                for (side = 0; side < 2; side++) {
                    int right = (side == 0) == (rtl * 2 > n);
                    for (i = band; i < stop; i++)
                        if ((copy[order[i]].x0 >= gutter) == right)
                            lines->items[out++] = copy[order[i]];
                }
                if (stop < n)
                    lines->items[out++] = copy[order[stop++]];
                band = stop;
            }
        }
        first = end;
    }
    for (i = 0; i < lines->count; i++)
        lines->items[i].number = i + 1;
    rs__free(order);
    rs__free(copy);
    return 0;
}

/* ---- paragraphs ---- */

/* The column a line stands in: the widest extent of the body lines of its
 * page that share some of its horizontal span. */
static void find_columns(pdf_lines *lines)
{
    size_t i, j, first = 0, end = 0;
    for (i = 0; i < lines->count; i++) {
        pdf_line *l = &lines->items[i];
        l->col_left = l->x0;
        l->col_right = l->x1;
        if (i >= end) {
            first = i;
            for (end = i; end < lines->count && lines->items[end].page == l->page;)
                end++;
        }
        for (j = first; j < end; j++) {
            const pdf_line *o = &lines->items[j];
            if (o->kind != PDF_BODY || o->x1 <= l->x0 || o->x0 >= l->x1)
                continue;
            l->col_left = fmin(l->col_left, o->x0);
            l->col_right = fmax(l->col_right, o->x1);
        }
    }
}

static uint32_t first_cp(const char *s, size_t len)
{
    size_t n;
    return len ? rs__utf8_decode(s, &n) : 0;
}

static int ends_sentence(const char *s, size_t len)
{
    while (len > 0 && strchr("\"')]*", s[len - 1]))
        len--;
    if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
        ((unsigned char)s[len - 1] == 0x9D || (unsigned char)s[len - 1] == 0x99))
        len -= 3;
    if (len == 0)
        return 0;
    if (len >= 2 && (unsigned char)s[len - 2] == 0xD8 && (unsigned char)s[len - 1] == 0x9F)
        return 1; /* Arabic question mark */
    return strchr(".!?:;", s[len - 1]) != NULL;
}

/* Code points in the first word of s. */
static size_t first_word_width(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] != ' ')
        i++;
    return rs__utf8_count(s, i);
}

/* A list item's mark at the start of a line: "4. ", "12) ", "(a) ", a bullet. */
static int opens_item(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp = first_cp(s, len);
    if (cp == 0x2022 || cp == 0x25CF || cp == 0x25AA || cp == 0x2013)
        return 1;
    if (i < len && s[i] == '(')
        i++;
    while (i < len && i < 4 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z' && i <= 2)))
        i++;
    return i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

/* A line set in the middle of its column, well clear of both edges. */
static int is_centred(const pdf_line *l)
{
    double em = fmax(l->height, 1.0), left = l->x0 - l->col_left, right = l->col_right - l->x1;
    return left > 2 * em && right > 2 * em && fabs(left - right) < em;
}

/* Whether line b goes on with the paragraph that line a ends. typical_pitch
 * is the usual distance from one line's top to the next's, over the line
 * height, within a paragraph. */
static int continues(const pdf_line *a, const pdf_line *b, double typical_pitch)
{
    double em = fmax(a->height, 1.0);
    /* glyph boxes are narrower than the advance, and capitals wider than the
     * mean: half an em of slack keeps a full line from counting as short */
    double fits = (double)(first_word_width(b->text, b->len) + 1) * fmax(a->char_width, em * 0.4) + 0.5 * em;
    int same_column = a->page == b->page && b->y0 > a->y0 + 0.3 * em && b->x0 < a->x1 && b->x1 > a->x0;
    rs_turn turn;
    /* a different size of type (a heading, a quotation set apart) or a
     * different direction of writing */
    if (fmax(a->height, b->height) > 1.3 * fmin(a->height, b->height) || a->rtl != b->rtl)
        return 0;
    if (ends_sentence(a->text, a->len) && ((rs__find_turn(b->text, b->len, &turn) && !turn.weak) ||
                                           opens_item(b->text, b->len)))
        return 0;
    /* a new page or column after a finished sentence: a new paragraph,
     * unless the next line goes on in small letters (as the text reader
     * decides at page furniture) */
    if (!same_column && ends_sentence(a->text, a->len) && !rs__cp_is_lower(first_cp(b->text, b->len)))
        return 0;
    if (same_column) {
        /* more space between the lines than between lines of a paragraph */
        if ((b->y0 - a->y0) / em > typical_pitch * 1.3)
            return 0;
        if (!a->rtl && !b->rtl) {
            /* a first line indented, under a line at the column's edge */
            if (b->x0 > a->x0 + 0.8 * em && a->x0 < a->col_left + 0.5 * em)
                return 0;
        }
    }
    /* centred lines (a title over two lines, a stage direction) go on
     * until one ends a sentence */
    if (same_column && !ends_sentence(a->text, a->len) && is_centred(a) && is_centred(b))
        return 1;
    /* a line starting with a small letter continues a sentence */
    if (rs__cp_is_lower(first_cp(b->text, b->len)) && !ends_sentence(a->text, a->len))
        return 1;
    /* the next word would have fitted on the line before: it was ended on
     * purpose (at the left edge for right-to-left text) */
    if (a->rtl ? a->x0 - fits > a->col_left : a->x1 + fits < a->col_right)
        return 0;
    return 1;
}

/* ---- line-end hyphens ---- */

static size_t word_end(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && rs__cp_is_letter(rs__utf8_decode(s + i, &n)))
        i += n;
    return i;
}

/* Every word of the body lines, and every hyphenated compound whole, so
 * that a split word can be checked against the rest of the document. */
static int collect_words(rs_hashset *words, const pdf_lines *lines)
{
    size_t i;
    words->cap = 1024;
    words->keys = rs__calloc(words->cap, sizeof *words->keys);
    if (!words->keys)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < lines->count; i++) {
        const pdf_line *l = &lines->items[i];
        size_t k = 0;
        if (l->kind != PDF_BODY)
            continue;
        while (k < l->len) {
            size_t start = k, end = word_end(l->text, l->len, k);
            size_t whole_end;
            if (end == start) {
                k++;
                continue;
            }
            whole_end = end;
            /* a compound: "co-operation" is a word, and so are its parts */
            while (whole_end + 1 < l->len && l->text[whole_end] == '-' &&
                   word_end(l->text, l->len, whole_end + 1) > whole_end + 1)
                whole_end = word_end(l->text, l->len, whole_end + 1);
            if (end < l->len && l->text[end] == '-' && end + 1 == l->len)
                break; /* the fragment before a line-end hyphen is no evidence */
            rs__hashset_add(words, rs__hash_caseless(l->text + start, end - start, RS__HASH_INIT));
            if (whole_end > end)
                rs__hashset_add(words, rs__hash_caseless(l->text + start, whole_end - start, RS__HASH_INIT));
            k = end;
        }
    }
    return words->failed ? ROSTRUM_ENOMEM : 0;
}

/* A line ending in "word-" before a line starting with "rest": the hyphen
 * is a typesetter's split, to be undone, only when both halves are small
 * letters (a capital or digit after it, "non-\nEuropean", "COVID-\n19", is a
 * compound's) and the document does not write the compound with a hyphen
 * elsewhere. When it does write the joined word elsewhere, that settles it
 * first; a short prefix that English keeps apart (co-, non-, self-) keeps
 * its hyphen, as does a left half that is a word of its own when the right
 * half is too ("capacity-\nbuilding"). Otherwise the split is a typesetter's. */
static int joins_hyphen(const rs_hashset *words, const char *left, size_t left_len, const char *right, size_t right_len)
{
    static const char *const prefixes[] = {"co", "non", "self", "ex", "anti", "pre", "post", "multi", "inter",
                                           "cross", "half", "well", "vice", "quasi", "semi", "all"};
    uint64_t joined = rs__hash_caseless(right, right_len, rs__hash_caseless(left, left_len, RS__HASH_INIT));
    uint64_t hyphenated = rs__hash_caseless(right, right_len, rs__hash_caseless("-", 1, rs__hash_caseless(left, left_len, RS__HASH_INIT)));
    size_t i;
    size_t last = left_len;
    if (left_len == 0 || right_len == 0)
        return 0;
    while (last > 0 && ((unsigned char)left[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > 0)
        last--;
    if (!rs__cp_is_lower(first_cp(right, right_len)) || !rs__cp_is_lower(first_cp(left + last, left_len - last)))
        return 0;
    if (rs__hashset_has(words, joined))
        return 1;
    if (rs__hashset_has(words, hyphenated))
        return 0;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strlen(prefixes[i]) == left_len && strncasecmp(prefixes[i], left, left_len) == 0)
            return 0;
    return !(rs__hashset_has(words, rs__hash_caseless(left, left_len, RS__HASH_INIT)) &&
             rs__hashset_has(words, rs__hash_caseless(right, right_len, RS__HASH_INIT)));
}

/* ---- the model ---- */

typedef struct builder {
    rs_document *doc;
    const rs_hashset *words;
    rs_buf text;
    rs_block_lines lines;
    const pdf_line *first;
    int all_large;  /* every line of the block is set larger than the body */
    double body_height;
} builder;

static int flush(builder *b)
{
    rs_block *block;
    if (!b->first)
        return 0;
    if (b->text.failed)
        return ROSTRUM_ENOMEM;
    block = rs__doc_add_gathered(b->doc, &b->text, &b->lines);
    if (!block)
        return ROSTRUM_ENOMEM;
    block->line = b->first->number;
    block->page = b->first->page;
    /* a short block set clearly larger than the text is a heading */
    if (b->all_large && b->lines.count <= 3) {
        block->kind = RS_BLOCK_HEADING;
        block->level = 1;
    }
    b->first = NULL;
    b->lines.count = 0;
    return 0;
}

static int append(builder *b, const pdf_line *l)
{
    rs_buf *t = &b->text;
    if (!b->first) {
        b->first = l;
        b->all_large = 1;
    } else if (t->len >= 2 && t->data[t->len - 1] == '-' && t->data[t->len - 2] != ' ') {
        size_t left = t->len - 1, n;
        while (left > 0) {
            size_t back = left - 1;
            while (back > 0 && ((unsigned char)t->data[back] & 0xC0) == 0x80)
                back--;
            if (!rs__cp_is_letter(rs__utf8_decode(t->data + back, &n)))
                break;
            left = back;
        }
        if (joins_hyphen(b->words, t->data + left, t->len - 1 - left, l->text, word_end(l->text, l->len, 0)))
            t->len--;
    } else if ((unsigned char)t->data[t->len - 1] == 0xAD && t->len >= 2 && (unsigned char)t->data[t->len - 2] == 0xC2) {
        t->len -= 2; /* a soft hyphen: always a split */
    } else {
        rs__buf_putc(t, ' ');
    }
    b->all_large &= l->height > b->body_height * 1.15;
    if (rs__block_lines_add(&b->lines, t->len, l->number, 0) != 0)
        return ROSTRUM_ENOMEM;
    rs__buf_append(t, l->text, l->len);
    return t->failed ? ROSTRUM_ENOMEM : 0;
}

static int keep_removed(rs_document *doc, const pdf_lines *lines)
{
    size_t i, n = 0;
    for (i = 0; i < lines->count; i++)
        n += lines->items[i].kind != PDF_BODY;
    if (n == 0)
        return 0;
    doc->removed = rs__calloc(n, sizeof *doc->removed);
    if (!doc->removed)
        return ROSTRUM_ENOMEM;
    for (i = 0; i < lines->count; i++) {
        const pdf_line *l = &lines->items[i];
        rs_removed_line *r;
        if (l->kind == PDF_BODY)
            continue;
        r = &doc->removed[doc->removed_count];
        r->line = l->number;
        r->page = l->page;
        r->why = l->why;
        r->text = rs__strdup(l->text);
        if (!r->text)
            return ROSTRUM_ENOMEM;
        doc->removed_count++;
    }
    return 0;
}

int rs__pdf_build(rs_document *doc, pdf_lines *lines)
{
    builder b;
    rs_hashset words = {0};
    double *values = NULL, body_height, typical_pitch;
    size_t i, n = 0;
    const pdf_line *prev = NULL;
    int rc = ROSTRUM_ENOMEM;

    memset(&b, 0, sizeof b);
    values = rs__malloc((lines->count + 1) * sizeof *values);
    if (!values)
        goto done;
    for (i = 0; i < lines->count; i++)
        if (lines->items[i].kind == PDF_BODY)
            values[n++] = lines->items[i].height;
    body_height = rs__pdf_median(values, n);
    mark_footnotes(lines, body_height);
    find_columns(lines);
    /* the usual pitch within a column, in line heights */
    n = 0;
    for (i = 0; i < lines->count; i++) {
        const pdf_line *a = prev, *l = &lines->items[i];
        if (l->kind != PDF_BODY)
            continue;
        prev = l;
        if (a && a->page == l->page && l->y0 > a->y0 && l->x0 < a->x1 && l->x1 > a->x0 && a->height > 0)
            values[n++] = (l->y0 - a->y0) / a->height;
    }
    typical_pitch = n ? rs__pdf_median(values, n) : 1.2;
    if (typical_pitch < 1.0)
        typical_pitch = 1.0;
    rc = collect_words(&words, lines);
    if (rc)
        goto done;
    rc = keep_removed(doc, lines);
    if (rc)
        goto done;
    b.doc = doc;
    b.words = &words;
    b.body_height = body_height;
    prev = NULL;
    for (i = 0; i < lines->count && rc == 0; i++) {
        const pdf_line *l = &lines->items[i];
        if (l->kind != PDF_BODY)
            continue;
        if (prev && !continues(prev, l, typical_pitch))
            rc = flush(&b);
        if (rc == 0)
            rc = append(&b, l);
        prev = l;
    }
    if (rc == 0)
        rc = flush(&b);
done:
    rs__buf_free(&b.text);
    rs__block_lines_free(&b.lines);
    rs__free(words.keys);
    rs__free(values);
    return rc;
}
