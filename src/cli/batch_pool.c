/* The worker processes of rostrum batch: one per input, at most --jobs at a
 * time, each rendering with a handle of its own and reporting through a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"

#define POLL_MS 250

/* A report arrives in one write, whole or not at all, only up to PIPE_BUF. */
_Static_assert(sizeof(worker_report) <= PIPE_BUF, "a worker's report must fit in one atomic pipe write");

static char *output_path(const batch *b, const job *j)
{
    return path_join(b->s->output, j->relative);
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
    char track[32], key[ROSTRUM_KEY_SIZE], episode[ROSTRUM_KEY_SIZE] = "";
    const char *tags[1];
    char *manifest = b->s->manifests ? with_extension(output, ".json") : NULL;
    char *state = b->state_dir ? state_path(b, j) : NULL;
    rostrum *r = NULL;
    int strict = 0;
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
    if (b->tokens[0] >= 0) {
        options.job_server_read = b->tokens[0];
        options.job_server_write = b->tokens[1];
    }
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
    if (rc == 0 && rostrum_warning_count(r) > 0) {
        /* what would not be heard: said, or with --strict the input fails */
        if (b->s->strict)
            strict = 1, rc = ROSTRUM_EINPUT;
        else
            add_warning(&report, "%s%s", rostrum_warning(r, 0),
                        rostrum_warning_count(r) > 1 ? " (and in other paragraphs)" : "");
    }
    if (rc == 0)
        rc = rostrum_render_key(r, ROSTRUM_FORMAT_OPUS, key);
    if (rc == 0 && state && !b->s->force &&
        up_to_date(b, state, key, output, manifest, &report.audio_seconds, episode)) {
        report.skipped = 1;
    } else if (rc == 0) {
        rc = rostrum_render_files(r, output, ROSTRUM_FORMAT_OPUS, manifest);
        if (rc == 0)
            rostrum_render_duration(r, &report.audio_seconds);
        if (rc == 0 && rostrum_chapters_dropped(r) > 0)
            snprintf(report.message, sizeof report.message, "%s has more than 1000 chapter boundaries; kept %zu",
                     j->input, rostrum_chapter_count(r));
        if (rc == 0 && b->s->feed_url)
            feed_episode(&options, j->input, key, episode);
        if (rc == 0 && state &&
            write_state(state, key, episode, report.audio_seconds, output, manifest != NULL) != 0)
            add_warning(&report, "%s: cannot keep its state, so it will be rendered again next time: %s", state,
                        strerror(errno));
    }
    if (rc == 0 && b->s->feed_url) {
        /* an output up to date from before the episode key was kept: kept
         * now, so that the next run needs no second load (a failure to
         * keep it costs only that) */
        if (!episode[0]) {
            feed_episode(&options, j->input, key, episode);
            if (report.skipped)
                write_state(state, key, episode, report.audio_seconds, output, manifest != NULL);
        }
        gather_facts(r, episode, &report.facts);
        report.has_facts = 1;
    }
    report.status = rc;
    if (strict)
        snprintf(report.message, sizeof report.message, "%s (--strict)", rostrum_warning(r, 0));
    else if (rc != 0)
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
        j->state = w->report.status == ROSTRUM_ECANCELLED     ? JOB_INTERRUPTED
                   : w->report.status == ROSTRUM_ENOSTATEMENT ? JOB_PASSED_OVER
                   : w->report.status != 0                     ? JOB_FAILED
                   : w->report.skipped                     ? JOB_SKIPPED
                                                           : JOB_RENDERED;
        j->audio_seconds = w->report.audio_seconds;
        if (w->report.has_facts && (j->state == JOB_RENDERED || j->state == JOB_SKIPPED)) {
            j->facts = malloc(sizeof *j->facts);
            if (j->facts)
                *j->facts = w->report.facts;
        }
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

static const job *sorted_jobs; /* for compare_longest: qsort takes no context */

/* Longest input first, then by position. */
static int compare_longest(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, c = *(const size_t *)y;
    uint64_t la = sorted_jobs[a].input_bytes, lc = sorted_jobs[c].input_bytes;
    if (la != lc)
        return la > lc ? -1 : 1;
    return (a > c) - (a < c);
}

/* The job server: a pipe every worker inherits, holding a token for each
 * processor no worker has, once the queue is empty. A worker's render
 * reads one to encode on one more thread, and writes it back after each
 * stretch, as GNU make's job server lends its slots. Without it the
 * last long statement of a batch would be encoded on one processor while
 * the others idle. A pipe that cannot be made costs only that. */
static void open_job_server(batch *b)
{
    int flags;
    b->tokens[0] = b->tokens[1] = -1;
    b->tokens_given = 0;
    if (b->worker_count < 2 || pipe(b->tokens) != 0) {
        b->tokens[0] = b->tokens[1] = -1;
        return;
    }
    flags = fcntl(b->tokens[0], F_GETFL);
    if (flags < 0 || fcntl(b->tokens[0], F_SETFL, flags | O_NONBLOCK) != 0) {
        close(b->tokens[0]);
        close(b->tokens[1]);
        b->tokens[0] = b->tokens[1] = -1;
    }
}

/* With the queue empty, the slots of workers that have finished become
 * tokens; they are never taken back, since no worker starts after. */
static void lend_free_slots(batch *b)
{
    static const char token = '+';
    while (b->tokens[1] >= 0 && b->tokens_given < b->worker_count - b->running) {
        if (write(b->tokens[1], &token, 1) != 1)
            break;
        b->tokens_given++;
    }
}

/* Runs the pending jobs, at most worker_count at a time, until all are
 * done or a signal stops the run. The longest inputs go first: the last
 * to finish are then short ones, and no worker idles long at the end while
 * another renders a long statement alone; what idles then is lent to it
 * (open_job_server). */
int run_jobs(batch *b)
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
    open_job_server(b);
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
        while (next < b->count && b->jobs[order[next]].state != JOB_PENDING)
            next++;
        if (next >= b->count && !stop_signal)
            lend_free_slots(b);
        if (stop_signal)
            forward_stop(b);
        if (b->running > 0)
            wait_for_workers(b);
        draw_progress(b);
    }
    if (b->tokens[0] >= 0) {
        close(b->tokens[0]);
        close(b->tokens[1]);
        b->tokens[0] = b->tokens[1] = -1;
    }
    return 0;
}
