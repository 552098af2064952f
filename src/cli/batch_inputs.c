/* The inputs of rostrum batch: the files found in folders, the output each
 * one makes, duplicates and shards; and the path, array and file helpers of batch. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

char *format_string(const char *fmt, const char *a, const char *b)
{
    int len = snprintf(NULL, 0, fmt, a, b);
    char *out = len < 0 ? NULL : malloc((size_t)len + 1);
    if (out)
        snprintf(out, (size_t)len + 1, fmt, a, b);
    return out;
}

/* strdup, which C11 lacks */
char *copy_of(const char *text)
{
    size_t len = strlen(text) + 1;
    char *out = malloc(len);
    if (out)
        memcpy(out, text, len);
    return out;
}

char *path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (!*dir)
        return copy_of(name);
    return format_string(len && dir[len - 1] == '/' ? "%s%s" : "%s/%s", dir, name);
}

/* path with the extension of its last component replaced (or added). */
char *with_extension(const char *path, const char *extension)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
    char *out = malloc(stem + strlen(extension) + 1);
    if (out) {
        memcpy(out, path, stem);
        strcpy(out + stem, extension);
    }
    return out;
}

/* The program sees only rostrum.h, not the library's own rs__grow: this
 * is its growth. The caller's T * is read and written with memcpy, as C
 * lets no one reach it through a void *. */
int grow_array(void *items, size_t *capacity, size_t need, size_t size)
{
    void *array, *grown;
    size_t wanted = *capacity ? *capacity : 64;
    if (need <= *capacity)
        return 0;
    if (size == 0 || need > SIZE_MAX / 2 / size)
        return -1;
    while (wanted < need)
        wanted *= 2;
    memcpy(&array, items, sizeof array);
    grown = realloc(array, wanted * size);
    if (!grown)
        return -1;
    memcpy(items, &grown, sizeof grown);
    *capacity = wanted;
    return 0;
}

int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Creates the folders above path that do not exist yet. */
int make_parents(char *path)
{
    char *p;
    for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            *p = '/';
            return -1;
        }
        *p = '/';
    }
    return 0;
}

/* A file a folder is searched for: an extension of an input format. */
static int is_text_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot > name && rostrum_input_format_from_path(name) != NULL;
}

/* Adds an input; relative is the path under the input folder (or its file
 * name). A non-NULL error marks it failed with that reason. Takes input. */
static int add_job(batch *b, char *input, const char *relative, const char *error)
{
    job *j;
    if (grow_array(&b->jobs, &b->capacity, b->count + 1, sizeof *b->jobs) != 0) {
        free(input);
        return -1;
    }
    j = &b->jobs[b->count++];
    memset(j, 0, sizeof *j);
    j->input = input;
    j->relative = relative ? with_extension(relative, ".opus") : NULL;
    j->message = error ? copy_of(error) : NULL;
    j->state = error ? JOB_FAILED : JOB_PENDING;
    return (!input || (relative && !j->relative) || (error && !j->message)) ? -1 : 0;
}

/* Adds the text files under dir (recursively, hidden names skipped);
 * relative is dir's path under the input folder. Symbolic links to folders
 * are not followed, so a link cannot make the walk go round in circles. */
static int walk(batch *b, const char *dir, const char *relative)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;
    if (!d) {
        char reason[512];
        snprintf(reason, sizeof reason, "%s: cannot list the folder: %s", dir, strerror(errno));
        return add_job(b, copy_of(dir), NULL, reason);
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char *path, *rel;
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        path = path_join(dir, e->d_name);
        rel = path_join(relative, e->d_name);
        if (!path || !rel)
            rc = -1;
        else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rc = walk(b, path, rel);
        else if (is_text_name(e->d_name) && (stat(path, &st) != 0 || S_ISREG(st.st_mode))) {
            /* a dangling link is kept: its failure to read is reported */
            rc = add_job(b, path, rel, NULL);
            path = NULL;
        }
        free(path);
        free(rel);
    }
    closedir(d);
    return rc;
}

static int compare_relative(const void *x, const void *y)
{
    const job *a = x, *c = y;
    if (!a->relative || !c->relative)
        return (a->relative == NULL) - (c->relative == NULL);
    return strcmp(a->relative, c->relative);
}

/* Every input: a folder adds the text files in it, sorted; a file itself.
 * Their order, before sharding, gives the track numbers, so every shard
 * numbers an input alike. */
int collect_inputs(batch *b)
{
    size_t i;
    for (i = 0; i < b->s->input_count; i++) {
        const char *input = b->s->inputs[i];
        size_t first = b->count;
        struct stat st;
        const char *slash = strrchr(input, '/');
        if (stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (walk(b, input, "") != 0)
                return -1;
            qsort(b->jobs + first, b->count - first, sizeof *b->jobs, compare_relative);
        } else if (add_job(b, copy_of(input), slash ? slash + 1 : input, NULL) != 0) {
            return -1;
        }
    }
    for (i = 0; i < b->count; i++)
        b->jobs[i].track = i + 1;
    return 0;
}

static const job *sorted_jobs; /* for compare_outputs: qsort takes no context */

/* By output name, then by position: the first of equal names comes first. */
static int compare_outputs(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, c = *(const size_t *)y;
    int order = strcmp(sorted_jobs[a].relative, sorted_jobs[c].relative);
    return order ? order : (a > c) - (a < c);
}

/* Two inputs that would write the same output: the later one fails. */
int mark_duplicates(batch *b)
{
    size_t *order = malloc((b->count ? b->count : 1) * sizeof *order);
    size_t i, n = 0;
    int rc = 0;
    if (!order)
        return -1;
    for (i = 0; i < b->count; i++)
        if (b->jobs[i].relative && b->jobs[i].state != JOB_FAILED)
            order[n++] = i;
    sorted_jobs = b->jobs;
    qsort(order, n, sizeof *order, compare_outputs);
    for (i = 1; i < n && rc == 0; i++) {
        const job *first = &b->jobs[order[i - 1]];
        job *j = &b->jobs[order[i]];
        if (strcmp(first->relative, j->relative) != 0)
            continue;
        order[i] = order[i - 1]; /* a third one names the first as well */
        j->state = JOB_FAILED;
        j->message = format_string("would write the same %s as %s", j->relative, first->input);
        rc = j->message ? 0 : -1;
    }
    free(order);
    return rc;
}

/* Whether a job belongs to this run's shard: by a hash of its output name,
 * so that the parts do not depend on the order of the arguments or on how
 * a machine lists a folder. A folder that cannot be listed is in every one.
 * The hash is FNV-1a 64; its low bits depend on few input bits (the lowest
 * is a parity), so it goes through MurmurHash3's finalizer before the
 * modulo. Every version of rostrum must part the inputs alike, so that
 * machines running different ones still share the work out. */
static int in_shard(const settings *s, const job *j)
{
    const unsigned char *p = (const unsigned char *)j->relative;
    uint64_t h = 0xcbf29ce484222325ULL;
    if (s->shard_count == 0 || !j->relative)
        return 1;
    for (; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h % (uint64_t)s->shard_count == (uint64_t)(s->shard_index - 1);
}

/* Drops the jobs of other shards. */
void keep_shard(batch *b)
{
    size_t i, kept = 0;
    for (i = 0; i < b->count; i++) {
        if (in_shard(b->s, &b->jobs[i])) {
            b->jobs[kept++] = b->jobs[i];
        } else {
            free(b->jobs[i].input);
            free(b->jobs[i].relative);
            free(b->jobs[i].message);
        }
    }
    b->count = kept;
    b->total = kept;
}
