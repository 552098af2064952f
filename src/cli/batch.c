/* rostrum batch: renders many files and folders into one output folder, one
 * worker process per input, and skips the outputs that are up to date
 * (by the library's render key, kept in the cache, never in the outputs). */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define POLL_MS 250
/* the first word of a state file, and its version */
#define STATE_MAGIC "rostrum-batch-state-1"

enum job_state { JOB_PENDING, JOB_SKIPPED, JOB_RENDERED, JOB_FAILED, JOB_INTERRUPTED };

/* One input and the output it makes. */
typedef struct job {
    char *input;     /* the path as found */
    char *relative;  /* NAME.opus under the output folder; NULL for a folder that cannot be listed */
    char *message;   /* why it failed, or a warning */
    enum job_state state;
    size_t track;    /* TRACKNUMBER: 1-based place in the whole input list */
    uint64_t input_bytes;
    double audio_seconds;
} job;

/* What a worker tells the parent before it exits: one write, smaller than
 * PIPE_BUF, so it arrives whole or not at all. */
typedef struct worker_report {
    int status;  /* 0, or the ROSTRUM_E* code of the failure */
    int skipped; /* the output was up to date: nothing was rendered */
    double audio_seconds;
    char message[1024];
} worker_report;

typedef struct worker {
    pid_t pid; /* 0: the slot is free */
    int fd;
    size_t job;
    double started;
    worker_report report;
    size_t received;
} worker;

typedef struct batch {
    const settings *s;
    job *jobs;
    size_t count, capacity;
    worker *workers;
    struct pollfd *poll_fds; /* room for one per worker */
    int *poll_slots;
    int worker_count, running;
    char *cache_dir;  /* the cache the workers share: --cache, else the user's; NULL: none */
    char *state_dir;  /* where the state of each output is kept, under cache_dir; NULL: nowhere */
    int tty;
    double start_time;
    size_t total, finished, rendered, skipped, failed;
    double audio_rendered;
    uint64_t bytes_to_render, bytes_done;
    int forwarded;
    size_t *order; /* the jobs, largest input first */
} batch;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *format_string(const char *fmt, const char *a, const char *b)
{
    int len = snprintf(NULL, 0, fmt, a, b);
    char *out = len < 0 ? NULL : malloc((size_t)len + 1);
    if (out)
        snprintf(out, (size_t)len + 1, fmt, a, b);
    return out;
}

/* strdup, which C11 lacks */
static char *copy_of(const char *text)
{
    size_t len = strlen(text) + 1;
    char *out = malloc(len);
    if (out)
        memcpy(out, text, len);
    return out;
}

static char *path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (!*dir)
        return copy_of(name);
    return format_string(len && dir[len - 1] == '/' ? "%s%s" : "%s/%s", dir, name);
}

/* path with the extension of its last component replaced (or added). */
static char *with_extension(const char *path, const char *extension)
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

/* A file a folder is searched for: an extension of an input format. */
static int is_text_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot > name && rostrum_input_format_from_path(name) != NULL;
}

static void report_memory(void)
{
    fputs("rostrum: out of memory\n", stderr);
}

/* Adds an input; relative is the path under the input folder (or its file
 * name). A non-NULL error marks it failed with that reason. Takes input. */
