/* Whether an output of rostrum batch is up to date: by the library's render
 * key, kept in a state file under the cache, never beside the outputs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

/* the first word of a state file, and its version */
#define STATE_MAGIC "rostrum-batch-state-1"

/* What batch keeps of an output it rendered, in a file of its own under
 * the cache (the output folder holds outputs only): the render key, the
 * length of the audio (said again when the output is skipped), the size
 * and time of the file (an output replaced since is not up to date) and
 * whether its manifest was written. */
typedef struct output_state {
    char key[ROSTRUM_KEY_SIZE];
    double seconds;
    long long size, mtime, mtime_ns;
    int manifest;
    char episode[ROSTRUM_KEY_SIZE]; /* the feed's guid key, "" when none was kept */
} output_state;

/* Whether every sidecar asked for (captions, chapters, page) is there. */
static int sidecars_present(const batch *b, const char *output)
{
    unsigned flag;
    for (flag = ROSTRUM_SIDECAR_VTT; flag <= ROSTRUM_SIDECAR_CHAPTERS_JSON; flag <<= 1) {
        char path[4096];
        struct stat st;
        if (!(b->s->options.sidecars & flag))
            continue;
        if (rostrum_sidecar_path(output, flag, path, sizeof path) != 0 || stat(path, &st) != 0 ||
            !S_ISREG(st.st_mode))
            return 0;
    }
    return 1;
}

/* The state file of an output: its absolute path mirrored under the
 * cache's state folder, so that every output folder keeps its own. */
char *state_path(const batch *b, const job *j)
{
    char *path = path_join(b->state_dir, j->relative);
    char *state = path ? format_string("%s%s", path, ".state") : NULL;
    free(path);
    return state;
}

static int read_state(const char *path, output_state *state)
{
    char line[256], magic[32];
    FILE *f = fopen(path, "r");
    int fields = 0;
    if (!f)
        return -1;
    state->episode[0] = '\0';
    /* the episode key came later, as an eighth field that earlier versions
     * ignore; "-" when there is none */
    if (fgets(line, sizeof line, f))
        fields = sscanf(line, "%31s %32s %lf %lld %lld %lld %d %32s", magic, state->key, &state->seconds, &state->size,
                        &state->mtime, &state->mtime_ns, &state->manifest, state->episode);
    fclose(f);
    if (fields == 8 && strlen(state->episode) != ROSTRUM_KEY_SIZE - 1)
        state->episode[0] = '\0';
    return fields >= 7 && !strcmp(magic, STATE_MAGIC) && strlen(state->key) == ROSTRUM_KEY_SIZE - 1 ? 0 : -1;
}

/* Writes the state of an output just rendered: under a temporary name,
 * then renamed, so that a reader never sees half of one. -1 with errno. */
int write_state(const char *path, const char *key, const char *episode, double seconds, const char *output,
                int manifest)
{
    char *temp = format_string("%s%s", path, ".XXXXXX");
    struct stat st;
    FILE *f;
    int fd = -1, created = 0, ok, err;
    if (!temp || stat(output, &st) != 0 || make_parents(temp) != 0)
        goto fail;
    fd = mkstemp(temp);
    if (fd < 0)
        goto fail;
    created = 1;
    f = fdopen(fd, "w");
    if (!f)
        goto fail;
    fd = -1; /* the stream owns it */
    ok = fprintf(f, "%s %s %.6f %lld %lld %lld %d %s\n", STATE_MAGIC, key, seconds, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec, manifest,
                 episode && episode[0] ? episode : "-") > 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(temp, path) != 0)
        goto fail;
    free(temp);
    return 0;
fail:
    err = errno;
    if (fd >= 0)
        close(fd);
    if (created)
        unlink(temp);
    free(temp);
    errno = err;
    return -1;
}

/* An output is up to date when its state holds this key, the file is the
 * one that was rendered, and its manifest and sidecars exist, when they are
 * asked for. Then seconds is the length of its audio, and episode the
 * feed's guid key kept with it ("" when none was). */
int up_to_date(const batch *b, const char *state_file, const char *key, const char *output,
               const char *manifest, double *seconds, char episode[ROSTRUM_KEY_SIZE])
{
    output_state state;
    struct stat st;
    if (read_state(state_file, &state) != 0 || strcmp(state.key, key) != 0)
        return 0;
    if (stat(output, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != state.size ||
        st.st_mtim.tv_sec != state.mtime || st.st_mtim.tv_nsec != state.mtime_ns)
        return 0;
    if (manifest && (!state.manifest || stat(manifest, &st) != 0 || !S_ISREG(st.st_mode)))
        return 0;
    if (!sidecars_present(b, output))
        return 0;
    *seconds = state.seconds;
    memcpy(episode, state.episode, ROSTRUM_KEY_SIZE);
    return 1;
}
