/* The render cache: the encoded packets of a stretch (and what the meter
 * heard when they were decoded) under a key of its PCM and encoder
 * settings, so that a re-render encodes only the stretches whose audio
 * changed; and a paragraph's speech under a key of its text and voice, so
 * that it synthesizes only the paragraphs that changed. One file per entry,
 * written under a temporary name and renamed, so that concurrent renders
 * (batch workers) share a folder safely. An entry that does not check out
 * (truncated, corrupted, another key) is a miss and is written again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "encode/encode.h"

#define MAGIC "RSCACHE3"
#define SUFFIX ".rsc"
/* magic, check key, payload length, payload checksum */
#define HEADER_BYTES (8 + 8 + 8 + 8)
/* packets, bytes, 20 ms frame energies, peak */
#define PACKETS_HEADER (4 + 4 + 4 + 8)
#define STALE_SECONDS 3600

/* An entry's name: its kind ('o' encoded stretch, 's' speech) and key. */
static void entry_path(char *out, size_t size, const char *dir, char kind, const uint64_t key[2])
{
    snprintf(out, size, "%s/%c%016llx%016llx" SUFFIX, dir, kind, (unsigned long long)key[0],
             (unsigned long long)key[1]);
}

int rs__cache_get_bytes(const char *dir, char kind, const uint64_t key[2], unsigned char **data, size_t *len)
{
    char path[4096];
    unsigned char header[HEADER_BYTES];
    unsigned char *body = NULL;
    struct stat st;
    uint64_t length;
    FILE *f;
    *data = NULL;
    *len = 0;
    entry_path(path, sizeof path, dir, kind, key);
    f = fopen(path, "rb");
    if (!f)
        return 0;
    if (fstat(fileno(f), &st) != 0 || fread(header, 1, HEADER_BYTES, f) != HEADER_BYTES ||
        memcmp(header, MAGIC, 8) != 0 || rs__get_le(header + 8, 8) != key[1])
        goto miss;
    length = rs__get_le(header + 16, 8);
    if ((uint64_t)st.st_size != HEADER_BYTES + length || length > SIZE_MAX - 1)
        goto miss;
    body = rs__malloc((size_t)length + 1);
    if (!body || fread(body, 1, (size_t)length, f) != length ||
        rs__hash(RS__HASH_INIT, body, (size_t)length) != rs__get_le(header + 24, 8))
        goto miss;
    fclose(f);
    /* a hit is recent: the oldest entries go first when the cache is full */
    utimensat(AT_FDCWD, path, NULL, 0);
    *data = body;
    *len = (size_t)length;
    return 1;
miss:
    fclose(f);
    rs__free(body);
    unlink(path); /* damaged: written again */
    return 0;
}

int rs__cache_put_bytes(const char *dir, char kind, const uint64_t key[2], const unsigned char *data, size_t len)
{
    char path[4096], temp[4160];
    unsigned char header[HEADER_BYTES];
    FILE *f;
    int fd, ok;
    entry_path(path, sizeof path, dir, kind, key);
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
    rs__put_le(header + 8, key[1], 8);
    rs__put_le(header + 16, len, 8);
    rs__put_le(header + 24, rs__hash(RS__HASH_INIT, data, len), 8);
    ok = fwrite(header, 1, HEADER_BYTES, f) == HEADER_BYTES;
    ok = ok && fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(temp, path) != 0) {
        unlink(temp);
        return ROSTRUM_EIO;
    }
    return 0;
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

int rs__cache_get(const char *dir, const uint64_t key[2], rs_packets *out)
{
    unsigned char *body;
    size_t len, packets, bytes, frames, i, sum = 0;
    const unsigned char *p;
    memset(out, 0, sizeof *out);
    if (!rs__cache_get_bytes(dir, 'o', key, &body, &len))
        return 0;
    if (len < PACKETS_HEADER)
        goto miss;
    packets = (size_t)rs__get_le(body, 4);
    bytes = (size_t)rs__get_le(body + 4, 4);
    frames = (size_t)rs__get_le(body + 8, 4);
    if ((uint64_t)len != PACKETS_HEADER + 2 * (uint64_t)packets + bytes + 8 * (uint64_t)frames)
        goto miss;
    out->lengths = rs__malloc((packets ? packets : 1) * sizeof *out->lengths);
    out->data = rs__malloc(bytes ? bytes : 1);
    out->heard.frames = rs__malloc((frames ? frames : 1) * sizeof *out->heard.frames);
    if (!out->lengths || !out->data || !out->heard.frames)
        goto miss;
    out->heard.peak = bits_double(rs__get_le(body + 12, 8));
    p = body + PACKETS_HEADER;
    for (i = 0; i < packets; i++, p += 2) {
        out->lengths[i] = (uint16_t)rs__get_le(p, 2);
        sum += out->lengths[i];
    }
    /* every packet length must add up to the data */
    if (sum != bytes)
        goto miss;
    memcpy(out->data, p, bytes);
    p += bytes;
    for (i = 0; i < frames; i++, p += 8)
        out->heard.frames[i] = bits_double(rs__get_le(p, 8));
    out->packets = packets;
    out->bytes = bytes;
    out->heard.frame_count = frames;
    rs__free(body);
    return 1;
miss:
    rs__free(body);
    rs__packets_free(out);
    return 0;
}

int rs__cache_put(const char *dir, const uint64_t key[2], const rs_packets *packets)
{
    size_t len = PACKETS_HEADER + 2 * packets->packets + packets->bytes + 8 * packets->heard.frame_count, i;
    unsigned char *body = rs__malloc(len), *p;
    int rc;
    if (!body)
        return ROSTRUM_ENOMEM;
    rs__put_le(body, packets->packets, 4);
    rs__put_le(body + 4, packets->bytes, 4);
    rs__put_le(body + 8, packets->heard.frame_count, 4);
    rs__put_le(body + 12, double_bits(packets->heard.peak), 8);
    p = body + PACKETS_HEADER;
    for (i = 0; i < packets->packets; i++, p += 2)
        rs__put_le(p, packets->lengths[i], 2);
    memcpy(p, packets->data, packets->bytes);
    p += packets->bytes;
    for (i = 0; i < packets->heard.frame_count; i++, p += 8)
        rs__put_le(p, double_bits(packets->heard.frames[i]), 8);
    rc = rs__cache_put_bytes(dir, 'o', key, body, len);
    rs__free(body);
    return rc;
}

typedef struct cache_file {
    char *name;
    time_t mtime;
    long mtime_ns;
    off_t size;
} cache_file;

/* Eviction order: speech before encoded stretches (which cost ten times
 * as much to make again and take a fifteenth of the room), the least
 * recently used first within each kind. */
static int older_first(const void *a, const void *b)
{
    const cache_file *x = a, *y = b;
    int x_speech = x->name[0] == 's', y_speech = y->name[0] == 's';
    if (x_speech != y_speech)
        return x_speech ? -1 : 1;
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
    rs__free(p->heard.frames);
    memset(p, 0, sizeof *p);
}
