/* The reader: UTF-8 text or Markdown in, document model out (front matter,
 * headings, paragraphs with their source lines). Pure: no I/O, no globals. */
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "text/text.h"

/* a line this long without a sentence end is text running on, not a heading */
#define LONG_LINE 60

typedef enum {
    LINE_BLANK = 0,
    LINE_TEXT,
    LINE_HEADING,
    LINE_BREAK,      /* thematic break, table rule, link definition, fence: not spoken */
    LINE_BULLET,
    LINE_ORDERED,
    LINE_SETEXT1,    /* "===" under a line */
    LINE_SETEXT2,    /* "---" under a line */
    LINE_FURNITURE   /* page furniture of a published record, and blank lines around it */
} line_kind;

typedef struct line_info {
    const char *start;   /* content after markers, trimmed */
    size_t len;
    size_t number;       /* 1-based */
    size_t offset;       /* byte offset of the raw line */
    size_t indent;       /* leading spaces of the raw line (tab = 4) */
    size_t width;        /* code points of the trimmed raw line */
    line_kind kind;
    int level;           /* heading level */
    int quoted;          /* inside a block quote */
} line_info;

typedef struct reader {
    rs_document *doc;
    const rs_hashset *words;
    rs_buf current;      /* text of the block being built */
    size_t *line_starts; /* where each of its source lines begins in it */
    size_t *line_numbers;
    size_t *line_sources; /* and where it begins in the input */
    size_t line_count, line_cap;
    const char *text_base; /* the input as split into lines, and the bytes skipped before it */
    size_t base_offset;
    size_t current_line;
    size_t current_offset;
    int current_open;
    int current_is_list;
    const line_info *last_line; /* last line appended to the open block */
} reader;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* The last character of s that is not closing markup or a closing quote. */
static char last_meaningful(const char *s, size_t len)
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

static int ends_sentence(const char *s, size_t len)
{
    char c = last_meaningful(s, len);
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

/* Validates the whole input as UTF-8 without NUL bytes; reports the first
 * offending line and byte offset. */
static int validate(const char *name, const unsigned char *data, size_t size, char *errmsg, size_t errsize)
{
    size_t i = 0;
    size_t line = 1;
    if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        rs__set_error(errmsg, errsize, "%s:1: the text is UTF-16; rostrum reads UTF-8 (convert it, e.g. with iconv -f UTF-16 -t UTF-8)", name);
        return ROSTRUM_EINPUT;
    }
    while (i < size) {
        size_t n;
        if (data[i] == '\n') {
            line++;
            i++;
            continue;
        }
        if (data[i] == 0) {
            rs__set_error(errmsg, errsize, "%s:%zu: NUL byte at byte %zu; this is not a text file", name, line, i);
            return ROSTRUM_EINPUT;
        }
        n = rs__utf8_valid_len(data + i, size - i);
        if (n == 0) {
            rs__set_error(errmsg, errsize, "%s:%zu: invalid UTF-8 at byte %zu (0x%02X)", name, line, i, data[i]);
            return ROSTRUM_EINPUT;
        }
        i += n;
    }
    return 0;
}

/* Replaces every HTML comment <!-- ... --> by spaces, in place, keeping
 * newlines so that line numbers and offsets stay true. */
static void blank_comments(char *text, size_t size)
{
    size_t i = 0;
    while (i + 3 < size) {
        size_t j;
        if (memcmp(text + i, "<!--", 4) != 0) {
            i++;
            continue;
        }
        j = i + 4;
        while (j + 2 < size && memcmp(text + j, "-->", 3) != 0)
            j++;
        /* an unclosed comment hides only its own marker, not the rest */
        j = (j + 2 < size) ? j + 3 : i + 4;
        for (; i < j; i++)
            if (text[i] != '\n')
                text[i] = ' ';
    }
}


static int is_fm_delimiter(const line_info *l, int closing)
{
    const char *s = l->start;
    size_t len = l->len;
    if (len == 3 && memcmp(s, "---", 3) == 0)
        return 1;
    return closing && len == 3 && memcmp(s, "...", 3) == 0;
}

/* Reads YAML-style front matter (simple key: value lines) when the first
 * line is "---" and a closing "---" or "..." follows. Returns the number of
 * lines it used, 0 if there is none, or a negative code. */
