/* The text and Markdown reader: UTF-8 checks, front matter, line kinds,
 * headings and blocks with their source lines (layout.c: paragraphs). Pure. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/text_internal.h"
#include "text/text.h"

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

/* An ATX heading, "## Title" with up to six marks: its level, and its text
 * without the marks or a closing run of #s. */
static int atx_heading(line_info *l)
{
    const char *s = l->start;
    size_t len = l->len;
    size_t i, end = len;
    if (l->indent >= 4 || s[0] != '#')
        return 0;
    for (i = 0; i < len && s[i] == '#'; i++)
        ;
    if (i > 6 || (i < len && !is_space(s[i])))
        return 0;
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
    return 1;
}

/* Whether s is two or more of c and nothing else. */
static int is_run_of(const char *s, size_t len, char c)
{
    size_t k = 0;
    while (k < len && s[k] == c)
        k++;
    return k >= 2 && k == len;
}

/* A setext underline: "===" makes the line above a heading of level 1,
 * "---" of level 2. */
static int setext_underline(line_info *l)
{
    if (l->indent >= 4)
        return 0;
    if (is_run_of(l->start, l->len, '='))
        l->kind = LINE_SETEXT1;
    else if (is_run_of(l->start, l->len, '-'))
        l->kind = LINE_SETEXT2;
    else
        return 0;
    return 1;
}

