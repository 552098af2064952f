/* The core of librostrum that every stage uses: allocation, buffers, UTF-8,
 * hashing, atomic files, error messages and libraries loaded when first
 * needed. Private: names carry rs__. */
#ifndef ROSTRUM_CORE_H
#define ROSTRUM_CORE_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rostrum.h"

#define RS__SAMPLE_RATE 22050
#define RS__MAX_CHAPTERS 1000
#define RS__FRAME_SAMPLES 441 /* one 20 ms Opus frame at RS__SAMPLE_RATE */
#define RS__ERRMSG_SIZE 512
/* An internal error, never returned by the library: a temporary file of
 * the encoder could not be written (errno says why). render.c says so as
 * ROSTRUM_EIO. */
#define RS__ESPOOL (-1000)

/* ---- allocation: every allocation of the library goes through these, so a
 * test can make the Nth one fail (see rs__alloc_fail_at). ---- */
void *rs__malloc(size_t size);
void *rs__calloc(size_t count, size_t size);
void *rs__realloc(void *ptr, size_t size);
void rs__free(void *ptr);
char *rs__strdup(const char *s);
char *rs__strndup(const char *s, size_t len);
/* Makes room for need items of size bytes in the array that items points
 * to (a T **), whose room is *cap items: the room doubles, from 16 items
 * (64 bytes at least), until need fit. Returns 0, or ROSTRUM_ENOMEM with
 * the array and *cap unchanged (also when need items would not fit in
 * memory at all). */
int rs__grow(void *items, size_t *cap, size_t need, size_t size);
/* A copy without the white space around it, and without one pair of
 * surrounding quotes when strip_quotes is set. */
char *rs__strdup_trimmed(const char *s, size_t len, int strip_quotes);
/* Test hook: when non-zero, the allocation with this 1-based number fails
 * and every later one succeeds again. rs__alloc_count counts allocations,
 * from every thread (both are atomic: a test may set and read them as
 * plain variables). */
extern atomic_ulong rs__alloc_fail_at;
extern atomic_ulong rs__alloc_count;
/* Test hook: when set, called by each allocation, before it is made or
 * failed, in the thread that makes it, with its number (as counted in
 * rs__alloc_count) and the address it was called from; its own call stack
 * is the allocation's. A test learns where two runs part and by which path
 * each allocation came (tests/sweep.h). Set it only while no thread
 * allocates. */
typedef void (*rs_alloc_trace_fn)(unsigned long number, uintptr_t caller);
extern rs_alloc_trace_fn rs__alloc_trace;

/* ---- growable byte buffer; a failed growth makes it sticky-failed ---- */
/* A buffer with a spill function hands what it holds to it whenever it
 * would grow past RS__BUF_SPILL_AT, so that a long text written only by
 * appending (a manifest, captions) takes constant memory; its data is
 * then only the text's end. */
#define RS__BUF_SPILL_AT 65536
typedef int (*rs_buf_spill_fn)(void *user, const char *data, size_t len);
typedef struct rs_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;              /* 0, or the error that failed it */
    rs_buf_spill_fn spill;   /* NULL: the buffer holds everything */
    void *spill_user;
} rs_buf;
/* 0, or the error that failed the buffer (ROSTRUM_ENOMEM, or the spill's). */
int rs__buf_status(const rs_buf *b);
/* Hands everything still held to the spill function. */
int rs__buf_spill(rs_buf *b);

