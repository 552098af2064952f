/* Zips a folder of DOCX parts (tests/docx_sitting) into a .docx, for the
 * end-to-end and bad-input tests; with part names after the folder, only
 * those parts (a zip without word/document.xml is no DOCX).
 *   make_docx OUT.docx FOLDER [PART...] */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "docx_zip.h"

#define PARTS_MAX 64

static docx_part parts[PARTS_MAX];
static size_t part_count;

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)n + 1)) != NULL && fread(data, 1, (size_t)n, f) == (size_t)n) {
        *size = (size_t)n;
    } else {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

static int add(const char *root, const char *name)
{
    char path[4096];
    size_t size = 0;
    snprintf(path, sizeof path, "%s/%s", root, name);
    if (part_count == PARTS_MAX)
        return -1;
    parts[part_count].data = slurp(path, &size);
    parts[part_count].size = size;
    parts[part_count].name = strdup(name);
    if (!parts[part_count].data || !parts[part_count].name) {
        fprintf(stderr, "make_docx: cannot read %s\n", path);
        return -1;
    }
    part_count++;
    return 0;
}

/* Every file under root/prefix, named by its path below root. */
static int walk(const char *root, const char *prefix)
{
    char path[4096], name[4096];
    struct dirent *e;
    struct stat st;
    DIR *dir;
    int rc = 0;
    snprintf(path, sizeof path, "%s/%s", root, prefix);
    dir = opendir(path);
    if (!dir)
        return -1;
    while (rc == 0 && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "/" : "", e->d_name) >= (int)sizeof name)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", root, name) >= (int)sizeof path || stat(path, &st) != 0)
            rc = -1;
        else if (S_ISDIR(st.st_mode))
            rc = walk(root, name);
        else
            rc = add(root, name);
    }
    closedir(dir);
    return rc;
}

int main(int argc, char **argv)
{
    char *zip = NULL;
    size_t len = 0;
    FILE *out;
    int i;
    if (argc < 3) {
        fprintf(stderr, "usage: make_docx OUT.docx FOLDER [PART...]\n");
        return 2;
    }
    for (i = 3; i < argc; i++)
        if (add(argv[2], argv[i]) != 0)
            return 1;
    if (argc == 3 && walk(argv[2], "") != 0)
        return 1;
    if (docx_zip(parts, part_count, &zip, &len) != 0) {
        fprintf(stderr, "make_docx: libzip could not build the zip\n");
        return 1;
    }
    out = fopen(argv[1], "wb");
    if (!out || fwrite(zip, 1, len, out) != len || fclose(out) != 0) {
        fprintf(stderr, "make_docx: cannot write %s\n", argv[1]);
        return 1;
    }
    free(zip);
    return 0;
}