static long read_front_matter(rs_document *doc, const line_info *lines, size_t count)
{
    size_t end;
    size_t i;
    if (count < 2 || lines[0].indent != 0 || !is_fm_delimiter(&lines[0], 0))
        return 0;
    for (end = 1; end < count; end++)
        if (is_fm_delimiter(&lines[end], 1))
            break;
    if (end == count)
        return 0;
    for (i = 1; i < end; i++) {
        const char *s = lines[i].start;
        const char *colon = memchr(s, ':', lines[i].len);
        char **slot = NULL;
        size_t keylen;
        if (!colon || lines[i].indent != 0 || s[0] == '#')
            continue;
        keylen = (size_t)(colon - s);
        while (keylen && is_space(s[keylen - 1]))
            keylen--;
#define KEY_IS(k) (keylen == sizeof(k) - 1 && strncasecmp(s, k, keylen) == 0)
        if (KEY_IS("title"))
            slot = &doc->title;
        else if (KEY_IS("speaker") || KEY_IS("artist") || KEY_IS("author"))
            slot = &doc->speaker;
        else if (KEY_IS("date"))
            slot = &doc->date;
        else if (KEY_IS("language") || KEY_IS("lang"))
            slot = &doc->language;
        else if (KEY_IS("voice"))
            slot = &doc->voice;
        else if (KEY_IS("session") || KEY_IS("album"))
            slot = &doc->session;
#undef KEY_IS
        if (!slot || *slot)
            continue;
        *slot = rs__strdup_trimmed(colon + 1, lines[i].len - (size_t)(colon + 1 - s), 1);
        if (!*slot)
            return ROSTRUM_ENOMEM;
        if (**slot == '\0') {
            rs__free(*slot);
            *slot = NULL;
        }
    }
    return (long)end + 1;
}

static int is_break_line(const char *s, size_t len)
{
    char mark = 0;
    size_t count = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        if (is_space(s[i]))
            continue;
        if (s[i] != '-' && s[i] != '*' && s[i] != '_')
            return 0;
        if (mark && s[i] != mark)
            return 0;
        mark = s[i];
        count++;
    }
    return count >= 3;
}

static int is_table_rule(const char *s, size_t len)
{
    size_t i;
    int dash = 0, pipe = 0;
    for (i = 0; i < len; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (s[i] == '|')
            pipe = 1;
        else if (s[i] != ':' && !is_space(s[i]))
            return 0;
    }
    return dash && pipe;
}

static int is_link_definition(const char *s, size_t len)
{
    const char *close;
    if (len < 4 || s[0] != '[' || s[1] == '^')
        return 0;
    close = memchr(s, ']', len);
    return close && (size_t)(close - s) + 1 < len && close[1] == ':';
}

/* Matches s against a tiny pattern language: 'd' one digit, 'D' one or
 * more digits, 'S' one or more spaces, 'Y' a document symbol such as
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
 * ("15-29431 41/51"), document symbols with dates in running headers
 * ("A/70/PV.16 29/09/2015"), page numbers, placeholders. */
