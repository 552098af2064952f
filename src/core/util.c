/* Small shared helpers of librostrum: allocation with a failure hook for
 * tests, a growable buffer, UTF-8 checks, letter case and a stable hash. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "core/core.h"

atomic_ulong rs__alloc_fail_at = 0;
atomic_ulong rs__alloc_count = 0;
rs_alloc_trace_fn rs__alloc_trace = NULL;

/* Counts the allocation and says whether the test hook wants it to fail.
 * Encoder threads allocate while a test sweeps, so the count is one atomic
 * step that hands each allocation its own number: none is lost, and only
 * the one numbered fail_at fails. Nothing else is ordered by the count, so
 * relaxed order is enough. */
static int alloc_should_fail(const void *caller)
{
    unsigned long number = atomic_fetch_add_explicit(&rs__alloc_count, 1, memory_order_relaxed) + 1;
    unsigned long fail_at = atomic_load_explicit(&rs__alloc_fail_at, memory_order_relaxed);
    rs_alloc_trace_fn trace = rs__alloc_trace;
    if (trace)
        trace(number, (uintptr_t)caller);
    return fail_at != 0 && number == fail_at;
}

void *rs__malloc(size_t size)
{
    if (alloc_should_fail(__builtin_return_address(0)))
        return NULL;
    return malloc(size ? size : 1);
}

void *rs__calloc(size_t count, size_t size)
{
    if (alloc_should_fail(__builtin_return_address(0)))
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *rs__realloc(void *ptr, size_t size)
{
    if (alloc_should_fail(__builtin_return_address(0)))
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void rs__free(void *ptr)
{
    free(ptr);
}

/* The first room an array gets: 16 items, and at least 64 bytes, so that a
 * byte buffer does not grow four times on its first line. */
static size_t first_capacity(size_t size)
{
    return size < 4 ? (64 + size - 1) / size : 16;
}

/* The array's pointer is read and written with memcpy: the caller's is a
 * T *, never a void *, and C lets no one reach one through the other.
 * The allocation goes through the test hook with the caller's own
 * address, so that a sweep's trace tells one array's growth from
 * another's, as it did when each caller called rs__realloc itself. */
int rs__grow(void *items, size_t *cap, size_t need, size_t size)
{
    void *array, *grown;
    size_t wanted;
    if (need <= *cap)
        return 0;
    /* the doubling below stays under twice need: its bytes fit a size_t */
    if (size == 0 || need > SIZE_MAX / 2 / size)
        return ROSTRUM_ENOMEM;
    wanted = *cap ? *cap : first_capacity(size);
    while (wanted < need)
        wanted *= 2;
    if (alloc_should_fail(__builtin_return_address(0)))
        return ROSTRUM_ENOMEM;
    memcpy(&array, items, sizeof array);
    grown = realloc(array, wanted * size);
    if (!grown)
        return ROSTRUM_ENOMEM;
    memcpy(items, &grown, sizeof grown);
    *cap = wanted;
    return 0;
}

char *rs__strndup(const char *s, size_t len)
{
    char *copy = rs__malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *rs__strdup_trimmed(const char *s, size_t len, int strip_quotes)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\f' ||
                   s[len - 1] == '\v'))
        len--;
    if (strip_quotes && len >= 2 && ((s[0] == '"' && s[len - 1] == '"') || (s[0] == '\'' && s[len - 1] == '\''))) {
        s++;
        len -= 2;
    }
    return rs__strndup(s, len);
}

char *rs__strdup(const char *s)
{
    return s ? rs__strndup(s, strlen(s)) : NULL;
}

