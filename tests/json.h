/* A strict JSON reader for tests (RFC 8259): json_parse checks the whole
 * text and builds a tree, json_at looks a value up by a path. */
#ifndef ROSTRUM_TEST_JSON_H
#define ROSTRUM_TEST_JSON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    double number;             /* JSON_NUMBER */
    char *string;              /* JSON_STRING decoded; JSON_NUMBER its text as written */
    size_t length;             /* bytes of string (a decoded "\u0000" is one) */
    char **keys;               /* JSON_OBJECT: decoded keys, one per item */
    struct json_value *items;  /* JSON_ARRAY elements, JSON_OBJECT values */
    size_t count;
} json_value;

#define JSON_MAX_DEPTH 64

typedef struct json_parser {
    const char *text;
    size_t len, at;
    int depth;
    char error[160];
} json_parser;

/* Records the first failure with where it happened; returns -1. */
static int json_fail(json_parser *p, const char *what)
{
    if (!p->error[0])
        snprintf(p->error, sizeof p->error, "byte %zu: %s", p->at, what);
    return -1;
}

/* The four white space characters JSON has, and no other. */
static void json_skip_space(json_parser *p)
{
    while (p->at < p->len && (p->text[p->at] == ' ' || p->text[p->at] == '\t' || p->text[p->at] == '\n' ||
                              p->text[p->at] == '\r'))
        p->at++;
}

/* Appends bytes to a growing string (plain malloc: the allocation counter
 * of the library under test is left alone). */
static int json_append(json_parser *p, char **s, size_t *len, size_t *cap, const char *bytes, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t grown = (*len + n + 1) * 2;
        char *more = realloc(*s, grown);
        if (!more)
            return json_fail(p, "out of memory");
        *s = more;
        *cap = grown;
    }
    memcpy(*s + *len, bytes, n);
    *len += n;
    (*s)[*len] = '\0';
    return 0;
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t json_utf8_len(const unsigned char *s, size_t avail)
{
    size_t n, i;
    unsigned char lo = 0x80, hi = 0xBF;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* Four hex digits after "\u". */
static int json_hex4(json_parser *p, unsigned *out)
{
    size_t i;
    *out = 0;
    if (p->len - p->at < 4)
        return json_fail(p, "\\u needs four hex digits");
    for (i = 0; i < 4; i++) {
        char c = p->text[p->at + i];
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = (unsigned)(c - 'A' + 10);
        else
            return json_fail(p, "\\u needs four hex digits");
        *out = *out * 16 + digit;
    }
    p->at += 4;
    return 0;
}

/* A string from its opening quote: escapes decoded (a surrogate pair to
 * one character, a lone surrogate refused), no raw control character,
 * UTF-8 well formed. */
static int json_string(json_parser *p, char **out, size_t *out_len)
{
    char *s = NULL;
    size_t len = 0, cap = 0;
    p->at++; /* the opening quote */
    if (json_append(p, &s, &len, &cap, "", 0))
        goto fail;
    for (;;) {
        unsigned char c;
        if (p->at >= p->len) {
            json_fail(p, "unterminated string");
            goto fail;
        }
        c = (unsigned char)p->text[p->at];
        if (c == '"') {
            p->at++;
            break;
        }
        if (c < 0x20) {
            json_fail(p, "control character in a string");
            goto fail;
        }
        if (c == '\\') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *which;
            char e = p->at + 1 < p->len ? p->text[p->at + 1] : '\0';
            p->at += 2;
            if (e == 'u') {
                unsigned cp, low;
                char utf8[4];
                size_t n;
                if (json_hex4(p, &cp))
                    goto fail;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    json_fail(p, "lone low surrogate");
                    goto fail;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p->len - p->at < 2 || p->text[p->at] != '\\' || p->text[p->at + 1] != 'u') {
                        json_fail(p, "high surrogate without a low one");
                        goto fail;
                    }
                    p->at += 2;
                    if (json_hex4(p, &low))
                        goto fail;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        json_fail(p, "high surrogate without a low one");
                        goto fail;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                if (cp < 0x80) {
                    utf8[0] = (char)cp;
                    n = 1;
                } else if (cp < 0x800) {
                    utf8[0] = (char)(0xC0 | cp >> 6);
                    utf8[1] = (char)(0x80 | (cp & 0x3F));
                    n = 2;
                } else if (cp < 0x10000) {
                    utf8[0] = (char)(0xE0 | cp >> 12);
                    utf8[1] = (char)(0x80 | (cp >> 6 & 0x3F));
                    utf8[2] = (char)(0x80 | (cp & 0x3F));
                    n = 3;
                } else {
                    utf8[0] = (char)(0xF0 | cp >> 18);
                    utf8[1] = (char)(0x80 | (cp >> 12 & 0x3F));
                    utf8[2] = (char)(0x80 | (cp >> 6 & 0x3F));
                    utf8[3] = (char)(0x80 | (cp & 0x3F));
                    n = 4;
                }
                if (json_append(p, &s, &len, &cap, utf8, n))
                    goto fail;
                continue;
            }
            which = e ? strchr(from, e) : NULL;
            if (!which) {
                p->at -= 2;
                json_fail(p, "unknown escape");
                goto fail;
            }
            if (json_append(p, &s, &len, &cap, &to[which - from], 1))
                goto fail;
            continue;
        }
        {
            size_t n = json_utf8_len((const unsigned char *)p->text + p->at, p->len - p->at);
            if (n == 0) {
                json_fail(p, "malformed UTF-8");
                goto fail;
            }
            if (json_append(p, &s, &len, &cap, p->text + p->at, n))
                goto fail;
            p->at += n;
        }
    }
    *out = s;
    *out_len = len;
    return 0;