static int is_furniture(const char *s, size_t len)
{
    static const char *const patterns[] = {
        "dd-ddddd", "dd-dddddSD/D", "D/DSdd-ddddd", "YSdd/dd/dddd", "dd/dd/ddddSY", "D", "D/D",
        "- D -", "PageSD", "PageSDSofSD",
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

/* Classifies one line after its block-quote markers are stripped. */
static void classify(line_info *l, int *in_fence)
{
    const char *s = l->start;
    size_t len = l->len;
    size_t i;
    if (len >= 3 && (memcmp(s, "```", 3) == 0 || memcmp(s, "~~~", 3) == 0) && l->indent < 4) {
        *in_fence = !*in_fence;
        l->kind = LINE_BREAK;
        return;
    }
    if (len == 0) {
        l->kind = LINE_BLANK;
        return;
    }
    if (*in_fence) {
        l->kind = LINE_TEXT;
        return;
    }
    if (l->indent < 4 && s[0] == '#') {
        for (i = 0; i < len && s[i] == '#'; i++)
            ;
        if (i <= 6 && (i == len || is_space(s[i]))) {
            size_t end = len;
            l->kind = LINE_HEADING;
            l->level = (int)i;
            while (i < len && is_space(s[i]))
                i++;
            /* drop an optional closing run of #s */
            while (end > i && s[end - 1] == '#')
                end--;
            if (end < len && end > i && !is_space(s[end - 1]))
                end = len;
            while (end > i && is_space(s[end - 1]))
                end--;
            l->start = s + i;
            l->len = end - i;
            return;
        }
    }
    if (l->indent < 4) {
        size_t k = 0;
        while (k < len && s[k] == '=')
            k++;
        if (k >= 2 && k == len) {
            l->kind = LINE_SETEXT1;
            return;
        }
        k = 0;
        while (k < len && s[k] == '-')
            k++;
        if (k >= 2 && k == len) {
            l->kind = LINE_SETEXT2;
            return;
        }
    }
    if (is_furniture(s, len)) {
        l->kind = LINE_FURNITURE;
        return;
    }
    if (is_break_line(s, len) || is_table_rule(s, len) || is_link_definition(s, len)) {
        l->kind = LINE_BREAK;
        return;
    }
    /* a list marker alone is an empty item: nothing to say */
    if (((s[0] == '-' || s[0] == '*' || s[0] == '+') && len == 1) || (len == 3 && !strncmp(s, "\xE2\x80\xA2", 3))) {
        l->kind = LINE_BREAK;
        return;
    }
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+' || !strncmp(s, "\xE2\x80\xA2", 3)) && len >= 2) {
        size_t mark = (s[0] == '\xE2') ? 3 : 1;
        if (len > mark && is_space(s[mark])) {
            l->kind = LINE_BULLET;
            for (i = mark; i < len && is_space(s[i]); i++)
                ;
            /* "- - item", a list in a list on one line: one item, the markers dropped */
            while (i < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && (i + 1 == len || is_space(s[i + 1])))
                for (i++; i < len && is_space(s[i]); i++)
                    ;
            l->start = s + i;
            l->len = len - i;
            return;
        }
    }
    for (i = 0; i < len && i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (i > 0 && i <= 3 && i + 1 == len && (s[i] == '.' || s[i] == ')')) {
        l->kind = LINE_BREAK;
        return;
    }
    if (i > 0 && i <= 3 && i + 1 < len && (s[i] == '.' || s[i] == ')') && is_space(s[i + 1])) {
        l->kind = LINE_ORDERED;
        for (i = i + 1; i < len && is_space(s[i]); i++)
            ;
        l->start = s + i;
        l->len = len - i;
        return;
    }
    l->kind = LINE_TEXT;
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
            if (l->kind != LINE_TEXT || l->len == 0 || l->len > 80 || ends_sentence(l->start, l->len) ||
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

static int flush_block(reader *r)
{
    rs_document *doc = r->doc;
    rs_block *block;
    char *text;
    if (!r->current_open)
        return 0;
    r->current_open = 0;
    r->current_is_list = 0;
    r->last_line = NULL;
    if (r->current.failed)
        return ROSTRUM_ENOMEM;
    if (r->current.len == 0)
        return 0;
    if (doc->block_count == doc->block_cap) {
        size_t cap = doc->block_cap ? doc->block_cap * 2 : 16;
        rs_block *grown = rs__realloc(doc->blocks, cap * sizeof *grown);
        if (!grown)
            return ROSTRUM_ENOMEM;
        doc->blocks = grown;
        doc->block_cap = cap;
    }
    text = rs__buf_take(&r->current);
    if (!text)
        return ROSTRUM_ENOMEM;
    block = &doc->blocks[doc->block_count++];
    memset(block, 0, sizeof *block);
    block->kind = RS_BLOCK_PARAGRAPH;
    block->text = text;
    block->line = r->current_line;
    block->offset = r->current_offset;
    block->line_starts = rs__malloc((r->line_count ? r->line_count : 1) * sizeof *block->line_starts);
    block->line_numbers = rs__malloc((r->line_count ? r->line_count : 1) * sizeof *block->line_numbers);
    block->line_sources = rs__malloc((r->line_count ? r->line_count : 1) * sizeof *block->line_sources);
    if (!block->line_starts || !block->line_numbers || !block->line_sources)
        return ROSTRUM_ENOMEM;
    memcpy(block->line_starts, r->line_starts, r->line_count * sizeof *block->line_starts);
    memcpy(block->line_numbers, r->line_numbers, r->line_count * sizeof *block->line_numbers);
    memcpy(block->line_sources, r->line_sources, r->line_count * sizeof *block->line_sources);
    block->line_count = r->line_count;
    return 0;
}

static void open_block(reader *r, const line_info *l)
{
    r->current_open = 1;
    r->current_line = l->number;
    r->current_offset = l->offset;
    r->current.len = 0;
    r->line_count = 0;
}

/* Remembers that source line number starts at this point of the block,
 * with its text from at (a place in the lines the input was split into). */
static int note_line(reader *r, size_t number, const char *at)
{
    if (r->line_count == r->line_cap) {
        size_t cap = r->line_cap ? r->line_cap * 2 : 16;
        size_t *starts = rs__realloc(r->line_starts, cap * sizeof *starts);
        size_t *numbers;
        if (!starts)
            return ROSTRUM_ENOMEM;
        r->line_starts = starts;
        numbers = rs__realloc(r->line_numbers, cap * sizeof *numbers);
        if (!numbers)
            return ROSTRUM_ENOMEM;
        r->line_numbers = numbers;
        numbers = rs__realloc(r->line_sources, cap * sizeof *numbers);
        if (!numbers)
            return ROSTRUM_ENOMEM;
        r->line_sources = numbers;
        r->line_cap = cap;
    }
    r->line_starts[r->line_count] = r->current.len;
    r->line_numbers[r->line_count] = number;
    r->line_sources[r->line_count] = r->base_offset + (size_t)(at - r->text_base);
    r->line_count++;
    return 0;
}

/* Appends a line to the open block, joining a line-end hyphen without a
 * space ("capacity-" + "building") and other lines with one space. */

/* The hash of a word with its capitals made small in every script, so
 * that "Ústavní-" at a line end finds "ústavní" written elsewhere. */
static uint64_t word_hash(const char *s, size_t len, uint64_t h)
{
    size_t i = 0, n;
    while (i < len) {
        char small[4];
        uint32_t cp = rs__utf8_decode(s + i, &n);
        h = rs__hash(h, small, rs__utf8_encode(rs__cp_to_lower(cp), small));
        i += n;
    }
    return h;
}

/* Collects every word (letters, digits and inner hyphens) of the text lines;
 * "capacity-building" adds itself and its parts. */
static int word_set_build(rs_hashset *set, const line_info *lines, size_t count)
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
                    rs__hashset_add(set, word_hash(s + part, k - part, RS__HASH_INIT));
                    part = k + 1;
                }
                k++;
            }
            if (k > start) {
                /* the last word of a line ending in "-" is a fragment, not evidence */
                if (k < len && s[k] == '-' && k + 1 == len)
                    continue;
                rs__hashset_add(set, word_hash(s + start, k - start, RS__HASH_INIT));
                if (part > start)
                    rs__hashset_add(set, word_hash(s + part, k - part, RS__HASH_INIT));
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
    uint64_t joined = word_hash(right, right_len, word_hash(left, left_len, RS__HASH_INIT));
    uint64_t hyphenated = word_hash(right, right_len, word_hash("-", 1, word_hash(left, left_len, RS__HASH_INIT)));
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
    return left_len >= 2 && rs__hashset_has(r->words, word_hash(left, left_len, RS__HASH_INIT)) &&
           rs__hashset_has(r->words, word_hash(right, right_len, RS__HASH_INIT));
}

static int append_line(reader *r, const line_info *l)
{
    rs_buf *b = &r->current;
    if (b->len > 0) {
        int hyphen_join = b->len >= 2 && b->data[b->len - 1] == '-' &&
                          rs__is_alpha_byte((unsigned char)b->data[b->len - 2]) &&
                          starts_lowercase(l->start, l->len);
        if (hyphen_join) {
            size_t left_end = b->len - 1, left = left_end, right = 0;
            while (left > 0 && rs__is_word_byte((unsigned char)b->data[left - 1]))
                left--;
            while (right < l->len && rs__is_word_byte((unsigned char)l->start[right]))
                right++;
            if (!keep_line_end_hyphen(r, b->data + left, left_end - left, l->start, right))
                b->len--; /* drop the hyphen: one word */
        } else if (rs__buf_putc(b, ' ') != 0) {
            return ROSTRUM_ENOMEM;
        }
    }
    r->last_line = l;
    if (note_line(r, l->number, l->start) != 0)
        return ROSTRUM_ENOMEM;
    return rs__buf_append(b, l->start, l->len);
}

/* Ends a list item as a spoken sentence, so items do not run together. */
static int end_item(reader *r)
{
    rs_buf *b = &r->current;
    if (b->len == 0)
        return 0;
    if (!ends_sentence(b->data, b->len) && last_meaningful(b->data, b->len) != ',')
        return rs__buf_putc(b, '.');
    return 0;
}

/* Attributes after a heading, as Pandoc writes them: "## Sénégal {lang=fr}",
 * "{voice=fr-statement}", "{.session}". Returns the heading's length
 * without them, or len when the braces hold something else. */
typedef struct heading_attrs {
    const char *lang, *voice;
    size_t lang_len, voice_len;
    int session;
} heading_attrs;

static size_t parse_heading_attrs(const char *text, size_t len, heading_attrs *a)
{
    const char *open, *p, *end;
    size_t head;
    memset(a, 0, sizeof *a);
    if (len < 2 || text[len - 1] != '}')
        return len;
    open = NULL;
    for (p = text + len - 1; p > text; p--)
        if (p[-1] == '{') {
            open = p - 1;
            break;
        }
    if (!open)
        return len;
    p = open + 1;
    end = text + len - 1;
    while (p < end) {
        const char *tok, *eq;
        size_t n;
        while (p < end && is_space(*p))
            p++;
        tok = p;
        while (p < end && !is_space(*p))
            p++;
        n = (size_t)(p - tok);
        if (n == 0)
            break;
        eq = memchr(tok, '=', n);
        if (eq) {
            const char *v = eq + 1;
            size_t vlen = (size_t)(tok + n - v);
            if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0])
                v++, vlen -= 2;
            if ((size_t)(eq - tok) == 4 && !strncmp(tok, "lang", 4))
                a->lang = v, a->lang_len = vlen;
            else if ((size_t)(eq - tok) == 5 && !strncmp(tok, "voice", 5))
                a->voice = v, a->voice_len = vlen;
        } else if ((n == 8 && !strncmp(tok, ".session", 8)) || (n == 7 && !strncmp(tok, "session", 7))) {
            a->session = 1;
        } else if (tok[0] != '.' && tok[0] != '#') {
            memset(a, 0, sizeof *a);
            return len; /* "{not attributes}" stays text */
        }
    }
    head = (size_t)(open - text);
    while (head > 0 && is_space(text[head - 1]))
        head--;
    return head;
}

