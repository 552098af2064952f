/* The normalizer: turns one block's inline text (Markdown, HTML residue,
 * entities) into the plain text handed to the synthesizer. Pure. */
#include <string.h>

#include "internal.h"

typedef struct entity {
    const char *name;
    const char *text;
} entity;

/* Entities that decode to plain characters in every language. */
static const entity entities[] = {
    {"nbsp", " "},       {"lt", "<"},        {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},       {"mdash", " \xE2\x80\x94 "}, {"ndash", "\xE2\x80\x93"},
    {"hellip", "\xE2\x80\xA6"}, {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"},
    {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}, {"laquo", "\xC2\xAB"},
    {"raquo", "\xC2\xBB"}, {"eacute", "\xC3\xA9"}, {"egrave", "\xC3\xA8"},
    {"agrave", "\xC3\xA0"}, {"ccedil", "\xC3\xA7"}, {"ntilde", "\xC3\xB1"},
    {"euro", "\xE2\x82\xAC"}, {"copy", "\xC2\xA9"}, {"shy", ""}, {"zwsp", ""},
};

/* The word for "and" (&amp;) and "number" (#5) in the text's language. */
static const char *word_and(const char *language)
{
    if (language && strncmp(language, "fr", 2) == 0)
        return " et ";
    if (language && strncmp(language, "es", 2) == 0)
        return " y ";
    return " and ";
}

static const char *word_number(const char *language)
{
    if (language && strncmp(language, "fr", 2) == 0)
        return "numéro ";
    if (language && strncmp(language, "es", 2) == 0)
        return "número ";
    return "number ";
}

static int is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Decodes an entity at s ("&amp;") into out; returns the bytes consumed or 0. */
static size_t decode_entity(const char *s, rs_buf *out, const char *language)
{
    size_t i = 1, k;
    char name[16];
    if (s[1] == '#') {
        uint32_t cp = 0;
        int hex = (s[2] == 'x' || s[2] == 'X');
        char enc[4];
        i = hex ? 3 : 2;
        for (k = 0; k < 8; k++, i++) {
            char c = s[i];
            if (c >= '0' && c <= '9')
                cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
                cp = cp * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
            else
                break;
        }
        if (k == 0 || s[i] != ';')
            return 0;
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20)
            cp = ' ';
        rs__buf_append(out, enc, rs__utf8_encode(cp, enc));
        return i + 1;
    }
    for (k = 0; k < sizeof name - 1 && is_ascii_alnum(s[i]); k++, i++)
        name[k] = s[i];
    name[k] = '\0';
    if (k == 0 || s[i] != ';')
        return 0;
    if (strcmp(name, "amp") == 0) {
        rs__buf_puts(out, word_and(language));
        return i + 1;
    }
    for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        if (strcmp(name, entities[k].name) == 0) {
            rs__buf_puts(out, entities[k].text);
            return i + 1;
        }
    }
    return 0;
}

/* Length of an HTML tag or autolink at s ("<b>", "</p>", "<https://...>"),
 * or 0 if the '<' is just a character. */
static size_t tag_length(const char *s)
{
    size_t i = 1;
    if (!((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '/' || s[1] == '!'))
        return 0;
    while (s[i] && s[i] != '>' && s[i] != '<' && i < 2048)
        i++;
    return s[i] == '>' ? i + 1 : 0;
}

/* Finds the ']' that closes the '[' at s, allowing nesting. */
static const char *closing_bracket(const char *s)
{
    int depth = 0;
    size_t i;
    for (i = 0; s[i] && i < 4096; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            i++;
            continue;
        }
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && --depth == 0)
            return s + i;
    }
    return NULL;
}

