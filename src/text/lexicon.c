/* Pronunciation lexicons: plain-text files of "written = spoken" lines,
 * one set per language plus the user's own, looked up at every word by the
 * normalizer. Parsing and lookup are pure. */
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* The entries' strings live in blocks of POOL_BLOCK bytes (more for a
 * longer string) that never move: a lexicon of hundreds of entries is a
 * few allocations, not three an entry, and is freed block by block. */
#define POOL_BLOCK 16384

typedef struct pool_block {
    struct pool_block *next;
    size_t used, cap;
    char data[];
} pool_block;

/* Entries are kept in buckets by their first byte, longest key first, so
 * that the first match found at a position is the longest one. */
struct rs_lexicon {
    pool_block *pool;
    rs_lex_entry *entries;
    size_t count, cap;
    size_t *slots;           /* hash set of entry index + 1, by written form and condition */
    size_t slot_cap;
    size_t *bucket[256];
    size_t bucket_len[256];
    int indexed;
};


/* Whether the text at s goes on with a letter or digit: multibyte letters
 * do, the general punctuation (’ – …) and Latin-1 punctuation (« » no-break
 * space) do not. */
static int continues_word(const char *s, size_t avail)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return rs__is_word_byte(c);
    if (c == 0xE2 && avail >= 2 && ((unsigned char)s[1] == 0x80 || (unsigned char)s[1] == 0x81))
        return 0;
    if (c == 0xC2 && avail >= 2 && (unsigned char)s[1] < 0xC0)
        return 0;
    return 1;
}

static int has_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 1;
    return 0;
}

int rs__lexicon_create(rs_lexicon **out)
{
    *out = rs__calloc(1, sizeof **out);
    return *out ? 0 : ROSTRUM_ENOMEM;
}

void rs__lexicon_destroy(rs_lexicon *lex)
{
    size_t i;
    if (!lex)
        return;
    while (lex->pool) {
        pool_block *next = lex->pool->next;
        rs__free(lex->pool);
        lex->pool = next;
    }
    for (i = 0; i < 256; i++)
        rs__free(lex->bucket[i]);
    rs__free(lex->slots);
    rs__free(lex->entries);
    rs__free(lex);
}


/* Room for size bytes in the pool, or NULL. */
static char *pool_room(rs_lexicon *lex, size_t size)
{
    pool_block *b = lex->pool;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > POOL_BLOCK ? size : POOL_BLOCK;
        b = rs__malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = lex->pool;
        b->used = 0;
        b->cap = cap;
        lex->pool = b;
    }
    b->used += size;
    return b->data + b->used - size;
}