static int add_heading(reader *r, const char *text, size_t len, int level, const line_info *l)
{
    rs_block *block;
    heading_attrs attrs;
    int rc = flush_block(r);
    len = parse_heading_attrs(text, len, &attrs);
    if (rc)
        return rc;
    open_block(r, l);
    if (note_line(r, l->number, text) != 0 || rs__buf_append(&r->current, text, len) != 0)
        return ROSTRUM_ENOMEM;
    rc = flush_block(r);
    if (rc || r->doc->block_count == 0)
        return rc;
    block = &r->doc->blocks[r->doc->block_count - 1];
    if (block->line == l->number) {
        block->kind = RS_BLOCK_HEADING;
        block->level = level;
        block->session = attrs.session;
        if (attrs.lang && !(block->lang = rs__strndup(attrs.lang, attrs.lang_len)))
            return ROSTRUM_ENOMEM;
        if (attrs.voice && !(block->voice = rs__strndup(attrs.voice, attrs.voice_len)))
            return ROSTRUM_ENOMEM;
    }
    return 0;
}

/* Whether a text line continues the open paragraph under the layout. */
static int continues_paragraph(const reader *r, const line_info *l, rs_layout layout, size_t width)
{
    const line_info *prev = r->last_line;
    rs_turn turn;
    if (!r->current_open || !prev)
        return 0;
    /* a speaker turn after a finished sentence opens a paragraph */
    if (ends_sentence(prev->start, prev->len) && rs__find_turn(l->start, l->len, &turn) && !turn.weak)
        return 0;
    if (prev->kind != LINE_TEXT && !r->current_is_list && prev->kind != LINE_ORDERED)
        return 0;
    switch (layout) {
    case RS_LAYOUT_BLANK:
        return 1;
    case RS_LAYOUT_LINE:
        if (ends_sentence(prev->start, prev->len))
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
        if (!ends_sentence(prev->start, prev->len))
            return 1;
        /* the next word would have fitted on the previous line: the author
         * broke the line on purpose */
        return prev->width + 1 + first_word_width(l->start, l->len) > width;
    }
    return 1;
}