fail:
    free(s);
    return -1;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? and nothing looser. */
static int json_number(json_parser *p, json_value *v)
{
    size_t start = p->at;
    const char *t = p->text;
    char *end = NULL;
#define JSON_DIGIT_AT(i) ((i) < p->len && t[i] >= '0' && t[i] <= '9')
    if (p->at < p->len && t[p->at] == '-')
        p->at++;
    if (p->at < p->len && t[p->at] == '0') {
        p->at++;
        if (JSON_DIGIT_AT(p->at))
            return json_fail(p, "leading zero");
    } else if (JSON_DIGIT_AT(p->at)) {
        while (JSON_DIGIT_AT(p->at))
            p->at++;
    } else {
        return json_fail(p, "a number needs digits");
    }
    if (p->at < p->len && t[p->at] == '.') {
        p->at++;
        if (!JSON_DIGIT_AT(p->at))
            return json_fail(p, "a fraction needs digits");
        while (JSON_DIGIT_AT(p->at))
            p->at++;
    }
    if (p->at < p->len && (t[p->at] == 'e' || t[p->at] == 'E')) {
        p->at++;
        if (p->at < p->len && (t[p->at] == '+' || t[p->at] == '-'))
            p->at++;
        if (!JSON_DIGIT_AT(p->at))
            return json_fail(p, "an exponent needs digits");
        while (JSON_DIGIT_AT(p->at))
            p->at++;
    }
#undef JSON_DIGIT_AT
    v->type = JSON_NUMBER;
    v->length = p->at - start;
    v->string = malloc(v->length + 1);
    if (!v->string)
        return json_fail(p, "out of memory");
    memcpy(v->string, t + start, v->length);
    v->string[v->length] = '\0';
    v->number = strtod(v->string, &end); /* the C locale: nothing here calls setlocale */
    if (*end != '\0')
        return json_fail(p, "number not read whole");
    return 0;
}

static void json_free(json_value *v);
static int json_value_at(json_parser *p, json_value *v);

/* One more item in an array or object. */
static json_value *json_grow(json_parser *p, json_value *v, size_t *cap)
{
    if (v->count == *cap) {
        size_t more = *cap ? *cap * 2 : 8;
        json_value *items = realloc(v->items, more * sizeof *items);
        char **keys;
        if (!items) {
            json_fail(p, "out of memory");
            return NULL;
        }
        v->items = items;
        if (v->type == JSON_OBJECT) {
            keys = realloc(v->keys, more * sizeof *keys);
            if (!keys) {
                json_fail(p, "out of memory");
                return NULL;
            }
            v->keys = keys;
        }
        *cap = more;
    }
    memset(&v->items[v->count], 0, sizeof v->items[0]);
    if (v->type == JSON_OBJECT)
        v->keys[v->count] = NULL;
    return &v->items[v->count++];
}

/* An array or object from its opening bracket: items separated by single
 * commas, none after the last; an object's keys are strings, each once. */