static int add_job(batch *b, char *input, const char *relative, const char *error)
{
    job *j;
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? 2 * b->capacity : 64;
        job *grown = realloc(b->jobs, capacity * sizeof *grown);
        if (!grown) {
            free(input);
            return -1;
        }
        b->jobs = grown;
        b->capacity = capacity;
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
static int collect(batch *b)
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

static const job *sorted_jobs; /* for compare_outputs and compare_longest: qsort takes no context */

/* By output name, then by position: the first of equal names comes first. */
static int compare_outputs(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, c = *(const size_t *)y;
    int order = strcmp(sorted_jobs[a].relative, sorted_jobs[c].relative);
    return order ? order : (a > c) - (a < c);
}

/* Longest input first, then by position. */
static int compare_longest(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, c = *(const size_t *)y;
    uint64_t la = sorted_jobs[a].input_bytes, lc = sorted_jobs[c].input_bytes;
    if (la != lc)
        return la > lc ? -1 : 1;
    return (a > c) - (a < c);
}

/* Two inputs that would write the same output: the later one fails. */
static int mark_duplicates(batch *b)
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

static int write_all(int fd, const void *data, size_t len)
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

static char *output_path(const batch *b, const job *j)
{
    return path_join(b->s->output, j->relative);
}

/* Whether every sidecar asked for (captions, chapters, page) is there. */
static int sidecars_present(const batch *b, const char *output)
{
    unsigned flag;
    for (flag = ROSTRUM_SIDECAR_VTT; flag <= ROSTRUM_SIDECAR_PAGE; flag <<= 1) {
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

static void format_duration(double seconds, char *buf, size_t size)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void clear_progress(const batch *b)
{
    if (b->tty)
        fputs("\r\033[K", stderr);
}

/* The one redrawn line on a terminal: files, audio, throughput, ETA. */
static void draw_progress(const batch *b)
{
    double elapsed = now_seconds() - b->start_time;
    char eta[32] = "";
    if (!b->tty || b->s->quiet)
        return;
    /* the input bytes rendered so far, per second, tell the time left */
    if (b->bytes_done > 0 && b->bytes_to_render > b->bytes_done) {
        double remaining = elapsed * (double)(b->bytes_to_render - b->bytes_done) / (double)b->bytes_done;
        strcpy(eta, ", ETA ");
        format_duration(remaining, eta + 6, sizeof eta - 6);
    }
    fprintf(stderr, "\r\033[Krostrum: %zu/%zu files, %.2f h of audio, %.0f h/h%s", b->finished, b->total,
            b->audio_rendered / 3600.0, elapsed > 0 ? b->audio_rendered / elapsed : 0.0, eta);
}

static const char *state_word(enum job_state state)
{
    switch (state) {
    case JOB_RENDERED: return "rendered";
    case JOB_SKIPPED: return "skipped";
    case JOB_FAILED: return "failed";
    case JOB_INTERRUPTED: return "stopped";
    default: return "pending";
    }
}

/* A message that names the input already is printed alone. */
static void print_reason(const job *j, const char *prefix)
{
    size_t len = strlen(j->input);
    if (!strncmp(j->message, j->input, len) && (j->message[len] == ':' || j->message[len] == '\0'))
        fprintf(stderr, "%s%s\n", prefix, j->message);
    else
        fprintf(stderr, "%s%s: %s\n", prefix, j->input, j->message);
}

/* One input is finished: a log line (not on a terminal), a failure at once. */
static void finish_job(batch *b, job *j, double wall_seconds)
{
    char audio[32];
    if (j->state != JOB_INTERRUPTED)
        b->finished++;
    b->rendered += j->state == JOB_RENDERED;
    b->skipped += j->state == JOB_SKIPPED;
    b->failed += j->state == JOB_FAILED;
    if (b->s->quiet)
        return;
    clear_progress(b);
    format_duration(j->audio_seconds, audio, sizeof audio);
    if (j->state == JOB_FAILED) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "rostrum: [%zu/%zu] failed ", b->finished, b->total);
        print_reason(j, prefix);
    } else if (j->message && j->state == JOB_RENDERED)
        fprintf(stderr, "rostrum: warning: %s\n", j->message);
    if (!b->tty && j->state != JOB_FAILED)
        fprintf(stderr, "rostrum: [%zu/%zu] %s %s (%s of audio, %.1f s)\n", b->finished, b->total,
                state_word(j->state), j->input, audio, wall_seconds);
    draw_progress(b);
}

/* Creates the folders above path that do not exist yet. */
static int make_parents(char *path)
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
} output_state;

/* The state file of an output: its absolute path mirrored under the
 * cache's state folder, so that every output folder keeps its own. */
static char *state_path(const batch *b, const job *j)
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
    if (fgets(line, sizeof line, f))
        fields = sscanf(line, "%31s %32s %lf %lld %lld %lld %d", magic, state->key, &state->seconds, &state->size,
                        &state->mtime, &state->mtime_ns, &state->manifest);
    fclose(f);
    return fields == 7 && !strcmp(magic, STATE_MAGIC) && strlen(state->key) == ROSTRUM_KEY_SIZE - 1 ? 0 : -1;
}

/* Writes the state of an output just rendered: under a temporary name,
 * then renamed, so that a reader never sees half of one. -1 with errno. */