static int build_blocks(reader *r, line_info *lines, size_t count, rs_layout layout, size_t width)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < count && rc == 0; i++) {
        line_info *l = &lines[i];
        switch (l->kind) {
        case LINE_BLANK:
        case LINE_BREAK:
            rc = flush_block(r);
            break;
        case LINE_FURNITURE: {
            /* skipped; the paragraph goes on across it unless the text
             * before ended a sentence and the text after starts a new one */
            size_t next = i + 1;
            while (next < count && lines[next].kind == LINE_FURNITURE)
                next++;
            if (r->last_line && ends_sentence(r->last_line->start, r->last_line->len) &&
                !(next < count && starts_lowercase(lines[next].start, lines[next].len)))
                rc = flush_block(r);
            break;
        }
        case LINE_HEADING:
            rc = add_heading(r, l->start, l->len, l->level, l);
            break;
        case LINE_SETEXT1:
        case LINE_SETEXT2:
            if (r->current_open && r->last_line && r->last_line->kind == LINE_TEXT && !r->current_is_list) {
                rs_block *block;
                rc = flush_block(r);
                if (rc == 0 && r->doc->block_count > 0) {
                    block = &r->doc->blocks[r->doc->block_count - 1];
                    block->kind = RS_BLOCK_HEADING;
                    block->level = l->kind == LINE_SETEXT1 ? 1 : 2;
                }
            } else {
                rc = flush_block(r);
            }
            break;
        case LINE_BULLET:
            if (r->current_open && r->current_is_list) {
                rc = end_item(r);
            } else {
                rc = flush_block(r);
                open_block(r, l);
                r->current_is_list = 1;
            }
            if (rc == 0)
                rc = append_line(r, l);
            break;
        case LINE_ORDERED:
            rc = flush_block(r);
            if (rc == 0) {
                open_block(r, l);
                rc = append_line(r, l);
            }
            break;
        case LINE_TEXT:
            if (continues_paragraph(r, l, layout, width)) {
                rc = append_line(r, l);
            } else {
                rc = flush_block(r);
                if (rc == 0) {
                    open_block(r, l);
                    rc = append_line(r, l);
                }
            }
            break;
        }
    }
    if (rc == 0)
        rc = flush_block(r);
    return rc;
}