/* Length of "(url)" or "[ref]" right after a link's closing bracket. */
static size_t link_target_length(const char *s)
{
    char close;
    size_t i = 1;
    int depth = 1;
    if (s[0] != '(' && s[0] != '[')
        return 0;
    close = s[0] == '(' ? ')' : ']';
    for (; s[i] && i < 4096; i++) {
        if (s[i] == s[0])
            depth++;
        else if (s[i] == close && --depth == 0)
            return i + 1;
    }
    return 0;
}

/* Collapses runs of white space and trims, in place. */
static void collapse_spaces(rs_buf *b)
{
    size_t r = 0, w = 0;
    int pending = 0;
    for (r = 0; r < b->len; r++) {
        char c = b->data[r];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pending = (w > 0);
            continue;
        }
        if (pending) {
            /* no space before closing punctuation */
            if (!(c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')'))
                b->data[w++] = ' ';
            pending = 0;
        }
        b->data[w++] = c;
    }
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

char *rs__normalize(const char *text, const char *language)
{
    rs_buf out = {0};
    const char *s = text;
    if (rs__buf_reserve(&out, strlen(text)) != 0)
        return NULL;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t n;
        if (c == '\\' && s[1] && strchr("\\`*_{}[]()#+-.!|<>~&", s[1])) {
            /* an escaped character is literal; markup characters are never spoken */
            if (!strchr("\\`*_#|~<>", s[1]))
                rs__buf_putc(&out, s[1]);
            s += 2;
            continue;
        }
        if (c == '!' && s[1] == '[') {
            const char *close = closing_bracket(s + 1);
            if (close && (n = link_target_length(close + 1)) > 0) {
                s = close + 1 + n; /* images are not spoken */
                continue;
            }
        }
        if (c == '[') {
            const char *close = closing_bracket(s);
            if (s[1] == '^' && close) {
                s = close + 1; /* footnote reference */
                continue;
            }
            if (close && (n = link_target_length(close + 1)) > 0) {
                char *inner = rs__strndup(s + 1, (size_t)(close - s - 1));
                char *spoken = inner ? rs__normalize(inner, language) : NULL;
                if (spoken) {
                    rs__buf_puts(&out, spoken);
                } else {
                    out.failed = 1;
                }
                rs__free(spoken);
                rs__free(inner);
                s = close + 1 + n;
                continue;
            }
        }
        if (c == '<' && (n = tag_length(s)) > 0) {
            rs__buf_putc(&out, ' ');
            s += n;
            continue;
        }
        if (c == '&' && (n = decode_entity(s, &out, language)) > 0) {
            s += n;
            continue;
        }
        if (c == '*' || c == '`' || c == '|') {
            if (c == '|')
                rs__buf_puts(&out, ", ");
            s++;
            continue;
        }
        if (c == '~' && s[1] == '~') {
            s += 2;
            continue;
        }
        if (c == '_') {
            /* emphasis at a word's edge disappears; inside a word it separates */
            int inside = out.len > 0 && is_ascii_alnum(out.data[out.len - 1]) && is_ascii_alnum(s[1]);
            if (inside)
                rs__buf_putc(&out, ' ');
            s++;
            continue;
        }
        if (c == '#') {
            if (s[1] >= '0' && s[1] <= '9')
                rs__buf_puts(&out, word_number(language));
            s++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            rs__buf_putc(&out, ' ');
            s++;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp = rs__utf8_decode(s, &n);
            if (cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || (cp >= 0x80 && cp < 0xA0) ||
                cp == 0x2022 || cp == 0x25CF || cp == 0x25AA || cp == 0x2023) {
                rs__buf_putc(&out, ' '); /* no-break spaces, C1 controls, bullets */
            } else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
                       cp == 0xAD) {
                /* zero-width characters and soft hyphens vanish */
            } else {
                rs__buf_append(&out, s, n);
            }
            s += n;
            continue;
        }
        rs__buf_putc(&out, (char)c);
        s++;
    }
    if (out.failed) {
        rs__buf_free(&out);
        return NULL;
    }
    collapse_spaces(&out);
    return rs__buf_take(&out);
}
