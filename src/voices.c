/* Voice presets: plain-text files in the voices folder that name an
 * espeak-ng voice with a rate and pitch suited to statements. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"

#ifndef ROSTRUM_DATADIR_INSTALL
#define ROSTRUM_DATADIR_INSTALL "/usr/local/share/rostrum"
#endif
#ifndef ROSTRUM_DATADIR_SOURCE
#define ROSTRUM_DATADIR_SOURCE ""
#endif

#define PRESET_MAX_BYTES (64 * 1024)

static int has_voices_folder(const char *dir)
{
    char path[4096];
    struct stat st;
    if (!dir || !*dir)
        return 0;
    snprintf(path, sizeof path, "%s/voices", dir);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ROSTRUM_DATA_DIR wins; then the installed data; then the source tree the
 * library was built from, so that a build runs without installing. */
const char *rs__default_data_dir(void)
{
    const char *env = getenv("ROSTRUM_DATA_DIR");
    if (env && *env)
        return env;
    if (has_voices_folder(ROSTRUM_DATADIR_INSTALL))
        return ROSTRUM_DATADIR_INSTALL;
    return ROSTRUM_DATADIR_SOURCE;
}

void rs__preset_free(rs_preset *p)
{
    if (!p)
        return;
    rs__free(p->name);
    rs__free(p->language);
    rs__free(p->espeak_voice);
    rs__free(p->description);
    memset(p, 0, sizeof *p);
}


static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int rs__preset_parse(rs_preset *preset, const char *name, const char *text,
                     char *errmsg, size_t errmsg_size)
{
    const char *line = text;
    size_t number = 0;
    int rc = ROSTRUM_EINPUT;
    memset(preset, 0, sizeof *preset);
    preset->pitch = -1;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *sep;
        char *key = NULL, *value = NULL;
        number++;
        while (len && (*line == ' ' || *line == '\t')) {
            line++;
            len--;
        }
        if (len == 0 || line[0] == '#' || (len == 1 && line[0] == '\r'))
            goto next;
        sep = memchr(line, ':', len);
        if (!sep)
            sep = memchr(line, '=', len);
        if (!sep) {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: expected \"key: value\"", name, number);
            goto fail;
        }
        rc = ROSTRUM_ENOMEM;
        key = rs__strdup_trimmed(line, (size_t)(sep - line), 1);
        value = rs__strdup_trimmed(sep + 1, len - (size_t)(sep + 1 - line), 1);
        if (!key || !value) {
            rs__free(key);
            rs__free(value);
            goto fail;
        }
        rc = ROSTRUM_EINPUT;
        if (!strcasecmp(key, "name")) {
            rs__free(preset->name);
            preset->name = value;
            value = NULL;
        } else if (!strcasecmp(key, "language")) {
            rs__free(preset->language);
            preset->language = value;
            value = NULL;
        } else if (!strcasecmp(key, "espeak")) {
            rs__free(preset->espeak_voice);
            preset->espeak_voice = value;
            value = NULL;
        } else if (!strcasecmp(key, "description")) {
            rs__free(preset->description);
            preset->description = value;
            value = NULL;
        } else if (!strcasecmp(key, "rate")) {
            if (parse_int(value, 80, 450, &preset->rate) != 0) {
                rs__set_error(errmsg, errmsg_size, "%s:%zu: rate must be 80..450 words per minute", name, number);
                rs__free(key);
                rs__free(value);
                goto fail;
            }
        } else if (!strcasecmp(key, "pitch")) {
            if (parse_int(value, 0, 100, &preset->pitch) != 0) {
                rs__set_error(errmsg, errmsg_size, "%s:%zu: pitch must be 0..100", name, number);
                rs__free(key);
                rs__free(value);
                goto fail;
            }
        } else if (!strcasecmp(key, "default")) {
            preset->is_default = !strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1");
        } else {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: unknown key \"%s\"", name, number, key);
            rs__free(key);
            rs__free(value);
            goto fail;
        }
        rs__free(key);
        rs__free(value);
    next:
        if (!end)
            break;
        line = end + 1;
    }
    if (!preset->espeak_voice || !preset->language) {
        rs__set_error(errmsg, errmsg_size, "%s: a preset needs \"language\" and \"espeak\"", name);
        goto fail;
    }
    return 0;
fail:
    rs__preset_free(preset);
    return rc;
}