/* Splits the text into lines, strips block-quote markers and classifies. */
static int split_lines(char *text, size_t size, size_t base_offset, line_info **out, size_t *out_count)
{
    size_t count = 1, i, n = 0;
    line_info *lines;
    int in_fence = 0;
    const char *p = text;
    const char *end = text + size;
    for (i = 0; i < size; i++)
        if (text[i] == '\n')
            count++;
    lines = rs__calloc(count, sizeof *lines);
    if (!lines)
        return ROSTRUM_ENOMEM;
    while (p <= end && n < count) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        line_info *l = &lines[n];
        const char *s = p;
        size_t indent = 0;
        l->number = n + 1;
        l->offset = base_offset + (size_t)(p - text);
        while (stop > s && (stop[-1] == '\r' || is_space(stop[-1])))
            stop--;
        while (s < stop && is_space(*s)) {
            indent += (*s == '\t') ? 4 : 1;
            s++;
        }
        /* block quotes: "> text", "> > text" */
        while (s < stop && *s == '>' && indent < 4) {
            l->quoted = 1;
            s++;
            while (s < stop && is_space(*s))
                s++;
        }
        l->indent = indent;
        l->start = s;
        l->len = (size_t)(stop - s);
        l->width = rs__utf8_count(s, l->len);
        classify(l, &in_fence);
        n++;
        if (!nl)
            break;
        p = nl + 1;
    }
    *out = lines;
    *out_count = n;
    return 0;
}

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
        rs__free(doc->blocks[i].time);
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

/* Whether n bytes at p hold only spaces, tabs and a carriage return. */
static int only_blanks(const char *p, size_t n)
{
    while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++, n--;
    return n == 0;
}

/* Markdown shows itself by front matter, an ATX heading ("## Title"), a
 * fence or a setext underline; text without them may be Markdown still. A
 * .txt file that has them is read the same way, since one reader serves both. */