/* A copy of len bytes of s in the pool, without the blanks around them. */
static char *pool_trimmed(rs_lexicon *lex, const char *s, size_t len)
{
    char *copy;
    while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\f' ||
                   s[len - 1] == '\v'))
        len--;
    copy = pool_room(lex, len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

/* Splits a trailing "<Name>" or "<Number>" condition off the written form. */
static rs_lex_condition take_condition(char *written)
{
    size_t len = strlen(written);
    static const struct {
        const char *marker;
        rs_lex_condition condition;
    } markers[] = {{"<Name>", RS_LEX_BEFORE_NAME}, {"<Number>", RS_LEX_BEFORE_NUMBER}};
    size_t i;
    for (i = 0; i < 2; i++) {
        size_t m = strlen(markers[i].marker);
        if (len > m && strcmp(written + len - m, markers[i].marker) == 0) {
            len -= m;
            while (len && written[len - 1] == ' ')
                len--;
            written[len] = '\0';
            return markers[i].condition;
        }
    }
    return RS_LEX_ALWAYS;
}

static uint64_t entry_key(const char *written, rs_lex_condition condition)
{
    return rs__hash(RS__HASH_INIT + (uint64_t)condition, written, strlen(written));
}

/* The slot of the entry with this written form and condition, or of the
 * empty slot where it would go. */
static size_t find_slot(const rs_lexicon *lex, const char *written, rs_lex_condition condition)
{
    size_t slot = (size_t)entry_key(written, condition) & (lex->slot_cap - 1);
    while (lex->slots[slot]) {
        const rs_lex_entry *e = &lex->entries[lex->slots[slot] - 1];
        if (e->condition == condition && strcmp(e->written, written) == 0)
            break;
        slot = (slot + 1) & (lex->slot_cap - 1);
    }
    return slot;
}

/* Keeps the hash set at most half full, so that lookups stay short. */
static int grow_slots(rs_lexicon *lex)
{
    size_t cap = lex->slot_cap ? lex->slot_cap * 2 : 256, i;
    size_t *old = lex->slots, old_cap = lex->slot_cap;
    lex->slots = rs__calloc(cap, sizeof *lex->slots);
    if (!lex->slots) {
        lex->slots = old;
        return ROSTRUM_ENOMEM;
    }
    lex->slot_cap = cap;
    for (i = 0; i < old_cap; i++) {
        if (old[i]) {
            const rs_lex_entry *e = &lex->entries[old[i] - 1];
            lex->slots[find_slot(lex, e->written, e->condition)] = old[i];
        }
    }
    rs__free(old);
    return 0;
}

static int add_entry(rs_lexicon *lex, char *written, char *spoken, char *source, rs_lex_condition condition)
{
    size_t slot;
    rs_lex_entry *e;
    if ((lex->count + 1) * 2 > lex->slot_cap && grow_slots(lex) != 0)
        return ROSTRUM_ENOMEM;
    slot = find_slot(lex, written, condition);
    if (lex->slots[slot]) {
        /* a later entry for the same written form replaces the earlier one
         * (whose strings stay in the pool) */
        e = &lex->entries[lex->slots[slot] - 1];
    } else {
        if (rs__grow(&lex->entries, &lex->cap, lex->count + 1, sizeof *lex->entries) != 0)
            return ROSTRUM_ENOMEM;
        e = &lex->entries[lex->count++];
        lex->slots[slot] = lex->count;
    }
    e->written = written;
    e->written_len = strlen(written);
    e->spoken = spoken;
    e->source = source;
    e->condition = condition;
    e->any_case_first = !has_upper(written);
    lex->indexed = 0;
    return 0;
}

int rs__lexicon_parse(rs_lexicon *lex, const char *name, const char *text, char *errmsg, size_t errmsg_size)
{
    const char *line = text;
    size_t number = 0;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *eq;
        char *written = NULL, *spoken = NULL, *source = NULL;
        size_t k = 0;
        number++;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k == len || line[k] == '#')
            goto next;
        eq = memchr(line, '=', len);
        if (!eq) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: expected \"written = spoken\"", name, number);
            return ROSTRUM_EINPUT;
        }
        written = pool_trimmed(lex, line, (size_t)(eq - line));
        spoken = pool_trimmed(lex, eq + 1, len - (size_t)(eq + 1 - line));
        source = pool_room(lex, strlen(name) + 24);
        if (!written || !spoken || !source) {
            rs__set_error(errmsg, errmsg_size, "%s: out of memory", name);
            return ROSTRUM_ENOMEM;
        }
        snprintf(source, strlen(name) + 24, "%s:%zu", name, number);
        {
            rs_lex_condition condition = take_condition(written);
            if (written[0] == '\0') {
                rs__set_error(errmsg, errmsg_size, "%s:%zu: the written form is empty", name, number);
                return ROSTRUM_EINPUT;
            }
            if (add_entry(lex, written, spoken, source, condition) != 0) {
                rs__set_error(errmsg, errmsg_size, "%s: out of memory", name);
                return ROSTRUM_ENOMEM;
            }
        }
    next:
        if (!end)
            break;
        line = end + 1;
    }
    return 0;
}

int rs__lexicon_add(rs_lexicon *lex, const char *written, const char *spoken, const char *source)
{
    char *w = pool_trimmed(lex, written, strlen(written)), *s = pool_trimmed(lex, spoken, strlen(spoken));
    char *src = pool_trimmed(lex, source, strlen(source));
    return w && s && src && add_entry(lex, w, s, src, RS_LEX_ALWAYS) == 0 ? 0 : ROSTRUM_ENOMEM;
}