void rs__presets_free(rs_preset_list *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        rs__preset_free(&list->items[i]);
    rs__free(list->items);
    list->items = NULL;
    list->count = 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a small text file whole into *out; a preset larger than 64 KiB is
 * refused. Returns 0, ROSTRUM_ENOMEM or ROSTRUM_EIO. */
static int read_small_file(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    char *data;
    size_t len;
    int rc = 0;
    *out = NULL;
    if (!f)
        return ROSTRUM_EIO;
    data = rs__malloc(PRESET_MAX_BYTES + 1);
    if (!data) {
        fclose(f);
        return ROSTRUM_ENOMEM;
    }
    len = fread(data, 1, PRESET_MAX_BYTES + 1, f);
    if (len > PRESET_MAX_BYTES || ferror(f)) {
        rs__free(data);
        rc = ROSTRUM_EIO;
    } else {
        data[len] = '\0';
        *out = data;
    }
    fclose(f);
    return rc;
}

int rs__presets_load(rs_preset_list *list, const char *data_dir, char *errmsg, size_t errmsg_size)
{
    char folder[4096];
    char path[4096 + 256];
    char **names = NULL;
    size_t count = 0, cap = 0, i;
    DIR *dir;
    struct dirent *entry;
    int rc = 0;
    list->items = NULL;
    list->count = 0;
    if (!data_dir || !*data_dir)
        return 0;
    snprintf(folder, sizeof folder, "%s/voices", data_dir);
    dir = opendir(folder);
    if (!dir)
        return 0;
    while ((entry = readdir(dir)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len <= 6 || strcmp(entry->d_name + len - 6, ".voice") != 0 || entry->d_name[0] == '.')
            continue;
        if (count == cap) {
            size_t grown_cap = cap ? cap * 2 : 8;
            char **grown = rs__realloc(names, grown_cap * sizeof *grown);
            if (!grown) {
                rc = ROSTRUM_ENOMEM;
                break;
            }
            names = grown;
            cap = grown_cap;
        }
        names[count] = rs__strdup(entry->d_name);
        if (!names[count]) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
        count++;
    }
    closedir(dir);
    if (rc)
        goto done;
    if (count)
        qsort(names, count, sizeof *names, by_name);
    list->items = rs__calloc(count ? count : 1, sizeof *list->items);
    if (!list->items) {
        rc = ROSTRUM_ENOMEM;
        goto done;
    }
    for (i = 0; i < count; i++) {
        char *text;
        rs_preset *p = &list->items[list->count];
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        rc = read_small_file(path, &text);
        if (rc) {
            rs__set_error(errmsg, errmsg_size, "%s: cannot read this voice preset%s", path,
                          rc == ROSTRUM_ENOMEM ? " (out of memory)" : "");
            goto done;
        }
        rc = rs__preset_parse(p, path, text, errmsg, errmsg_size);
        rs__free(text);
        if (rc)
            goto done;
        if (!p->name) {
            p->name = rs__strndup(names[i], strlen(names[i]) - 6);
            if (!p->name) {
                rs__preset_free(p);
                rc = ROSTRUM_ENOMEM;
                goto done;
            }
        }
        list->count++;
    }
done:
    for (i = 0; i < count; i++)
        rs__free(names[i]);
    rs__free(names);
    if (rc)
        rs__presets_free(list);
    return rc;
}

const rs_preset *rs__preset_find(const rs_preset_list *list, const char *name)
{
    size_t i;
    for (i = 0; name && i < list->count; i++)
        if (strcasecmp(list->items[i].name, name) == 0)
            return &list->items[i];
    return NULL;
}

/* The language's default preset: one marked "default: yes" whose language
 * matches exactly, else one whose primary subtag matches ("fr" for "fr-ca"). */
const rs_preset *rs__preset_default_for(const rs_preset_list *list, const char *language)
{
    size_t i, primary;
    if (!language)
        return NULL;
    for (i = 0; i < list->count; i++)
        if (list->items[i].is_default && strcasecmp(list->items[i].language, language) == 0)
            return &list->items[i];
    primary = strcspn(language, "-_");
    for (i = 0; i < list->count; i++) {
        const char *l = list->items[i].language;
        if (list->items[i].is_default && strlen(l) == primary && strncasecmp(l, language, primary) == 0)
            return &list->items[i];
    }
    return NULL;
}