static int write_state(const char *path, const char *key, double seconds, const char *output, int manifest)
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
    ok = fprintf(f, "%s %s %.6f %lld %lld %lld %d\n", STATE_MAGIC, key, seconds, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec, manifest) > 0;
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
 * asked for. Then seconds is the length of its audio. */
static int up_to_date(const batch *b, const char *state_file, const char *key, const char *output,
                      const char *manifest, double *seconds)
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
    return 1;
}

static int worker_progress(void *user, rostrum_stage stage, uint64_t done, uint64_t total)
{
    (void)user;
    (void)stage;
    (void)done;
    (void)total;
    return stop_signal != 0;
}

/* Adds a warning to the report's message. */
static void add_warning(worker_report *report, const char *fmt, const char *a, const char *b)
{
    size_t len = strlen(report->message);
    if (len > 0 && len + 2 < sizeof report->message) {
        strcpy(report->message + len, "; ");
        len += 2;
    }
    snprintf(report->message + len, sizeof report->message - len, fmt, a, b);
}

/* The worker process: loads one input with its own rostrum handle, asks
 * the library for its render key, and renders it unless the state kept of
 * its output holds that key; reports to the parent through fd and exits. */
static void run_worker(const batch *b, const job *j, const char *output, int fd)
{
    worker_report report;
    rostrum_options options = b->s->options;
    char track[32], key[ROSTRUM_KEY_SIZE];
    const char *tags[1];
    char *manifest = b->s->manifests ? with_extension(output, ".json") : NULL;
    char *state = b->state_dir ? state_path(b, j) : NULL;
    rostrum *r = NULL;
    int rc = (b->s->manifests && !manifest) || (b->state_dir && !state) ? ROSTRUM_ENOMEM : 0;
    memset(&report, 0, sizeof report);
    snprintf(track, sizeof track, "TRACKNUMBER=%zu", j->track);
    tags[0] = track;
    options.extra_tags = tags;
    options.extra_tag_count = 1;
    /* the workers already fill the processors; stretches already encoded
     * are kept in the cache, so a re-render after an edit is quick */
    if (options.threads == 0)
        options.threads = 1;
    /* the cache batch keeps by default holds encoded stretches only:
     * speech takes 15 times their room and is cheap to make again */
    if (!options.cache_dir) {
        options.cache_dir = b->cache_dir;
        options.cache_speech = 0;
    }
    options.progress = worker_progress;
    options.progress_user = NULL;
    if (rc == 0)
        rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load_file(r, j->input);
    if (rc == 0)
        rc = rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key);
    if (rc == 0 && state && !b->s->force && up_to_date(b, state, key, output, manifest, &report.audio_seconds)) {
        report.skipped = 1;
    } else if (rc == 0) {
        rc = rostrum_render_files(r, output, ROSTRUM_FORMAT_OPUS, manifest);
        if (rc == 0)
            rostrum_render_duration(r, &report.audio_seconds);
        if (rc == 0 && rostrum_chapters_dropped(r) > 0)
            snprintf(report.message, sizeof report.message, "%s has more than 1000 chapter boundaries; kept %zu",
                     j->input, rostrum_chapter_count(r));
        if (rc == 0 && state && write_state(state, key, report.audio_seconds, output, manifest != NULL) != 0)
            add_warning(&report, "%s: cannot keep its state, so it will be rendered again next time: %s", state,
                        strerror(errno));
    }
    report.status = rc;
    if (rc != 0)
        snprintf(report.message, sizeof report.message, "%s",
                 r && rostrum_error_message(r)[0] ? rostrum_error_message(r) : rostrum_strerror(rc));
    write_all(fd, &report, sizeof report);
    rostrum_destroy(r);
    free(manifest);
    free(state);
    _exit(rc ? 1 : 0);
}

static void fail_job(batch *b, job *j, const char *what, const char *path)
{
    char reason[1024];
    snprintf(reason, sizeof reason, "%s %s: %s", what, path, strerror(errno));
    j->state = JOB_FAILED;
    j->message = copy_of(reason);
    finish_job(b, j, 0.0);
}