typedef struct ranked {
    size_t length;
    size_t index;
} ranked;

/* Longest first; among equals, the order the entries came in. */
static int by_length(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->length != y->length)
        return x->length < y->length ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Builds the 256 buckets: one pass to count, one to fill, one sort each. */
int rs__lexicon_index(rs_lexicon *lex)
{
    size_t counts[256] = {0}, fill[256] = {0}, i, b, total = 0, offset = 0;
    ranked *order;
    if (lex->indexed)
        return 0;
    for (i = 0; i < 256; i++) {
        rs__free(lex->bucket[i]);
        lex->bucket[i] = NULL;
        lex->bucket_len[i] = 0;
    }
    for (i = 0; i < lex->count; i++) {
        unsigned char first = (unsigned char)lex->entries[i].written[0];
        counts[first]++;
        if (lex->entries[i].any_case_first && first >= 'a' && first <= 'z')
            counts[first - 32]++;
    }
    for (b = 0; b < 256; b++)
        total += counts[b];
    order = rs__malloc((total ? total : 1) * sizeof *order);
    if (!order)
        return ROSTRUM_ENOMEM;
    for (b = 0; b < 256; b++) {
        fill[b] = offset;
        offset += counts[b];
    }
    for (i = 0; i < lex->count; i++) {
        unsigned char first = (unsigned char)lex->entries[i].written[0];
        ranked item;
        item.length = lex->entries[i].written_len;
        item.index = i;
        order[fill[first]++] = item;
        if (lex->entries[i].any_case_first && first >= 'a' && first <= 'z')
            order[fill[first - 32]++] = item;
    }
    offset = 0;
    for (b = 0; b < 256; b++) {
        size_t n = counts[b];
        if (n == 0)
            continue;
        qsort(order + offset, n, sizeof *order, by_length);
        lex->bucket[b] = rs__malloc(n * sizeof *lex->bucket[b]);
        if (!lex->bucket[b]) {
            rs__free(order);
            return ROSTRUM_ENOMEM;
        }
        for (i = 0; i < n; i++)
            lex->bucket[b][i] = order[offset + i].index;
        lex->bucket_len[b] = n;
        offset += n;
    }
    rs__free(order);
    lex->indexed = 1;
    return 0;
}

/* Whether the text after a match satisfies the entry's condition. */
static int condition_holds(const rs_lex_entry *e, const char *after, size_t avail)
{
    size_t i = 0, letter_len;
    if (e->condition == RS_LEX_ALWAYS)
        return 1;
    while (i < avail && after[i] == ' ')
        i++;
    if (i == 0 || i >= avail)
        return 0;
    if (e->condition == RS_LEX_BEFORE_NUMBER)
        return after[i] >= '0' && after[i] <= '9';
    /* a name: a capital letter of any script ("Dr. Łukaszewska", "M. Žák") */
    return rs__utf8_valid_len((const unsigned char *)after + i, avail - i) > 0 &&
           rs__cp_is_upper(rs__utf8_decode(after + i, &letter_len));
}

const rs_lex_entry *rs__lexicon_match(const rs_lexicon *lex, const char *text, size_t avail)
{
    unsigned char first;
    size_t i;
    if (!lex || !lex->indexed || avail == 0)
        return NULL;
    first = (unsigned char)text[0];
    for (i = 0; i < lex->bucket_len[first]; i++) {
        const rs_lex_entry *e = &lex->entries[lex->bucket[first][i]];
        size_t n = e->written_len;
        if (n > avail)
            continue;
        if (memcmp(text + 1, e->written + 1, n - 1) != 0)
            continue;
        if (text[0] != e->written[0] && !(e->any_case_first && text[0] == e->written[0] - 32))
            continue;
        /* whole words only: a key ending in a letter or digit must end a word */
        if (n < avail && rs__is_word_byte((unsigned char)e->written[n - 1]) && continues_word(text + n, avail - n))
            continue;
        if (!condition_holds(e, text + n, avail - n))
            continue;
        return e;
    }
    return NULL;
}

size_t rs__lexicon_size(const rs_lexicon *lex)
{
    return lex ? lex->count : 0;
}