/* A list marker alone ("-", "•", "4.") is an empty item: nothing to say. */
static int is_empty_item(const char *s, size_t len)
{
    size_t i;
    if (((s[0] == '-' || s[0] == '*' || s[0] == '+') && len == 1) || (len == 3 && !strncmp(s, "\xE2\x80\xA2", 3)))
        return 1;
    for (i = 0; i < len && i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    return i > 0 && i <= 3 && i + 1 == len && (s[i] == '.' || s[i] == ')');
}

/* A bullet item, "- text" (or *, + and •): its text after the markers. */
static int bullet_item(line_info *l)
{
    const char *s = l->start;
    size_t len = l->len;
    size_t i, mark;
    if (!(s[0] == '-' || s[0] == '*' || s[0] == '+' || !strncmp(s, "\xE2\x80\xA2", 3)) || len < 2)
        return 0;
    mark = (s[0] == '\xE2') ? 3 : 1;
    if (len <= mark || !is_space(s[mark]))
        return 0;
    l->kind = LINE_BULLET;
    for (i = mark; i < len && is_space(s[i]); i++)
        ;
    /* "- - item", a list in a list on one line: one item, the markers dropped */
    while (i < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && (i + 1 == len || is_space(s[i + 1])))
        for (i++; i < len && is_space(s[i]); i++)
            ;
    l->start = s + i;
    l->len = len - i;
    return 1;
}

/* An ordered item, "12. text" or "3) text": its text after the number. */
static int ordered_item(line_info *l)
{
    const char *s = l->start;
    size_t len = l->len;
    size_t i;
    for (i = 0; i < len && i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (i == 0 || i > 3 || i + 1 >= len || !(s[i] == '.' || s[i] == ')') || !is_space(s[i + 1]))
        return 0;
    l->kind = LINE_ORDERED;
    l->item = (size_t)strtoul(s, NULL, 10);
    for (i = i + 1; i < len && is_space(s[i]); i++)
        ;
    l->marker = i;
    l->start = s + i;
    l->len = len - i;
    return 1;
}

/* A number and a full stop open many a sentence that is no list item:
 * "2. Dünya Savaşı", "3. kwartał", a line of wrapped text that starts
 * "2. Weltkrieg". An ordered item is kept as one when it begins a list
 * (1), goes on from the item before, or the next goes on from it, or it
 * stands between two items one apart from its place (a misprint: 224,
 * 223, 226); any other is text whose number is the sentence's own (the
 * normalizer reads it, as an ordinal where the language writes them so). */
static void settle_items(line_info *lines, size_t count)
{
    size_t i, j, before = 0;
    for (i = 0; i < count; i++) {
        line_info *l = &lines[i];
        size_t after = 0;
        if (l->kind != LINE_ORDERED)
            continue;
        for (j = i + 1; j < count && after == 0; j++)
            if (lines[j].kind == LINE_ORDERED)
                after = lines[j].item;
        if (l->item == 1 || (before && l->item == before + 1) || after == l->item + 1) {
            before = l->item;
        } else if (before && after == before + 2) {
            before++;
        } else {
            l->kind = LINE_TEXT;
            l->start -= l->marker;
            l->len += l->marker;
            before = l->item;
        }
    }
}

/* Classifies one line after its block-quote markers are stripped. */
static void classify(line_info *l, int *in_fence)
{
    const char *s = l->start;
    size_t len = l->len;
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
    if (atx_heading(l) || setext_underline(l))
        return;
    if (rs__is_furniture(s, len)) {
        l->kind = LINE_FURNITURE;
        return;
    }
    if (is_break_line(s, len) || is_table_rule(s, len) || is_link_definition(s, len) || is_empty_item(s, len)) {
        l->kind = LINE_BREAK;
        return;
    }
    if (bullet_item(l) || ordered_item(l))
        return;
    l->kind = LINE_TEXT;
}

static int flush_block(reader *r)
{
    rs_block *block;
    if (!r->current_open)
        return 0;
    r->current_open = 0;
    r->current_is_list = 0;
    r->last_line = NULL;
    if (r->current.failed)
        return ROSTRUM_ENOMEM;
    if (r->current.len == 0)
        return 0;
    block = rs__doc_add_gathered(r->doc, &r->current, &r->lines);
    if (!block)
        return ROSTRUM_ENOMEM;
    block->kind = RS_BLOCK_PARAGRAPH;
    block->line = r->current_line;
    block->offset = r->current_offset;
    return 0;
}

static void open_block(reader *r, const line_info *l)
{
    r->current_open = 1;
    r->current_line = l->number;
    r->current_offset = l->offset;
    r->current.len = 0;
    r->lines.count = 0;
}

/* Remembers that source line number starts at this point of the block,
 * with its text from at (a place in the lines the input was split into). */
static int note_line(reader *r, size_t number, const char *at)
{
    return rs__block_lines_add(&r->lines, r->current.len, number, r->base_offset + (size_t)(at - r->text_base));
}

/* Appends a line to the open block, joined to the text before it. */
static int append_line(reader *r, const line_info *l)
{
    if (rs__join_line(r, l) != 0)
        return ROSTRUM_ENOMEM;
    r->last_line = l;
    if (note_line(r, l->number, l->start) != 0)
        return ROSTRUM_ENOMEM;
    return rs__buf_append(&r->current, l->start, l->len);
}

/* Ends a list item as a spoken sentence, so items do not run together. */
static int end_item(reader *r)
{
    rs_buf *b = &r->current;
    if (b->len == 0)
        return 0;
    if (!rs__ends_sentence(b->data, b->len) && rs__last_meaningful(b->data, b->len) != ',')
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

/* A setext underline makes the paragraph line above it a heading; under
 * anything else it only ends the block. */
static int setext_heading(reader *r, const line_info *l)
{
    rs_block *block;
    int rc;
    if (!(r->current_open && r->last_line && r->last_line->kind == LINE_TEXT && !r->current_is_list))
        return flush_block(r);
    rc = flush_block(r);
    if (rc == 0 && r->doc->block_count > 0) {
        block = &r->doc->blocks[r->doc->block_count - 1];
        block->kind = RS_BLOCK_HEADING;
        block->level = l->kind == LINE_SETEXT1 ? 1 : 2;
    }
    return rc;
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
        case LINE_FURNITURE:
            if (rs__furniture_ends_paragraph(r, lines, i, count))
                rc = flush_block(r);
            break;
        case LINE_HEADING:
            rc = add_heading(r, l->start, l->len, l->level, l);
            break;
        case LINE_SETEXT1:
        case LINE_SETEXT2:
            rc = setext_heading(r, l);
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
            if (rs__continues_paragraph(r, l, layout, width)) {
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
    settle_items(lines, line_count);
    fm_lines = read_front_matter(doc, lines, line_count);
    if (fm_lines < 0) {
        rc = (int)fm_lines;
        goto done;
    }
    rc = rs__find_layout(doc, lines + fm_lines, line_count - (size_t)fm_lines, mode, &width);
    if (rc)
        goto done;
    rc = rs__word_set_build(&words, lines + fm_lines, line_count - (size_t)fm_lines);
    if (rc)
        goto done;
    r.words = &words;
    r.text_base = text;
    r.base_offset = skip;
    rc = build_blocks(&r, lines + fm_lines, line_count - (size_t)fm_lines, doc->layout, width);
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
    rs__block_lines_free(&r.lines);
    rs__free(words.keys);
    rs__free(lines);
    rs__free(text);
    if (rc)
        rs__document_free(doc);
    return rc;
}
