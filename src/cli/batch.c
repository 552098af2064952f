/* rostrum batch: renders many files and folders into one output folder, one
 * worker process per input (batch_pool.c), and reports how the run goes. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report_memory(void)
{
    fputs("rostrum: out of memory\n", stderr);
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
void draw_progress(const batch *b)
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
    case JOB_PASSED_OVER: return "passed over";
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
void finish_job(batch *b, job *j, double wall_seconds)
{
    char audio[32];
    if (j->state != JOB_INTERRUPTED)
        b->finished++;
    b->rendered += j->state == JOB_RENDERED;
    b->skipped += j->state == JOB_SKIPPED;
    b->failed += j->state == JOB_FAILED;
    b->passed_over += j->state == JOB_PASSED_OVER;
    if (b->s->quiet)
        return;
    clear_progress(b);
    format_duration(j->audio_seconds, audio, sizeof audio);
    if (j->state == JOB_FAILED || j->state == JOB_PASSED_OVER) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "rostrum: [%zu/%zu] %s ", b->finished, b->total, state_word(j->state));
        print_reason(j, prefix);
    } else if (j->message && j->state == JOB_RENDERED)
        fprintf(stderr, "rostrum: warning: %s\n", j->message);
    if (!b->tty && j->state != JOB_FAILED && j->state != JOB_PASSED_OVER)
        fprintf(stderr, "rostrum: [%zu/%zu] %s %s (%s of audio, %.1f s)\n", b->finished, b->total,
                state_word(j->state), j->input, audio, wall_seconds);
    draw_progress(b);
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
    if (!b->s->quiet && b->rendered > 0)
        fprintf(stderr, "rostrum: %zu inputs: %zu rendered, %zu up to date, %zu failed; %s of audio in %s (%.1f h/h)\n",
                b->total, b->rendered, b->skipped, b->failed, audio, wall,
                elapsed > 0 ? b->audio_rendered / elapsed : 0.0);
    else if (!b->s->quiet)
        fprintf(stderr, "rostrum: %zu inputs: none rendered, %zu up to date, %zu failed\n", b->total, b->skipped,
                b->failed);
    if (!b->s->quiet && b->passed_over > 0)
        fprintf(stderr, "rostrum: %zu companion file%s of a corpus passed over: %s no statement (speaker registers, "
                "corpus roots)\n", b->passed_over, b->passed_over == 1 ? "" : "s", b->passed_over == 1 ? "it holds" : "they hold");
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
        free(b->jobs[i].facts);
    }
    free(b->jobs);
    free(b->workers);
    free(b->poll_fds);
    free(b->poll_slots);
    free(b->order);
    free(b->cache_dir);
    free(b->state_dir);
    abandon_feed(b);
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
    int no_home = 0, rc;
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
    b.feed_fd = -1;
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
    if (!b.workers || !b.poll_fds || !b.poll_slots || collect_inputs(&b) != 0 || mark_duplicates(&b) != 0) {
        report_memory();
        free_batch(&b);
        return 1;
    }
    keep_shard(&b);
    if (s->feed_url && open_feed(&b) != 0) {
        free_batch(&b);
        return 1;
    }
    plan_jobs(&b);
    b.start_time = now_seconds(); /* throughput counts the rendering only */
    if (run_jobs(&b) != 0) {
        report_memory();
        free_batch(&b);
        return 1;
    }
    rc = summarize(&b);
    /* an interrupted run leaves the feed as it was; a run where some input
     * failed still lists every output there is */
    if (s->feed_url && !stop_signal && write_feed(&b) != 0 && rc == 0)
        rc = 1;
    free_batch(&b);
    return rc;
}