void rs__set_error(char *errmsg, size_t size, const char *fmt, ...)
{
    va_list ap;
    if (!errmsg || size == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(errmsg, size, fmt, ap);
    va_end(ap);
}

/* ISO C converts no object pointer into a function pointer; POSIX has
 * dlsym's void * hold a function's address in the same representation as
 * a function pointer. So the address is copied into the slot with memcpy,
 * which -Wpedantic accepts and which needs only the sizes to agree. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "dlsym's addresses fit function pointers");

int rs__dl_load(const char *soname, const rs_dl_function *functions, size_t count, char *failure,
                size_t failure_size)
{
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    size_t i;
    if (!library) {
        rs__set_error(failure, failure_size, "%s", dlerror());
        return ROSTRUM_EUNSUPPORTED;
    }
    for (i = 0; i < count; i++) {
        void *address = dlsym(library, functions[i].name);
        if (!address) {
            rs__set_error(failure, failure_size, "%s has no %s", soname, functions[i].name);
            return ROSTRUM_EUNSUPPORTED;
        }
        memcpy(functions[i].slot, &address, sizeof address);
    }
    return 0;
}

void rs__buf_free(rs_buf *b)
{
    rs__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

int rs__buf_reserve(rs_buf *b, size_t extra)
{
    if (b->failed)
        return rs__buf_status(b);
    if (extra > SIZE_MAX / 2 - b->len)
        goto fail;
    if (b->spill && b->len > 0 && b->len + extra + 1 > RS__BUF_SPILL_AT) {
        int rc = rs__buf_spill(b);
        if (rc)
            return rc;
    }
    if (rs__grow(&b->data, &b->cap, b->len + extra + 1, 1) == 0)
        return 0;
fail:
    b->failed = ROSTRUM_ENOMEM;
    return ROSTRUM_ENOMEM;
}

int rs__buf_status(const rs_buf *b)
{
    return b->failed;
}

int rs__buf_spill(rs_buf *b)
{
    int rc;
    if (b->failed || !b->spill || b->len == 0)
        return b->failed;
    rc = b->spill(b->spill_user, b->data, b->len);
    if (rc) {
        b->failed = rc;
        return rc;
    }
    b->len = 0;
    b->data[0] = '\0';
    return 0;
}

int rs__buf_append(rs_buf *b, const char *s, size_t len)
{
    if (rs__buf_reserve(b, len) != 0)
        return ROSTRUM_ENOMEM;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int rs__buf_puts(rs_buf *b, const char *s)
{
    return rs__buf_append(b, s, strlen(s));
}

int rs__buf_putc(rs_buf *b, char c)
{
    return rs__buf_append(b, &c, 1);
}

int rs__buf_printf(rs_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ROSTRUM_EINVAL;
    if ((size_t)n < sizeof small)
        return rs__buf_append(b, small, (size_t)n);
    if (rs__buf_reserve(b, (size_t)n) != 0)
        return ROSTRUM_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *rs__buf_take(rs_buf *b)
{
    char *s;
    if (b->failed) {
        rs__buf_free(b);
        return NULL;
    }
    if (!b->data && rs__buf_reserve(b, 0) != 0)
        return NULL;
    s = b->data;
    s[b->len] = '\0';
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

size_t rs__utf8_valid_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

uint32_t rs__utf8_decode(const char *str, size_t *len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0 && s[1]) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0 && s[1] && s[2]) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if (s[1] && s[2] && s[3]) {
        *len = 4;
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

size_t rs__utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t rs__utf8_count(const char *s, size_t len)
{
    size_t count = 0;
    size_t i;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

/* Letter case comes from Unicode's tables through utf8proc, so that every
 * script with capitals counts (Polish Ł, Czech Ž, Turkish İ), not only the
 * ranges a hand table knew. A letter is upper or lower case here only when
 * it has a partner in the other case: Georgian's everyday letters are lower
 * case to Unicode, yet have no capital that a sentence or a name would open
 * with, so a line in Georgian must not look like the rest of a sentence. */
int rs__cp_is_upper(uint32_t cp)
{
    utf8proc_int32_t c = (utf8proc_int32_t)cp;
    return cp <= 0x10FFFF && utf8proc_isupper(c) && utf8proc_tolower(c) != c;
}

int rs__cp_is_lower(uint32_t cp)
{
    utf8proc_int32_t c = (utf8proc_int32_t)cp;
    return cp <= 0x10FFFF && utf8proc_islower(c) && utf8proc_totitle(c) != c;
}

int rs__cp_is_letter(uint32_t cp)
{
    utf8proc_category_t category = utf8proc_category(cp <= 0x10FFFF ? (utf8proc_int32_t)cp : 0);
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

/* The simple (one code point) mapping, which keeps a word's length in
 * letters: İ becomes i, Σ becomes σ wherever it stands. */
uint32_t rs__cp_to_lower(uint32_t cp)
{
    return cp <= 0x10FFFF ? (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp) : cp;
}

size_t rs__utf8_match_small(const char *s, size_t len, const char *small)
{
    size_t i = 0, at = 0, n;
    while (small[at]) {
        char lowered[4];
        size_t lowered_len;
        if (i >= len)
            return 0;
        lowered_len = rs__utf8_encode(rs__cp_to_lower(rs__utf8_decode(s + i, &n)), lowered);
        if (i + n > len || strncmp(small + at, lowered, lowered_len) != 0)
            return 0;
        at += lowered_len;
        i += n;
    }
    return i;
}

/* Decomposes s canonically (and folds its case) into buf; the length
 * needed, which may exceed cap, or -1 for text that is not UTF-8. */
static utf8proc_ssize_t decompose(const char *s, utf8proc_int32_t *buf, utf8proc_ssize_t cap, int caseless)
{
    int options = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | (caseless ? UTF8PROC_CASEFOLD : 0);
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, 0, buf, cap, (utf8proc_option_t)options);
    return n < 0 ? -1 : n;
}

/* Names typed by a user (a voice map) and names read from a document may
 * spell "Žák" precomposed or as Z and a combining caron: both decompose to
 * the same code points, which are compared. Names are short: beyond what
 * the buffers hold, two texts of the same decomposed length are compared
 * byte by byte, as they were before. */
int rs__utf8_same(const char *a, const char *b, int caseless)
{
    enum { CAP = 256 };
    utf8proc_int32_t da[CAP], db[CAP];
    utf8proc_ssize_t na = decompose(a, da, CAP, caseless), nb = decompose(b, db, CAP, caseless);
    if (na < 0 || nb < 0 || (na > CAP && nb > CAP))
        return caseless ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
    return na == nb && memcmp(da, db, (size_t)na * sizeof *da) == 0;
}

int rs__is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int rs__is_alpha_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

int rs__is_word_byte(unsigned char c)
{
    return rs__is_alpha_byte(c) || rs__is_digit((char)c);
}

uint64_t rs__hash(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void rs__digest_init(rs_digest *d)
{
    d->lane[0] = RS__HASH_INIT;
    d->lane[1] = ~RS__HASH_INIT;
}

void rs__digest_add(rs_digest *d, const void *data, size_t len)
{
    d->lane[0] = rs__hash(d->lane[0], data, len);
    d->lane[1] = rs__hash(d->lane[1], data, len);
}

void rs__digest_field(rs_digest *d, const void *data, size_t len)
{
    unsigned char size[8];
    rs__put_le(size, len, 8);
    rs__digest_add(d, size, sizeof size);
    rs__digest_add(d, data, len);
}

/* ---- a set of 64-bit hashes (open addressing) ---- */

static void hashset_insert(rs_hashset *set, uint64_t h)
{
    size_t slot = (size_t)h & (set->cap - 1);
    while (set->keys[slot] && set->keys[slot] != h)
        slot = (slot + 1) & (set->cap - 1);
    if (!set->keys[slot])
        set->count++;
    set->keys[slot] = h;
}

/* Adds a key; the table doubles before it is half full. */
void rs__hashset_add(rs_hashset *set, uint64_t h)
{
    h |= 1;
    if (set->failed)
        return;
    if ((set->count + 1) * 2 > set->cap) {
        uint64_t *old = set->keys;
        size_t old_cap = set->cap, i;
        size_t cap = old_cap ? old_cap * 2 : 64;
        uint64_t *grown = rs__calloc(cap, sizeof *grown);
        if (!grown) {
            set->failed = 1;
            return;
        }
        set->keys = grown;
        set->cap = cap;
        set->count = 0;
        for (i = 0; i < old_cap; i++)
            if (old[i])
                hashset_insert(set, old[i]);
        rs__free(old);
    }
    hashset_insert(set, h);
}

int rs__hashset_has(const rs_hashset *set, uint64_t h)
{
    size_t slot;
    if (!set || !set->keys)
        return 0;
    h |= 1;
    slot = (size_t)h & (set->cap - 1);
    while (set->keys[slot]) {
        if (set->keys[slot] == h)
            return 1;
        slot = (slot + 1) & (set->cap - 1);
    }
    return 0;
}


void rs__put_le(unsigned char *p, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

uint64_t rs__get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    int i;
    for (i = bytes - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t rs__hash_caseless(const char *s, size_t len, uint64_t h)
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

int rs__lang_tag_valid(const char *tag)
{
    size_t i;
    for (i = 0; tag[i]; i++) {
        char c = tag[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return i > 0 && i <= 35;
}

int rs__lang_same_primary(const char *a, const char *b)
{
    size_t n = strcspn(a, "-_");
    return n == strcspn(b, "-_") && strncasecmp(a, b, n) == 0;
}