/* Starts a worker for job index in a free slot. */
static void start_worker(batch *b, worker *w, size_t index)
{
    job *j = &b->jobs[index];
    char *output = output_path(b, j);
    int fds[2];
    pid_t pid;
    if (!output || make_parents(output) != 0) {
        fail_job(b, j, "cannot create the folder for", output ? output : j->relative);
        free(output);
        return;
    }
    if (pipe(fds) != 0) {
        fail_job(b, j, "cannot start a worker for", j->input);
        free(output);
        return;
    }
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        run_worker(b, j, output, fds[1]);
    }
    close(fds[1]);
    free(output);
    if (pid < 0) {
        close(fds[0]);
        fail_job(b, j, "cannot start a worker for", j->input);
        return;
    }
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->fd = fds[0];
    w->job = index;
    w->started = now_seconds();
    b->running++;
}

/* The worker's pipe is closed: collects its exit and what it reported. */
static void reap_worker(batch *b, worker *w)
{
    job *j = &b->jobs[w->job];
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(w->fd);
    w->pid = 0;
    b->running--;
    if (w->received == sizeof w->report) {
        j->state = w->report.status == ROSTRUM_ECANCELLED ? JOB_INTERRUPTED
                   : w->report.status != 0                 ? JOB_FAILED
                   : w->report.skipped                     ? JOB_SKIPPED
                                                           : JOB_RENDERED;
        j->audio_seconds = w->report.audio_seconds;
        if (w->report.message[0])
            j->message = copy_of(w->report.message);
    } else {
        char reason[128];
        int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        j->state = stop_signal && sig ? JOB_INTERRUPTED : JOB_FAILED;
        snprintf(reason, sizeof reason, "the worker stopped without a report (%s %d)", sig ? "signal" : "exit status",
                 sig ? sig : WEXITSTATUS(status));
        j->message = copy_of(reason);
    }
    if (j->state == JOB_FAILED && !j->message)
        j->message = copy_of("out of memory");
    /* a failure or an output up to date is quick: its bytes would make the
     * rest look fast */
    if (j->state == JOB_RENDERED)
        b->bytes_done += j->input_bytes;
    else
        b->bytes_to_render -= j->input_bytes;
    b->audio_rendered += j->state == JOB_RENDERED ? j->audio_seconds : 0.0;
    finish_job(b, j, now_seconds() - w->started);
}

/* Reads what a worker has written; its end of file means it is done. */
static void read_worker(batch *b, worker *w)
{
    char *dest = (char *)&w->report + w->received;
    size_t room = sizeof w->report - w->received;
    char scratch[256];
    ssize_t n = room ? read(w->fd, dest, room) : read(w->fd, scratch, sizeof scratch);
    if (n < 0 && errno == EINTR)
        return;
    if (n > 0 && room)
        w->received += (size_t)n;
    else if (n <= 0)
        reap_worker(b, w);
}

/* A stop was asked for: the workers get SIGTERM (once) and cancel. */
static void forward_stop(batch *b)
{
    int i;
    if (b->forwarded)
        return;
    b->forwarded = 1;
    for (i = 0; i < b->worker_count; i++)
        if (b->workers[i].pid > 0)
            kill(b->workers[i].pid, SIGTERM);
}

static void wait_for_workers(batch *b)
{
    struct pollfd *fds = b->poll_fds;
    int *slot = b->poll_slots;
    int i, n = 0;
    for (i = 0; i < b->worker_count; i++) {
        if (b->workers[i].pid <= 0)
            continue;
        fds[n].fd = b->workers[i].fd;
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        slot[n++] = i;
    }
    if (poll(fds, (nfds_t)n, POLL_MS) <= 0)
        return;
    for (i = 0; i < n; i++)
        if (fds[i].revents)
            read_worker(b, &b->workers[slot[i]]);
}

/* Runs the pending jobs, at most worker_count at a time, until all are
 * done or a signal stops the run. The longest inputs go first: the last
 * to finish are then short ones, and no worker idles long at the end while
 * another renders a long statement alone. */
static int run_jobs(batch *b)
{
    size_t next = 0, k;
    /* in the batch, not on the stack: a worker that exits still holds it */
    size_t *order = b->order = malloc((b->count ? b->count : 1) * sizeof *order);
    if (!order)
        return -1;
    for (k = 0; k < b->count; k++)
        order[k] = k;
    sorted_jobs = b->jobs;
    qsort(order, b->count, sizeof *order, compare_longest);
    for (;;) {
        int i;
        for (i = 0; i < b->worker_count && !stop_signal; i++) {
            while (next < b->count && b->jobs[order[next]].state != JOB_PENDING)
                next++;
            if (next < b->count && b->workers[i].pid == 0)
                start_worker(b, &b->workers[i], order[next++]);
        }
        if (b->running == 0 && (stop_signal || next >= b->count))
            break;
        if (stop_signal)
            forward_stop(b);
        if (b->running > 0)
            wait_for_workers(b);
        draw_progress(b);
    }
    return 0;
}

