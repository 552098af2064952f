/* The stretch cache: the encoded packets of a stretch and what the meter
 * heard when they were decoded, under a key of its PCM and encoder settings, so that a re-render encodes only the stretches
 * whose audio changed. One file per stretch, written under a temporary name
 * and renamed, so that concurrent renders (batch workers) share a folder
 * safely. An entry that does not check out (truncated, corrupted, another
 * key) is a miss and is written again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define MAGIC "RSCACHE2"
#define SUFFIX ".rsc"
/* magic, check key, packets, bytes, checksum, gating blocks, peak */
#define HEADER_BYTES (8 + 8 + 4 + 4 + 8 + 4 + 8)
#define STALE_SECONDS 3600

static void put_u(unsigned char *p, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    int i;
    for (i = bytes - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void entry_path(char *out, size_t size, const char *dir, const uint64_t key[2])
{
    snprintf(out, size, "%s/%016llx%016llx" SUFFIX, dir, (unsigned long long)key[0], (unsigned long long)key[1]);
}

/* A double as the 8 little-endian bytes of its IEEE 754 form. */
static uint64_t double_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

static double bits_double(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static uint64_t checksum(const rs_packets *p)
{
    uint64_t h = rs__hash(RS__HASH_INIT, p->data, p->bytes);
    unsigned char le[8];
    size_t i;
    for (i = 0; i < p->packets; i++) {
        put_u(le, p->lengths[i], 2);
        h = rs__hash(h, le, 2);
    }
    for (i = 0; i < p->heard.block_count; i++) {
        put_u(le, double_bits(p->heard.blocks[i]), 8);
        h = rs__hash(h, le, 8);
    }
    put_u(le, double_bits(p->heard.peak), 8);
    return rs__hash(h, le, 8);
}

int rs__cache_get(const char *dir, const uint64_t key[2], rs_packets *out)
{
    char path[4096];
    unsigned char header[HEADER_BYTES];
    unsigned char *body = NULL;
    struct stat st;
    size_t packets, bytes, blocks, body_bytes, i;
    FILE *f;
    memset(out, 0, sizeof *out);
    entry_path(path, sizeof path, dir, key);
    f = fopen(path, "rb");
    if (!f)
        return 0;
    if (fstat(fileno(f), &st) != 0 || fread(header, 1, HEADER_BYTES, f) != HEADER_BYTES ||
        memcmp(header, MAGIC, 8) != 0 || get_u(header + 8, 8) != key[1])
        goto miss;
    packets = (size_t)get_u(header + 16, 4);
    bytes = (size_t)get_u(header + 20, 4);
    blocks = (size_t)get_u(header + 32, 4);
    body_bytes = 2 * packets + bytes + 8 * blocks;
    if ((uint64_t)st.st_size != HEADER_BYTES + (uint64_t)body_bytes)
        goto miss;
    body = rs__malloc(body_bytes + 1);
    out->lengths = rs__malloc((packets ? packets : 1) * sizeof *out->lengths);
    out->data = rs__malloc(bytes ? bytes : 1);
    out->heard.blocks = rs__malloc((blocks ? blocks : 1) * sizeof *out->heard.blocks);
    if (!body || !out->lengths || !out->data || !out->heard.blocks || fread(body, 1, body_bytes, f) != body_bytes)
        goto miss;
    for (i = 0; i < packets; i++)
        out->lengths[i] = (uint16_t)get_u(body + 2 * i, 2);
    memcpy(out->data, body + 2 * packets, bytes);
    for (i = 0; i < blocks; i++)
        out->heard.blocks[i] = bits_double(get_u(body + 2 * packets + bytes + 8 * i, 8));
    out->packets = packets;
    out->bytes = bytes;
    out->heard.block_count = blocks;
    out->heard.peak = bits_double(get_u(header + 36, 8));
    if (checksum(out) != get_u(header + 24, 8))
        goto miss;
    {
        /* every packet length must add up to the data */
        size_t sum = 0;
        for (i = 0; i < packets; i++)
            sum += out->lengths[i];
        if (sum != bytes)
            goto miss;
    }
    fclose(f);
    rs__free(body);
    /* a hit is recent: the oldest entries go first when the cache is full */
    utimensat(AT_FDCWD, path, NULL, 0);
    return 1;
miss:
    fclose(f);
    rs__free(body);
    rs__packets_free(out);
    unlink(path); /* damaged: written again after encoding */
    return 0;
}

int rs__cache_put(const char *dir, const uint64_t key[2], const rs_packets *p)
{
    char path[4096], temp[4160];
    unsigned char header[HEADER_BYTES];
    size_t i;
    FILE *f;
    int fd, ok;
    entry_path(path, sizeof path, dir, key);
    snprintf(temp, sizeof temp, "%s.XXXXXX", path);
    fd = mkstemp(temp);
    if (fd < 0)
        return ROSTRUM_EIO;
    f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(temp);
        return ROSTRUM_EIO;
    }
    memcpy(header, MAGIC, 8);
    put_u(header + 8, key[1], 8);
    put_u(header + 16, p->packets, 4);
    put_u(header + 20, p->bytes, 4);
    put_u(header + 24, checksum(p), 8);
    put_u(header + 32, p->heard.block_count, 4);
    put_u(header + 36, double_bits(p->heard.peak), 8);
    ok = fwrite(header, 1, HEADER_BYTES, f) == HEADER_BYTES;
    for (i = 0; ok && i < p->packets; i++) {
        unsigned char le[2];
        put_u(le, p->lengths[i], 2);
        ok = fwrite(le, 1, 2, f) == 2;
    }
    ok = ok && fwrite(p->data, 1, p->bytes, f) == p->bytes;
    for (i = 0; ok && i < p->heard.block_count; i++) {
        unsigned char le[8];
        put_u(le, double_bits(p->heard.blocks[i]), 8);
        ok = fwrite(le, 1, 8, f) == 8;
    }
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(temp, path) != 0) {
        unlink(temp);
        return ROSTRUM_EIO;
    }
    return 0;
}

typedef struct cache_file {
    char *name;
    time_t mtime;
    long mtime_ns;
    off_t size;
} cache_file;

static int older_first(const void *a, const void *b)
{
    const cache_file *x = a, *y = b;
    if (x->mtime != y->mtime)
        return x->mtime < y->mtime ? -1 : 1;
    if (x->mtime_ns != y->mtime_ns)
        return x->mtime_ns < y->mtime_ns ? -1 : 1;
    return strcmp(x->name, y->name);
}

void rs__cache_trim(const char *dir, uint64_t max_bytes)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    cache_file *files = NULL;
    size_t count = 0, cap = 0, i;
    uint64_t total = 0;
    char path[4096];
    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (n < sizeof SUFFIX || strcmp(de->d_name + n - (sizeof SUFFIX - 1), SUFFIX) != 0) {
            /* an entry a killed render never finished writing */
            if (strstr(de->d_name, SUFFIX ".") && stat(path, &st) == 0 && st.st_mtime < time(NULL) - STALE_SECONDS)
                unlink(path);
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (count == cap) {
            cache_file *grown = rs__realloc(files, (cap ? cap * 2 : 64) * sizeof *grown);
            if (!grown)
                break;
            files = grown;
            cap = cap ? cap * 2 : 64;
        }
        files[count].name = rs__strdup(de->d_name);
        if (!files[count].name)
            break;
        files[count].mtime = st.st_mtim.tv_sec;
        files[count].mtime_ns = st.st_mtim.tv_nsec;
        files[count].size = st.st_size;
        total += (uint64_t)st.st_size;
        count++;
    }
    closedir(d);
    if (total > max_bytes) {
        qsort(files, count, sizeof *files, older_first);
        for (i = 0; i < count && total > max_bytes; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
            if (unlink(path) == 0 || errno == ENOENT)
                total -= (uint64_t)files[i].size;
        }
    }
    for (i = 0; i < count; i++)
        rs__free(files[i].name);
    rs__free(files);
}

void rs__packets_free(rs_packets *p)
{
    rs__free(p->data);
    rs__free(p->lengths);
    rs__free(p->heard.blocks);
    memset(p, 0, sizeof *p);
}
