/* What each block of an HTML page is, by general rules of published
 * records: a heading, a speaker's turn ("<b>Mr Hague:</b> ..."), a stage
 * direction standing alone, a time, a column number or a running head of
 * the printed report, a division list, or a paragraph. Pure. */
#include <string.h>
#include <strings.h>

#include "input/html_internal.h"
#include "text/text.h"

#define HEAD_SEED 0x48544d4c68656164ULL /* "HTMLhead" */
#define WEAK_SEED 0x48544d4c7765616bULL /* "HTMLweak" */
/* a running head is a short line; a label longer than this is prose */
#define HEAD_MAX 160
#define LABEL_MAX 200

static int is_blank_at(const char *s, size_t n, size_t *width)
{
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
        *width = 2;
        return 1;
    }
    *width = 1;
    return n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' || s[0] == '\v');
}

char *rs__html_clean(const char *s, size_t n)
{
    char *out = rs__malloc(3 * n + 1);
    size_t i = 0, k = 0, w;
    int space = 0;
    if (!out)
        return NULL;
    while (i < n) {
        if (is_blank_at(s + i, n - i, &w)) {
            space = k > 0;
            i += w;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = 0;
        w = rs__utf8_valid_len((const unsigned char *)s + i, n - i);
        if (w == 0) {
            memcpy(out + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
            continue;
        }
        memcpy(out + k, s + i, w);
        k += w;
        i += w;
    }
    out[k] = '\0';
    return out;
}

/* "19 July 2011 : Column 771", "Column 89WS": a column number of the
 * printed report, as pages made from it print them between paragraphs. */
static int is_column_marker(const char *t)
{
    const char *p = NULL, *q;
    size_t letters = 0;
    for (q = t; *q; q++)
        if (strncasecmp(q, "column ", 7) == 0 && (q == t || (q >= t + 2 && q[-1] == ' ' && q[-2] == ':')))
            p = q;
    if (!p)
        return 0;
    p += 7;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    while (*p >= 'A' && *p <= 'Z' && letters < 3) {
        p++;
        letters++;
    }
    return *p == '\0';
}

/* "9.30 am", "2.44 pm", "14:04": the time the record notes. */
static int is_time(const char *t)
{
    size_t hour = strspn(t, "0123456789");
    const char *p = t + hour;
    if (hour < 1 || hour > 2 || (*p != '.' && *p != ':') || strspn(p + 1, "0123456789") != 2)
        return 0;
    p += 3;
    if (*p == ' ')
        p++;
    if (strncasecmp(p, "am", 2) == 0 || strncasecmp(p, "pm", 2) == 0)
        p += 2;
    else if (strncasecmp(p, "a.m.", 4) == 0 || strncasecmp(p, "p.m.", 4) == 0)
        p += 4;
    return *p == '\0';
}

/* "Tuesday 19 July 2011", "Wednesday, 22 May 2013", "19 July 2011": a
 * date the record notes alone, as ISO 8601 into iso (11 bytes); 0 when the
 * text is no such date. English month names, as the reports read. */
static int parse_date(const char *t, char *iso)
{
    static const char *const months[] = {"january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december"};
    const char *p = t;
    unsigned day = 0, year = 0, month = 0, digits;
    size_t i, n;
    if (!(*p >= '0' && *p <= '9')) { /* a weekday first */
        p += strcspn(p, " ,");
        p += strspn(p, " ,");
    }
    for (digits = 0; *p >= '0' && *p <= '9' && digits < 2; p++, digits++)
        day = day * 10 + (unsigned)(*p - '0');
    if (digits == 0 || *p++ != ' ')
        return 0;
    n = strcspn(p, " ");
    for (i = 0; i < 12 && !month; i++)
        if (n >= 3 && n <= strlen(months[i]) && strncasecmp(p, months[i], n) == 0)
            month = (unsigned)i + 1;
    p += n;
    if (!month || *p++ != ' ')
        return 0;
    for (digits = 0; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
        year = year * 10 + (unsigned)(*p - '0');
    if (digits != 4 || *p || day < 1 || day > 31)
        return 0;
    snprintf(iso, 11, "%04u-%02u-%02u", year, month, day);
    return 1;
}

/* "[Interruption.]", "(Applause)", "[Mr Speaker in the Chair]": the whole
 * text inside one pair of brackets. */
static int is_bracketed(const char *t, char open)
{
    char close = open == '[' ? ']' : ')';
    size_t n = strlen(t), i;
    int depth = 0;
    if (n < 2 || t[0] != open || t[n - 1] != close)
        return 0;
    for (i = 0; i < n; i++) {
        depth += t[i] == open ? 1 : t[i] == close ? -1 : 0;
        if (depth == 0 && i + 1 < n)
            return 0;
    }
    return 1;
}

/* What makes a running head the same on every page: its letters, in any
 * case ("Wednesday, 22 May 2013 Take: 375" and "... Take: 376" are one).
 * 0 for a line that cannot be one: long, a sentence, or without letters. */
static uint64_t head_key(const char *t)
{
    size_t n = strlen(t), i, letters = 0;
    uint64_t h = HEAD_SEED;
    char last = n ? t[n - 1] : '\0';
    if (n == 0 || n > HEAD_MAX || last == '.' || last == '!' || last == '?' || last == ':' || last == ';')
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
            h = rs__hash_caseless(t + i, 1, h);
            letters++;
        }
    }
    return letters >= 3 ? (h ? h : 1) : 0;
}

#define MARK_HEAD 1     /* a running head */
#define MARK_SHORT 2    /* short, no sentence: a catchword when beside a head */
#define MARK_COLUMN 4   /* a column number: no catchword beside it */
#define MARK_CATCHWORD 8
#define CATCHWORD_MAX 100

/* A weak label ("ГОЛОВА. Шановні колеги", "M. le Président. Je ...")
 * counts as a turn, as in the text reader, when it recurs (one in
 * capitals) or when the page has more such turns (one with a title). */
static void count_weak_label(html_reader *r, const char *t)
{
    rs_turn turn;
    if (!rs__find_turn(t, strlen(t), &turn) || !turn.weak || !t[turn.consumed])
        return;
    if (turn.titled) {
        r->titled_weak++;
    } else {
        uint64_t h = rs__hash(WEAK_SEED, t + turn.label_start, turn.label_len);
        rs__hashset_add(rs__hashset_has(&r->weak_once, h) ? &r->weak_twice : &r->weak_once, h);
    }
}

static int weak_label_counts(const html_reader *r, const char *t, const rs_turn *turn)
{
    if (!turn->weak)
        return 1;
    if (turn->titled)
        return r->titled_weak >= 2;
    return rs__hashset_has(&r->weak_twice, rs__hash(WEAK_SEED, t + turn->label_start, turn->label_len));
}

/* The counting pass: how often each line recurs, and each paragraph's key
 * and form in order. */
static void count_paragraph(html_reader *r, const char *t)
{
    uint64_t key = head_key(t);
    size_t n = strlen(t);
    if (rs__grow(&r->keys, &r->key_cap, r->paragraph_count + 1, sizeof *r->keys) != 0 ||
        rs__grow(&r->marks, &r->mark_cap, r->paragraph_count + 1, sizeof *r->marks) != 0) {
        r->failed = 1;
        return;
    }
    count_weak_label(r, t);
    r->keys[r->paragraph_count] = key;
    r->marks[r->paragraph_count++] = (key && n <= CATCHWORD_MAX ? MARK_SHORT : 0) |
                                     (is_column_marker(t) ? MARK_COLUMN : 0);
    if (!key)
        return;
    if (rs__hashset_has(&r->heads_twice, key))
        rs__hashset_add(&r->heads_often, key);
    else if (rs__hashset_has(&r->heads_once, key))
        rs__hashset_add(&r->heads_twice, key);
    else
        rs__hashset_add(&r->heads_once, key);
}

/* A running head is a line seen three times or more. A short line beside
 * one, not a column number's, is a catchword of the page break: a
 * stenogram's page ends with the name of who speaks on the next one
 * ("Mr D J SMITH / END OF TAKE") and opens with who spoke before. */
int rs__html_mark_furniture(html_reader *r)
{
    size_t i;
    for (i = 0; i < r->paragraph_count; i++)
        if (r->keys[i] && rs__hashset_has(&r->heads_often, r->keys[i]))
            r->marks[i] |= MARK_HEAD;
    for (i = 0; i < r->paragraph_count; i++) {
        int before = i > 0 && (r->marks[i - 1] & (MARK_HEAD | MARK_COLUMN)) == MARK_HEAD;
        int after = i + 1 < r->paragraph_count && (r->marks[i + 1] & (MARK_HEAD | MARK_COLUMN)) == MARK_HEAD;
        if ((r->marks[i] & (MARK_SHORT | MARK_HEAD)) == MARK_SHORT && (before || after))
            r->marks[i] |= MARK_CATCHWORD;
    }
    return 0;
}

/* The chair by office: Speaker, Deputy Speaker, President, Chairman. */
static int is_chair(const char *label)
{
    return rs__xml_has(label, "speaker") || rs__xml_has(label, "presiding officer") ||
           rs__xml_has(label, "chairman") || rs__xml_has(label, "chairperson") || rs__xml_has(label, "in the chair") ||
           strncasecmp(label, "the president", 13) == 0 || strncasecmp(label, "madam president", 15) == 0 ||
           strncasecmp(label, "mr president", 12) == 0;
}

/* A speaker's label in bold at the start of the block ("<b>Mr Hague:</b>",
 * "<strong>Ms Lee</strong>: ..."), after nothing or a question's number
 * ("1. <b>Mr Hanson (Delyn) (Lab):</b>"), in the bytes [from, to) of the
 * block's text. Sets the label's span there and where the speech begins;
 * *number_end is where a number before it ends (0 when none). */
static int bold_label(const html_block *b, size_t from, size_t to, size_t *start, size_t *len, size_t *speech,
                      size_t *number_end)
{
    const char *s = b->text.data;
    size_t i, w, end = b->bold_end;
    int digits = 0, dot = 0;
    if (!b->bold_started || b->bold_start < from || end > to)
        return 0;
    *number_end = 0;
    for (i = from; i < b->bold_start; i += w) {
        if (is_blank_at(s + i, b->bold_start - i, &w))
            continue;
        w = 1;
        if (s[i] >= '0' && s[i] <= '9' && !dot)
            digits = 1;
        else if (s[i] == '.' && digits && !dot)
            dot = 1;
        else
            return 0;
        *number_end = i + 1;
    }
    if (digits && !dot)
        return 0;
    i = b->bold_start;
    while (i < end && is_blank_at(s + i, end - i, &w))
        i += w;
    while (end > i && is_blank_at(s + end - 1, 1, &w))
        end--;
    *start = i;
    if (end > i && s[end - 1] == ':') {
        *len = end - 1 - i;
        *speech = b->bold_end;
    } else {
        size_t k = b->bold_end;
        while (k < to && is_blank_at(s + k, to - k, &w))
            k += w;
        if (k >= to || s[k] != ':')
            return 0;
        *len = end - i;
        *speech = k + 1;
    }
    while (*len > 0 && s[*start + *len - 1] == ' ')
        (*len)--;
    return *len > 0 && *len <= LABEL_MAX && !memchr(s + *start, '\n', *len);
}

/* Opens a speaker's statement (the time noted before it goes with it). */
static void begin(html_reader *r, const char *label, size_t line)
{
    if (rs__doc_begin_statement(r->doc, label, NULL, is_chair(label), line, r->lang, r->time))
        r->failed = 1;
    rs__free(r->time);
    r->time = NULL;
}

/* Where a question's reference number at the end of a paragraph begins
 * ("... his US counterpart. [66855]"), or the text's length. */
static size_t reference_start(const char *text)
{
    size_t n = strlen(text), digits = 0;
    if (n < 7 || text[n - 1] != ']')
        return n;
    while (digits + 2 <= n && text[n - 2 - digits] >= '0' && text[n - 2 - digits] <= '9')
        digits++;
    if (digits < 4 || digits + 3 > n || text[n - 2 - digits] != '[' || text[n - 3 - digits] != ' ')
        return n;
    return n - 3 - digits;
}

static void add_paragraph(html_reader *r, const char *text, size_t line)
{
    rs_block_info info = {0};
    size_t end = reference_start(text);
    char *kept = NULL;
    info.lang = r->lang;
    if (text[end]) {
        kept = rs__strndup(text, end);
        if (!kept || rs__doc_removed(r->doc, line, text + end + 1, "not said: the question's reference number")) {
            r->failed = 1;
            rs__free(kept);
            return;
        }
        text = kept;
    }
    /* a paragraph that a column break cut in two goes on in small letters */
    if (r->after_furniture && text[0] >= 'a' && text[0] <= 'z') {
        int rc = rs__doc_continue_paragraph(r->doc, text);
        if (rc <= 0) {
            r->failed |= rc < 0;
            r->after_furniture = 0;
            rs__free(kept);
            return;
        }
    }
    r->after_furniture = 0;
    if (rs__doc_add_paragraph(r->doc, text, line, &info))
        r->failed = 1;
    rs__free(kept);
}

/* A direction; a date noted alone is the sitting's date as well. */
static void add_direction(html_reader *r, const char *text, size_t line, const char *why)
{
    rs_block_info info = {0};
    char iso[11];
    info.lang = r->lang;
    r->after_furniture = 0;
    if (parse_date(text, iso) && rs__doc_set(&r->doc->date, iso))
        r->failed = 1;
    if (rs__doc_removed(r->doc, line, text, why) || rs__doc_add_direction(r->doc, text, line, &info))
        r->failed = 1;
}

static void removed(html_reader *r, size_t line, const char *text, const char *why)
{
    if (rs__doc_removed(r->doc, line, text, why))
        r->failed = 1;
}

/* A block that opens with a speaker's label: a statement of that speaker,
 * whose first paragraph is what follows the label. 1 when it was one. */
static int turn(html_reader *r, const char *text, size_t len, const html_block *b, int first_piece)
{
    size_t start, label_len, speech, number_end;
    char *label = NULL, *rest = NULL;
    rs_turn t;
    size_t from = (size_t)(text - b->text.data), to = from + len;
    if (first_piece && bold_label(b, from, to, &start, &label_len, &speech, &number_end)) {
        if (number_end) {
            char *number = rs__html_clean(b->text.data + from, number_end - from);
            if (!number || rs__doc_removed(r->doc, b->line, number, "not said: the number of the question"))
                r->failed = 1;
            rs__free(number);
        }
        label = rs__html_clean(b->text.data + start, label_len);
        rest = rs__html_clean(b->text.data + speech, to - speech);
    } else {
        char *t_all = rs__html_clean(text, len);
        if (!t_all) {
            r->failed = 1;
            return 1;
        }
        /* a label in plain text, as the text reader finds one; with speech
         * beside it, since "Date of Meeting:" alone is no turn; a weak one
         * when the page has it again */
        if (rs__find_turn(t_all, strlen(t_all), &t) && weak_label_counts(r, t_all, &t) && t_all[t.consumed]) {
            label = rs__strndup(t_all + t.label_start, t.label_len);
            rest = rs__strdup(t_all + t.consumed);
        }
        rs__free(t_all);
        if (!label && !rest)
            return 0;
    }
    if (!label || !rest) {
        r->failed = 1;
    } else if (!label[0]) {
        rs__free(label);
        rs__free(rest);
        return 0;
    } else {
        begin(r, label, b->line);
        r->after_furniture = 0;
        if (rest[0] && !r->failed)
            add_paragraph(r, rest, b->line);
    }
    rs__free(label);
    rs__free(rest);
    return 1;
}

/* One paragraph of a block (a block of <pre> or <br><br> holds several);
 * 0 when it holds no text. */
static int paragraph(html_reader *r, const char *text, size_t len, const html_block *b, int first_piece)
{
    char *t = rs__html_clean(text, len);
    unsigned char mark = 0;
    char iso[11];
    int had_text;
    if (!t) {
        r->failed = 1;
        return 0;
    }
    had_text = t[0] != '\0';
    if (had_text && !r->counting && r->next_paragraph < r->paragraph_count)
        mark = r->marks[r->next_paragraph++];
    if (!t[0]) {
        /* nothing to read */
    } else if (r->counting) {
        count_paragraph(r, t);
    } else if (is_column_marker(t)) {
        /* "19 July 2011 : Column 831" dates the page when nothing else does */
        char *colon = strstr(t, " : ");
        removed(r, b->line, t, "page furniture: a column number of the printed report");
        r->after_furniture = 1;
        if (colon) {
            *colon = '\0';
            if (parse_date(t, iso) && rs__doc_set(&r->doc->date, iso))
                r->failed = 1;
        }
    } else if (mark & MARK_HEAD) {
        removed(r, b->line, t, "page furniture: a running head, repeated on every page");
    } else if (mark & MARK_CATCHWORD) {
        removed(r, b->line, t, "page furniture: a catchword beside a running head (who speaks across the page break)");
    } else if (b->all_link) {
        removed(r, b->line, t, "navigation: a block of links only");
    } else if (is_time(t)) {
        removed(r, b->line, t, "not said: the time of the record");
        rs__free(r->time);
        if (!(r->time = rs__strdup(t)))
            r->failed = 1;
    } else if (r->in_division && !(b->all_italic && !is_bracketed(t, '('))) {
        removed(r, b->line, t, "not said: a division list, the record of a vote");
    } else if (strncasecmp(t, "division no", 11) == 0) {
        r->in_division = 1;
        removed(r, b->line, t, "not said: a division list, the record of a vote");
    } else if (parse_date(t, iso)) {
        r->in_division = 0;
        add_direction(r, t, b->line, "not said: the date of the sitting");
    } else if ((b->all_italic && b->text.len == len) || is_bracketed(t, '[') || is_bracketed(t, '(')) {
        r->in_division = 0;
        add_direction(r, t, b->line, "not said: a note of the record standing alone");
    } else if (!turn(r, text, len, b, first_piece)) {
        add_paragraph(r, t, b->line);
    }
    rs__free(t);
    return had_text;
}

static void heading(html_reader *r, const html_block *b)
{
    char *t = rs__html_clean(b->text.data, b->text.len);
    rs_block_info info = {0};
    if (!t) {
        r->failed = 1;
        return;
    }
    info.lang = r->lang;
    if (r->counting || !t[0]) {
        /* nothing to write */
    } else if (is_time(t)) {
        removed(r, b->line, t, "not said: the time of the record");
        rs__free(r->time);
        if (!(r->time = rs__strdup(t)))
            r->failed = 1;
    } else if (is_bracketed(t, '[')) {
        removed(r, b->line, t, "not said: a bracketed note of the record");
    } else {
        r->in_division = 0;
        r->after_furniture = 0;
        rs__doc_end_statement(r->doc);
        if (b->all_italic) {
            add_direction(r, t, b->line, "not said: a heading in italics, a note of the record");
        } else if ((b->heading == 1 && rs__doc_set(&r->doc->title, t)) ||
                   rs__doc_add_heading(r->doc, b->heading, t, b->line, &info)) {
            r->failed = 1;
        }
    }
    rs__free(t);
}

/* Splits the block at blank lines (of <pre>, or <br><br>) into paragraphs;
 * the first that holds text may open with a speaker's label in bold. */
static void split(html_reader *r, const html_block *b)
{
    const char *s = b->text.data;
    size_t n = b->text.len, start = 0, i;
    int first = 1;
    for (i = 0; i <= n && !r->failed; i++) {
        size_t next = i + 1, w;
        if (i < n) {
            if (s[i] != '\n')
                continue;
            while (next < n && s[next] != '\n' && is_blank_at(s + next, n - next, &w))
                next += w;
            if (next >= n || s[next] != '\n')
                continue;
        }
        /* a line ends before a blank line, or the text ends */
        if (paragraph(r, s + start, i - start, b, first))
            first = 0;
        start = next;
        i = next - 1;
    }
}

void rs__html_flush(html_reader *r)
{
    html_block *b = &r->block;
    if (b->has_text && !r->failed) {
        if (rs__buf_putc(&b->text, '\0') != 0) {
            r->failed = 1;
        } else {
            b->text.len--; /* the NUL ends the text, not part of it */
            if (b->heading)
                heading(r, b);
            else
                split(r, b);
        }
    }
    b->text.len = 0;
    b->heading = 0;
    b->has_text = 0;
    b->all_italic = b->all_bold = b->all_link = 0;
    b->bold_started = b->bold_done = 0;
    b->bold_start = b->bold_end = 0;
    b->line = 0;
}