/* Sizes up the jobs of this shard (the largest go first, and the bytes
 * done tell the time left) and reports those that failed already. Whether
 * an output is up to date is for its worker to find out: the key needs the
 * input loaded, which the workers do side by side. */
static void plan_jobs(batch *b)
{
    size_t i;
    for (i = 0; i < b->count; i++) {
        job *j = &b->jobs[i];
        struct stat st;
        if (j->state != JOB_PENDING) {
            finish_job(b, j, 0.0);
            continue;
        }
        /* one that cannot be read fails in its worker, which says why */
        j->input_bytes = stat(j->input, &st) == 0 ? (uint64_t)st.st_size : 0;
        b->bytes_to_render += j->input_bytes;
    }
}

/* Drops the jobs of other shards. */
static void keep_shard(batch *b)
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

/* The closing lines: counts, every failure with its reason, and what an
 * interruption left to do. Returns the exit status. */
static int summarize(const batch *b)
{
    double elapsed = now_seconds() - b->start_time;
    char audio[32], wall[32];
    size_t i;
    clear_progress(b);
    format_duration(b->audio_rendered, audio, sizeof audio);
    format_duration(elapsed, wall, sizeof wall);
    if (!b->s->quiet)
        fprintf(stderr, "rostrum: %zu inputs: %zu rendered, %zu up to date, %zu failed; %s of audio in %s (%.1f h/h)\n",
                b->total, b->rendered, b->skipped, b->failed, audio, wall,
                elapsed > 0 ? b->audio_rendered / elapsed : 0.0);
    if (b->failed > 0) {
        fprintf(stderr, "rostrum: %zu of %zu inputs failed:\n", b->failed, b->total);
        for (i = 0; i < b->count; i++)
            if (b->jobs[i].state == JOB_FAILED)
                print_reason(&b->jobs[i], "  ");
    }
    if (stop_signal) {
        fprintf(stderr, "rostrum: interrupted: %zu of %zu inputs done; run again to go on from there\n", b->finished,
                b->total);
        return 128 + (int)stop_signal;
    }
    return b->failed > 0 ? 1 : 0;
}

static void free_batch(batch *b)
{
    size_t i;
    for (i = 0; i < b->count; i++) {
        free(b->jobs[i].input);
        free(b->jobs[i].relative);
        free(b->jobs[i].message);
    }
    free(b->jobs);
    free(b->workers);
    free(b->poll_fds);
    free(b->poll_slots);
    free(b->order);
    free(b->cache_dir);
    free(b->state_dir);
}

/* An intro, outro or cover that cannot be opened would fail every input
 * alike: said once, before any work. (What is inside is checked by each
 * render.) */
static int check_media_files(const settings *s)
{
    const char *paths[3], *names[3] = {"intro", "outro", "cover"};
    int i;
    paths[0] = s->options.intro;
    paths[1] = s->options.outro;
    paths[2] = s->options.cover;
    for (i = 0; i < 3; i++) {
        struct stat st;
        if (!paths[i])
            continue;
        if (stat(paths[i], &st) != 0 || access(paths[i], R_OK) != 0) {
            fprintf(stderr, "rostrum: %s: cannot read the %s: %s\n", paths[i], names[i], strerror(errno));
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "rostrum: %s: the %s is a folder\n", paths[i], names[i]);
            return 1;
        }
    }
    return 0;
}

/* The options are checked once here (a handle is made and dropped: that
 * initialises nothing), so that a bad one is a usage error, not N failures. */
static int check_arguments(const settings *s)
{
    rostrum *r = NULL;
    struct stat st;
    size_t i;
    int rc;
    for (i = 0; i < s->input_count; i++)
        if (!strcmp(s->inputs[i], "-"))
            return usage_error("%s", "batch reads files and folders, not stdin");
    if (!strcmp(s->output, "-") || (stat(s->output, &st) == 0 && !S_ISDIR(st.st_mode)))
        return usage_error("batch writes into a folder; \"%s\" is not one", s->output);
    rc = rostrum_create(&r, &s->options);
    rostrum_destroy(r);
    if (rc) {
        fprintf(stderr, "rostrum: %s\n", rostrum_strerror(rc));
        return rc == ROSTRUM_EINVAL ? EXIT_USAGE : 1;
    }
    return check_media_files(s);
}

