/* The cache folder: entries of bytes under a kind (a letter) and a 128-bit
 * key, one file each, written under a temporary name and renamed, so that
 * concurrent renders (batch workers) share a folder safely. An entry that
 * does not check out (truncated, corrupted, another key) is a miss and is
 * written again. The folder is kept under a size by evicting the least
 * recently used entries, the cheapest to make again first. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

#define MAGIC "RSCACHE3"
#define SUFFIX ".rsc"
/* magic, check key, payload length, payload checksum */
#define HEADER_BYTES (8 + 8 + 8 + 8)
#define STALE_SECONDS 3600

/* An entry's name: its kind ('o' encoded stretch, 's' speech, 'g' a
 * calibrated gain) and key. */
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
        if (rs__grow(&files, &cap, count + 1, sizeof *files) != 0)
            break;
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
