/* Voice presets: plain-text files in the voices folder that name an
 * espeak-ng voice with a rate and pitch suited to statements. */
#define _GNU_SOURCE /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "speech/speech.h"

#ifndef ROSTRUM_DATADIR_INSTALL
#define ROSTRUM_DATADIR_INSTALL "/usr/local/share/rostrum"
#endif
#ifndef ROSTRUM_DATADIR_SOURCE
#define ROSTRUM_DATADIR_SOURCE ""
#endif
#ifndef ROSTRUM_DATADIR_FROM_LIBDIR
#define ROSTRUM_DATADIR_FROM_LIBDIR "../share/rostrum"
#endif

#define PRESET_MAX_BYTES (64 * 1024)

static int has_voices_folder(const char *dir)
{
    char path[4096];
    struct stat st;
    int n;
    if (!dir || !*dir)
        return 0;
    n = snprintf(path, sizeof path, "%s/voices", dir);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char installed_data_dir[PATH_MAX];

/* share/rostrum seen from the folder of the object this code was loaded
 * from (librostrum.so.0 in an install), so that an install moved elsewhere
 * (a DESTDIR, an unpacked package) still finds its own data. */
static void find_installed_data_dir(void)
{
    Dl_info info;
    char object[PATH_MAX], candidate[PATH_MAX + 64];
    char *slash;
    if (!dladdr((void *)find_installed_data_dir, &info) || !info.dli_fname || !realpath(info.dli_fname, object))
        return;
    slash = strrchr(object, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(candidate, sizeof candidate, "%s/%s", object, ROSTRUM_DATADIR_FROM_LIBDIR);
    if (has_voices_folder(candidate) && realpath(candidate, installed_data_dir) == NULL)
        installed_data_dir[0] = '\0';
}

/* ROSTRUM_DATA_DIR wins; then the data installed beside the library; then
 * the install path it was configured for; then the source tree the library
 * was built from, so that a build runs without installing. */
const char *rs__default_data_dir(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    const char *env = getenv("ROSTRUM_DATA_DIR");
    if (env && *env)
        return env;
    pthread_once(&once, find_installed_data_dir);
    if (installed_data_dir[0])
        return installed_data_dir;
    if (has_voices_folder(ROSTRUM_DATADIR_INSTALL))
        return ROSTRUM_DATADIR_INSTALL;
    return ROSTRUM_DATADIR_SOURCE;
}

int rs__user_config_dir(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int len;
    /* the XDG Base Directory specification ignores a relative path */
    if (xdg && xdg[0] == '/')
        len = snprintf(buf, size, "%s/rostrum", xdg);
    else if (home && home[0] == '/')
        len = snprintf(buf, size, "%s/.config/rostrum", home);
    else
        return -1;
    return len > 0 && (size_t)len < size ? 0 : -1;
}

void rs__preset_free(rs_preset *p)
{
    if (!p)
        return;
    rs__free(p->name);
    rs__free(p->language);
    rs__free(p->espeak_voice);
    rs__free(p->description);
    rs__free(p->path);
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

/* The preset's text that key names, or NULL. */
static char **text_field(rs_preset *preset, const char *key)
{
    if (!strcasecmp(key, "name"))
        return &preset->name;
    if (!strcasecmp(key, "language"))
        return &preset->language;
    if (!strcasecmp(key, "espeak"))
        return &preset->espeak_voice;
    if (!strcasecmp(key, "description"))
        return &preset->description;
    return NULL;
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
        char *key = NULL, *value = NULL, **field;
        int known = 1; /* a key with a value it takes */
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
        field = text_field(preset, key);
        if (field) {
            rs__free(*field);
            *field = value;
            value = NULL;
        } else if (!strcasecmp(key, "rate")) {
            known = parse_int(value, 80, 450, &preset->rate) == 0;
            if (!known)
                rs__set_error(errmsg, errmsg_size, "%s:%zu: rate must be 80..450 words per minute", name, number);
        } else if (!strcasecmp(key, "pitch")) {
            known = parse_int(value, 0, 100, &preset->pitch) == 0;
            if (!known)
                rs__set_error(errmsg, errmsg_size, "%s:%zu: pitch must be 0..100", name, number);
        } else if (!strcasecmp(key, "default")) {
            preset->is_default = !strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1");
        } else {
            rs__set_error(errmsg, errmsg_size, "%s:%zu: unknown key \"%s\"", name, number, key);
            known = 0;
        }
        rs__free(key);
        rs__free(value);
        if (!known)
            goto fail;
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
    list->count = list->cap = 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        rs__free(names[i]);
    rs__free(names);
}

/* The names of the files in folder that end in suffix, hidden ones left
 * out, sorted. A missing folder has none. */
static int folder_files(const char *folder, const char *suffix, char ***out, size_t *out_count)
{
    size_t suffix_len = strlen(suffix), count = 0, cap = 0;
    char **names = NULL;
    DIR *dir = opendir(folder);
    struct dirent *entry;
    int rc = 0;
    *out = NULL;
    *out_count = 0;
    if (!dir)
        return 0;
    while ((entry = readdir(dir)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len <= suffix_len || strcmp(entry->d_name + len - suffix_len, suffix) != 0 || entry->d_name[0] == '.')
            continue;
        rc = rs__grow(&names, &cap, count + 1, sizeof *names);
        if (rc)
            break;
        names[count] = rs__strdup(entry->d_name);
        if (!names[count]) {
            rc = ROSTRUM_ENOMEM;
            break;
        }
        count++;
    }
    closedir(dir);
    if (rc) {
        free_names(names, count);
        return rc;
    }
    if (count)
        qsort(names, count, sizeof *names, by_name);
    *out = names;
    *out_count = count;
    return 0;
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

/* Reads and parses the preset file folder/file_name into p; the name
 * defaults to the file's. */
static int load_preset(rs_preset *p, const char *folder, const char *file_name, int user, char *errmsg,
                       size_t errmsg_size)
{
    char *text;
    int rc;
    char *path = rs__malloc(strlen(folder) + strlen(file_name) + 2);
    if (!path)
        return ROSTRUM_ENOMEM;
    sprintf(path, "%s/%s", folder, file_name);
    rc = read_small_file(path, &text);
    if (rc) {
        rs__set_error(errmsg, errmsg_size, "%s: cannot read this voice preset%s", path,
                      rc == ROSTRUM_ENOMEM ? " (out of memory)" : "");
        rs__free(path);
        return rc;
    }
    rc = rs__preset_parse(p, path, text, errmsg, errmsg_size);
    /* the text as the parser reads it, up to a NUL */
    rs__digest_init(&p->digest);
    rs__digest_add(&p->digest, text, strlen(text));
    rs__free(text);
    if (rc) {
        rs__free(path);
        return rc;
    }
    p->path = path;
    p->user = user;
    if (!p->name) {
        p->name = rs__strndup(file_name, strlen(file_name) - 6);
        if (!p->name) {
            rs__preset_free(p);
            return ROSTRUM_ENOMEM;
        }
    }
    return 0;
}

/* Adds every preset of folder to list; one named as a preset already in
 * the list replaces it (the user's own replace the built-in ones). */
static int load_folder(rs_preset_list *list, const char *folder, int user, char *errmsg, size_t errmsg_size)
{
    char **names;
    size_t count, i;
    int rc = folder_files(folder, ".voice", &names, &count);
    if (rc || count == 0)
        return rc;
    if (rs__grow(&list->items, &list->cap, list->count + count, sizeof *list->items) != 0) {
        free_names(names, count);
        return ROSTRUM_ENOMEM;
    }
    for (i = 0; i < count; i++) {
        rs_preset preset;
        rs_preset *same;
        rc = load_preset(&preset, folder, names[i], user, errmsg, errmsg_size);
        if (rc)
            break;
        same = (rs_preset *)rs__preset_find(list, preset.name);
        if (same) {
            rs__preset_free(same);
            *same = preset;
        } else {
            list->items[list->count++] = preset;
        }
    }
    free_names(names, count);
    return rc;
}

int rs__presets_load(rs_preset_list *list, const char *data_dir, const char *user_dir, char *errmsg,
                     size_t errmsg_size)
{
    char folder[4096];
    int rc = 0;
    list->items = NULL;
    list->count = list->cap = 0;
    if (data_dir && *data_dir) {
        snprintf(folder, sizeof folder, "%s/voices", data_dir);
        rc = load_folder(list, folder, 0, errmsg, errmsg_size);
    }
    if (rc == 0 && user_dir && *user_dir)
        rc = load_folder(list, user_dir, 1, errmsg, errmsg_size);
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

/* A preset marked "default: yes" of the user's (user set) or built in,
 * whose language is language, or only shares its primary subtag. */
static const rs_preset *find_default(const rs_preset_list *list, const char *language, int primary_only, int user)
{
    size_t i, primary = strcspn(language, "-_");
    for (i = 0; i < list->count; i++) {
        const rs_preset *p = &list->items[i];
        if (!p->is_default || p->user != user)
            continue;
        if (primary_only ? strlen(p->language) == primary && strncasecmp(p->language, language, primary) == 0
                         : strcasecmp(p->language, language) == 0)
            return p;
    }
    return NULL;
}

/* The language's default preset: one marked "default: yes" whose language
 * matches exactly, else one whose primary subtag matches ("fr" for "fr-ca");
 * the user's own before the built-in ones at each step. */
const rs_preset *rs__preset_default_for(const rs_preset_list *list, const char *language)
{
    const rs_preset *found = NULL;
    int step;
    if (!language)
        return NULL;
    for (step = 0; step < 4 && !found; step++)
        found = find_default(list, language, step / 2, !(step % 2));
    return found;
}

/* Lists the lexicons (LANG.lexicon) of one folder. */
static int list_lexicons(const char *folder, const char *origin, rostrum_voice_fn fn, void *user)
{
    char **names;
    size_t count, i;
    int rc = folder_files(folder, ".lexicon", &names, &count);
    for (i = 0; rc == 0 && i < count; i++) {
        char path[4096 + 256];
        rostrum_voice_info info;
        names[i][strlen(names[i]) - 8] = '\0';
        snprintf(path, sizeof path, "%s/%s.lexicon", folder, names[i]);
        info.kind = "lexicon";
        info.name = names[i];
        info.language = names[i];
        info.description = "pronunciation lexicon";
        info.path = path;
        info.origin = origin;
        rc = fn(user, &info);
    }
    free_names(names, count);
    return rc;
}

int rs__list_data_files(const rs_preset_list *presets, const char *data_dir, const char *user_dir,
                        rostrum_voice_fn fn, void *user)
{
    char folder[4096];
    size_t i;
    int rc = 0;
    for (i = 0; rc == 0 && i < presets->count; i++) {
        const rs_preset *p = &presets->items[i];
        rostrum_voice_info info;
        info.kind = "preset";
        info.name = p->name;
        info.language = p->language;
        info.description = p->description ? p->description : p->espeak_voice;
        info.path = p->path;
        info.origin = p->user ? "user" : "built-in";
        rc = fn(user, &info);
    }
    if (rc == 0 && data_dir && *data_dir) {
        snprintf(folder, sizeof folder, "%s/voices", data_dir);
        rc = list_lexicons(folder, "built-in", fn, user);
    }
    if (rc == 0 && user_dir && *user_dir)
        rc = list_lexicons(user_dir, "user", fn, user);
    return rc;
}