static int make_output_folder(const char *outdir)
{
    char *path = path_join(outdir, "x");
    int rc = path ? make_parents(path) : -1;
    free(path);
    if (rc != 0)
        fprintf(stderr, "rostrum: cannot create the folder %s: %s\n", outdir, strerror(errno));
    return rc;
}

/* The cache batch keeps by default, where the XDG Base Directory
 * specification puts it: $XDG_CACHE_HOME/rostrum, else ~/.cache/rostrum
 * (an XDG_CACHE_HOME that is empty or relative is ignored, as the
 * specification says). NULL with *no_home set when there is no home either. */
static char *default_cache_dir(int *no_home)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    *no_home = 0;
    if (xdg && xdg[0] == '/')
        return path_join(xdg, "rostrum");
    if (home && home[0] == '/')
        return path_join(home, ".cache/rostrum");
    *no_home = 1;
    return NULL;
}

/* The cache the workers share (--cache, else the user's) and, in it, the
 * folder of the outputs' states: batch/ and then the output folder's
 * absolute path, so that every output folder keeps its own. Both are made
 * here with their parents (the library makes only the last folder of a
 * cache). Returns 0, or 1 after saying why. */
static int prepare_cache(batch *b)
{
    const settings *s = b->s;
    char *outdir, *probe;
    int no_home, rc;
    b->cache_dir = s->options.cache_dir ? copy_of(s->options.cache_dir) : default_cache_dir(&no_home);
    if (!b->cache_dir && !s->options.cache_dir && no_home) {
        if (!s->quiet)
            fputs("rostrum: warning: no cache folder (neither XDG_CACHE_HOME nor HOME is an absolute path): "
                  "every input is rendered, also those that are up to date\n",
                  stderr);
        return 0;
    }
    outdir = b->cache_dir ? realpath(s->output, NULL) : NULL;
    if (b->cache_dir && !outdir) {
        fprintf(stderr, "rostrum: %s: %s\n", s->output, strerror(errno));
        return 1;
    }
    b->state_dir = outdir ? format_string("%s/batch%s", b->cache_dir, outdir) : NULL;
    probe = b->state_dir ? path_join(b->state_dir, "x") : NULL;
    free(outdir);
    if (!probe) {
        report_memory();
        return 1;
    }
    rc = make_parents(probe);
    free(probe);
    if (rc != 0) {
        fprintf(stderr, "rostrum: cannot create the cache folder %s: %s\n", b->state_dir, strerror(errno));
        return 1;
    }
    return 0;
}

int run_batch(const settings *s)
{
    batch b;
    long processors = sysconf(_SC_NPROCESSORS_ONLN);
    int rc = check_arguments(s);
    if (rc)
        return rc;
    if (make_output_folder(s->output) != 0)
        return 1;
    memset(&b, 0, sizeof b);
    b.s = s;
    b.tty = isatty(STDERR_FILENO);
    b.start_time = now_seconds();
    b.worker_count = s->jobs > 0 ? s->jobs : processors > 0 ? (int)processors : 1;
    b.workers = calloc((size_t)b.worker_count, sizeof *b.workers);
    b.poll_fds = calloc((size_t)b.worker_count, sizeof *b.poll_fds);
    b.poll_slots = calloc((size_t)b.worker_count, sizeof *b.poll_slots);
    if (prepare_cache(&b) != 0) {
        free_batch(&b);
        return 1;
    }
    if (!b.workers || !b.poll_fds || !b.poll_slots || collect(&b) != 0 || mark_duplicates(&b) != 0) {
        report_memory();
        free_batch(&b);
        return 1;
    }
    keep_shard(&b);
    plan_jobs(&b);
    b.start_time = now_seconds(); /* throughput counts the rendering only */
    if (run_jobs(&b) != 0) {
        report_memory();
        free_batch(&b);
        return 1;
    }
    rc = summarize(&b);
    free_batch(&b);
    return rc;
}