int rs__sniff_markdown(const char *data, size_t size)
{
    const char *line = data, *end = data + size;
    int after_text = 0; /* the line before holds text */
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        line += 3;
    if (end - line >= 4 && (memcmp(line, "---\n", 4) == 0 || (end - line >= 5 && memcmp(line, "---\r\n", 5) == 0)))
        return RS_SNIFF_LIKELY;
    while (line < end) {
        const char *next = memchr(line, '\n', (size_t)(end - line));
        size_t length = next ? (size_t)(next - line) : (size_t)(end - line);
        size_t indent = 0, marks = 0;
        while (indent < length && indent < 4 && line[indent] == ' ')
            indent++;
        if (indent < 4 && indent < length) {
            char c = line[indent];
            while (indent + marks < length && line[indent + marks] == c)
                marks++;
            if (c == '#' && marks <= 6 && indent + marks < length &&
                (line[indent + marks] == ' ' || line[indent + marks] == '\t'))
                return RS_SNIFF_LIKELY;
            if ((c == '`' || c == '~') && marks >= 3)
                return RS_SNIFF_LIKELY;
            /* "===" right under a line of text */
            if (c == '=' && marks >= 3 && after_text && only_blanks(line + indent + marks, length - indent - marks))
                return RS_SNIFF_LIKELY;
        }
        after_text = !only_blanks(line, length);
        line = next ? next + 1 : end;
    }
    return RS_SNIFF_ANY;
}

/* Text is what is left: the reader takes any bytes and says what it cannot
 * read (bad UTF-8, UTF-16, NUL bytes) in its own words. */
int rs__sniff_text(const char *data, size_t size)
{
    (void)data;
    (void)size;
    return RS_SNIFF_ANY;
}

int rs__read_text(rs_document *doc, const char *name, const char *data, size_t size,
                  rostrum_paragraphs mode, char *errmsg, size_t errmsg_size)
{
    char *text = NULL;
    line_info *lines = NULL;
    size_t line_count = 0;
    size_t skip = 0;
    size_t width = 0;
    long fm_lines;
    rs_layout layout;
    reader r;
    rs_hashset words = {0};
    int rc;

    memset(&r, 0, sizeof r);
    r.doc = doc;
    if (!name)
        name = "<stdin>";
    rc = validate(name, (const unsigned char *)data, size, errmsg, errmsg_size);
    if (rc)
        goto done;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    rc = ROSTRUM_ENOMEM;
    text = rs__strndup(data + skip, size - skip);
    if (!text)
        goto done;
    blank_comments(text, size - skip);
    rc = split_lines(text, size - skip, skip, &lines, &line_count);
    if (rc)
        goto done;
    fm_lines = read_front_matter(doc, lines, line_count);
    if (fm_lines < 0) {
        rc = (int)fm_lines;
        goto done;
    }
    rc = mark_running_headers(lines + fm_lines, line_count - (size_t)fm_lines);
    if (rc)
        goto done;
    absorb_blanks_into_furniture(lines + fm_lines, line_count - (size_t)fm_lines);
    rc = keep_removed_lines(doc, lines + fm_lines, line_count - (size_t)fm_lines);
    if (rc)
        goto done;
    rc = detect_layout(lines + fm_lines, line_count - (size_t)fm_lines, &layout, &width);
    if (rc)
        goto done;
    if (mode == ROSTRUM_PARAGRAPHS_BLANK)
        layout = RS_LAYOUT_BLANK;
    else if (mode == ROSTRUM_PARAGRAPHS_LINE)
        layout = RS_LAYOUT_LINE;
    doc->layout = layout;
    rc = word_set_build(&words, lines + fm_lines, line_count - (size_t)fm_lines);
    if (rc)
        goto done;
    r.words = &words;
    r.text_base = text;
    r.base_offset = skip;
    rc = build_blocks(&r, lines + fm_lines, line_count - (size_t)fm_lines, layout, width);
    if (rc)
        goto done;
    rc = rs__find_statements(doc);
    if (rc)
        goto done;
    if (doc->block_count == 0) {
        rc = ROSTRUM_EINPUT;
        rs__set_error(errmsg, errmsg_size, "%s: no text to speak (the input is empty or holds only %s)", name,
                      doc->removed_count ? "page furniture such as page numbers and document symbols" : "markup");
    }
done:
    if (rc == ROSTRUM_ENOMEM)
        rs__set_error(errmsg, errmsg_size, "%s: out of memory while reading", name);
    rs__buf_free(&r.current);
    rs__free(r.line_starts);
    rs__free(r.line_numbers);
    rs__free(r.line_sources);
    rs__free(words.keys);
    rs__free(lines);
    rs__free(text);
    if (rc)
        rs__document_free(doc);
    return rc;
}