static int json_container(json_parser *p, json_value *v, char close)
{
    size_t cap = 0;
    v->type = close == ']' ? JSON_ARRAY : JSON_OBJECT;
    if (++p->depth > JSON_MAX_DEPTH)
        return json_fail(p, "nested too deep");
    p->at++;
    json_skip_space(p);
    if (p->at < p->len && p->text[p->at] == close) {
        p->at++;
        p->depth--;
        return 0;
    }
    for (;;) {
        json_value *item;
        json_skip_space(p);
        item = json_grow(p, v, &cap);
        if (!item)
            return -1;
        if (v->type == JSON_OBJECT) {
            size_t i, key_len;
            if (p->at >= p->len || p->text[p->at] != '"')
                return json_fail(p, "a key must be a string");
            if (json_string(p, &v->keys[v->count - 1], &key_len))
                return -1;
            for (i = 0; i + 1 < v->count; i++)
                if (strcmp(v->keys[i], v->keys[v->count - 1]) == 0)
                    return json_fail(p, "duplicate key");
            json_skip_space(p);
            if (p->at >= p->len || p->text[p->at] != ':')
                return json_fail(p, "':' expected after a key");
            p->at++;
        }
        if (json_value_at(p, item))
            return -1;
        json_skip_space(p);
        if (p->at < p->len && p->text[p->at] == ',') {
            p->at++;
            continue;
        }
        if (p->at < p->len && p->text[p->at] == close) {
            p->at++;
            p->depth--;
            return 0;
        }
        return json_fail(p, close == ']' ? "',' or ']' expected" : "',' or '}' expected");
    }
}

static int json_value_at(json_parser *p, json_value *v)
{
    static const struct {
        const char *word;
        json_type type;
    } literals[] = {{"true", JSON_TRUE}, {"false", JSON_FALSE}, {"null", JSON_NULL}};
    size_t i;
    char c;
    json_skip_space(p);
    if (p->at >= p->len)
        return json_fail(p, "a value expected");
    c = p->text[p->at];
    if (c == '{')
        return json_container(p, v, '}');
    if (c == '[')
        return json_container(p, v, ']');
    if (c == '"') {
        v->type = JSON_STRING;
        return json_string(p, &v->string, &v->length);
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return json_number(p, v);
    for (i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        size_t n = strlen(literals[i].word);
        if (p->len - p->at >= n && memcmp(p->text + p->at, literals[i].word, n) == 0) {
            p->at += n;
            v->type = literals[i].type;
            return 0;
        }
    }
    return json_fail(p, "a value expected");
}

static void json_free(json_value *v)
{
    size_t i;
    if (!v)
        return;
    for (i = 0; i < v->count; i++) {
        json_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    memset(v, 0, sizeof *v);
}

/* Parses the whole of text (white space around one value, nothing else)
 * into *out. Returns 0, or -1 with the place and cause in error (size
 * bytes) and *out emptied. */
static int json_parse(const char *text, size_t len, json_value *out, char *error, size_t size)
{
    json_parser p;
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    p.text = text;
    p.len = len;
    if (json_value_at(&p, out) == 0) {
        json_skip_space(&p);
        if (p.at != p.len)
            json_fail(&p, "text after the value");
    }
    if (p.error[0]) {
        json_free(out);
        if (error && size)
            snprintf(error, size, "%s", p.error);
        return -1;
    }
    return 0;
}

/* The value at a path made with printf's format: keys joined by '.', array
 * indexes in brackets ("chapters[1].start_ms", "sentences[0].source[1]").
 * NULL when any step is missing. */
static const json_value *json_at(const json_value *root, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static const json_value *json_at(const json_value *root, const char *format, ...)
{
    char path[256];
    const char *s = path;
    const json_value *v = root;
    va_list ap;
    va_start(ap, format);
    vsnprintf(path, sizeof path, format, ap);
    va_end(ap);
    while (v && *s) {
        if (*s == '[') {
            char *end;
            unsigned long index = strtoul(s + 1, &end, 10);
            if (v->type != JSON_ARRAY || end == s + 1 || *end != ']' || index >= v->count)
                return NULL;
            v = &v->items[index];
            s = end + 1;
        } else {
            size_t n, i;
            const json_value *found = NULL;
            if (*s == '.')
                s++;
            n = strcspn(s, ".[");
            if (v->type != JSON_OBJECT || n == 0)
                return NULL;
            for (i = 0; i < v->count; i++)
                if (strlen(v->keys[i]) == n && memcmp(v->keys[i], s, n) == 0)
                    found = &v->items[i];
            v = found;
            s += n;
        }
    }
    return v;
}

#endif