void rs__buf_free(rs_buf *b);
int rs__buf_reserve(rs_buf *b, size_t extra);
int rs__buf_append(rs_buf *b, const char *s, size_t len);
int rs__buf_puts(rs_buf *b, const char *s);
int rs__buf_putc(rs_buf *b, char c);
int rs__buf_printf(rs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the NUL-terminated contents to the caller and empties b. */
char *rs__buf_take(rs_buf *b);

/* ---- UTF-8 ---- */
/* Returns the length of the valid UTF-8 sequence at s (1..4), or 0 if the
 * bytes there are not valid UTF-8 (overlong forms and surrogates included). */
size_t rs__utf8_valid_len(const unsigned char *s, size_t avail);
/* Decodes the (valid) sequence at s, stores its length in *len. */
uint32_t rs__utf8_decode(const char *s, size_t *len);
size_t rs__utf8_encode(uint32_t cp, char out[4]);
/* Code points in the first len bytes. */
size_t rs__utf8_count(const char *s, size_t len);

/* ---- letters and case by Unicode (utf8proc), any script ---- */
int rs__cp_is_upper(uint32_t cp);  /* a capital with a small letter beside it: Ł, Ž, İ, Σ, Д */
int rs__cp_is_lower(uint32_t cp);  /* a small letter with a capital: ł, ž, ı, ς, д */
int rs__cp_is_letter(uint32_t cp); /* general category L: letters of every script */
uint32_t rs__cp_to_lower(uint32_t cp);
/* script.c: the Unicode script of a code point as ICU numbers them
 * (USCRIPT_ARABIC ...): punctuation and digits that every script uses are
 * RS_SCRIPT_COMMON, combining marks that take the script of the letter
 * they follow RS_SCRIPT_INHERITED. */
#define RS_SCRIPT_COMMON 0
#define RS_SCRIPT_INHERITED 1
#define RS_SCRIPT_UNKNOWN (-1)
int rs__cp_script(uint32_t cp);
/* Whether tag can be a language tag: letters, digits, '-' and '_', 1 to 35. */
int rs__lang_tag_valid(const char *tag);
/* Whether two language tags share their primary subtag ("es", "es-419"). */
int rs__lang_same_primary(const char *a, const char *b);
const char *rs__script_name(int script); /* "Arabic", "Han" */
/* The bytes of s[0, len) that, their capitals made small, spell small
 * ("ARTÍCULO" for "artículo", "Applause" for "applause"); 0 if none do. */
size_t rs__utf8_match_small(const char *s, size_t len, const char *small);
/* Whether a and b are the same text once decomposed (NFC and NFD alike),
 * and, with caseless, once their case is folded. */
int rs__utf8_same(const char *a, const char *b, int caseless);

/* ---- byte classes: every byte of a multibyte character counts as a
 * letter, so that words in any script hold together ---- */
int rs__is_digit(char c);
int rs__is_alpha_byte(unsigned char c);
int rs__is_word_byte(unsigned char c); /* letter or digit */

/* ---- little-endian integers of 1 to 8 bytes, as files and headers store them ---- */
void rs__put_le(unsigned char *p, uint64_t v, int bytes);
uint64_t rs__get_le(const unsigned char *p, int bytes);

/* ---- hashing (FNV-1a 64) for deterministic serial numbers and keys ---- */
#define RS__HASH_INIT 0xcbf29ce484222325ULL
uint64_t rs__hash(uint64_t h, const void *data, size_t len);
/* rs__hash of s[0, len) with its capitals made small in every script, so
 * that "Ústavní-" at a line end finds "ústavní" written elsewhere. */
uint64_t rs__hash_caseless(const char *s, size_t len, uint64_t h);

/* A 128-bit digest: two FNV-1a lanes from different starts, as the cache
 * keys are made. Start it with rs__digest_init(). */
typedef struct rs_digest {
    uint64_t lane[2];
} rs_digest;
void rs__digest_init(rs_digest *d);
void rs__digest_add(rs_digest *d, const void *data, size_t len);
/* Adds the length (8 bytes, little-endian), then the bytes: fields added
 * one after another cannot run into each other ("ab","c" is not "a","bc"). */
void rs__digest_field(rs_digest *d, const void *data, size_t len);

/* A set of hashes; zero-initialize. A failed growth sets failed and drops
 * the key. */
typedef struct rs_hashset {
    uint64_t *keys;
    size_t cap;
    size_t count;
    int failed;
} rs_hashset;
void rs__hashset_add(rs_hashset *set, uint64_t h);
int rs__hashset_has(const rs_hashset *set, uint64_t h);

/* A span of bytes [start, end) of a text. */
typedef struct rs_span {
    size_t start, end;
} rs_span;

/* Where a stage hands on 16-bit mono samples; returns 0 or a negative code. */
typedef int (*rs_pcm_sink)(void *user, const int16_t *pcm, size_t count);

/* ---- the cache folder (cache.c) ---- */
/* Any bytes under a kind (a letter, part of the entry's name) and a key: 1
 * and a copy in *data (the caller frees) on a valid hit; a damaged entry is
 * removed and is a miss. */
int rs__cache_get_bytes(const char *dir, char kind, const uint64_t key[2], unsigned char **data, size_t *len);
int rs__cache_put_bytes(const char *dir, char kind, const uint64_t key[2], const unsigned char *data, size_t len);
/* Removes the least recently used entries until the folder holds max_bytes. */
void rs__cache_trim(const char *dir, uint64_t max_bytes);

/* ---- atomic file output (atomic_file.c) ---- */
typedef struct rs_outfile {
    int fd;
    char *final_path;
    char *temp_path;
    int direct;     /* an existing device or pipe, written in place */
    int seekable;
} rs_outfile;

/* Creates a temporary file beside path (beside the file a symbolic link
 * points to); an existing device or FIFO is opened to be written in place. */
int rs__outfile_open(rs_outfile *o, const char *path, char *errmsg, size_t errmsg_size);
/* /dev/stdout, /dev/fd/N and the like: open files of the process. */
int rs__is_descriptor_path(const char *path);
/* Flushes, syncs and renames the temporary file over path. */
int rs__outfile_commit(rs_outfile *o, char *errmsg, size_t errmsg_size);
/* Removes the temporary file (after a failure). Safe to call twice. */
void rs__outfile_abandon(rs_outfile *o);
extern const rostrum_io rs__fd_io;

/* ---- small helpers ---- */
void rs__set_error(char *errmsg, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- libraries loaded when first needed (poppler-glib, FFmpeg) ---- */
/* A function to look up: its name, and where its address goes: the
 * address of a function pointer of the function's own type (&table.name,
 * which an X-macro list of names writes as {#name, &table.name}). */
typedef struct rs_dl_function {
    const char *name;
    void *slot;
} rs_dl_function;
/* Opens the library by its soname (it stays open, its symbols local) and
 * fills every slot. Returns 0, or ROSTRUM_EUNSUPPORTED with why in failure:
 * the loader's own words when the library cannot be opened, "SONAME has no
 * NAME" when a function is missing. The caller names the Debian package. */
int rs__dl_load(const char *soname, const rs_dl_function *functions, size_t count, char *failure,
                size_t failure_size);

#endif
