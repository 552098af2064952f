/* Runs a fuzz target's code without libFuzzer: feeds every file named (and
 * every file in every folder named) to LLVMFuzzerTestOneInput once. The
 * regression test of each target runs its seeds and fuzz/regressions/. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    rs_buf data = {0};
    char chunk[65536];
    size_t n;
    if (!f) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rs__buf_append(&data, chunk, n);
    fclose(f);
    if (data.failed)
        return 1;
    /* exactly the file's bytes: a copy of its size, so that ASan sees reads past the end */
    {
        uint8_t *exact = malloc(data.len ? data.len : 1);
        if (!exact)
            return 1;
        memcpy(exact, data.data ? data.data : "", data.len);
        LLVMFuzzerTestOneInput(exact, data.len);
        free(exact);
    }
    rs__buf_free(&data);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, size_t *count)
{
    struct stat st;
    DIR *dir;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    int failed = 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file or folder: %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    dir = opendir(path);
    if (!dir)
        return 1;
    while ((e = readdir(dir)) != NULL) {
        char **grown;
        if (e->d_name[0] == '.')
            continue;
        grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown)
            break;
        names = grown;
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n++], "%s/%s", path, e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, compare_names);
    for (i = 0; i < n; i++) {
        failed |= run_path(names[i], count);
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i, failed = 0;
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++)
        failed |= run_path(argv[i], &count);
    fprintf(stderr, "replay: %zu inputs%s\n", count, failed ? ", some could not be read" : "");
    return failed;
}
