/* Allocation failure: every allocation made while loading and planning a
 * statement, and across a small render, is made to fail in turn; each run must end in ROSTRUM_ENOMEM
 * (or succeed, if the failed allocation was optional), never crash. Leaks
 * are caught by running this under valgrind or AddressSanitizer. First,
 * the count the sweeps rely on, with several threads allocating at once. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "check.h"
#include "memory_io.h"
#include "sweep.h"

static const char text[] =
    "---\ntitle: Test\nlanguage: en\n---\n## A Heading\n\nDear colleagues,\n\n"
    "A **first** paragraph with a [link](u) &amp; more,\nwrapped over lines.\n\n- one\n- two\n\n"
    "1. A numbered paragraph.\n\n<!-- note -->\nThe end.\n";

static const char text_fr[] =
    "---\nlanguage: fr\n---\n## Le XIXe si\xC3\xA8" "cle\n\nM. Dupont a vers\xC3\xA9 1 500 \xE2\x82\xAC le 12/03/2019, "
    "soit 5 %, pour la 9e et la 1re fois (Rires.) &amp; l'OTAN.\n";
static const char text_es[] =
    "---\nlanguage: es\n---\nEl Sr. P\xC3\xA9rez pag\xC3\xB3 US$ 300 millones el 1.\xC2\xBA de mayo, "
    "un 5 % m\xC3\xA1s que las FF.AA. en 2016-2020. (APLAUSOS)\n";

/* extra tags are copied at create time: their copies are in the sweep too */
static const char *const extra_tags[] = {"ROSTRUM_KEY=0123456789abcdef", "Comment=caf\xC3\xA9"};

static int load_once(unsigned long fail_at, const char *input, size_t size)
{
    rostrum_options options;
    rostrum *r = NULL;
    int rc;
    rostrum_options_init(&options);
    options.data_dir = ROSTRUM_SOURCE_DIR;
    options.extra_tags = extra_tags;
    options.extra_tag_count = 2;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "t.md", input, size);
    rostrum_destroy(r);
    rs__alloc_fail_at = 0;
    return rc;
}

/* One run with allocation fail_at made to fail (0: none). */
typedef struct trial {
    int (*run)(const struct trial *t, unsigned long fail_at);
    const char *input;
    size_t size;
    rostrum_format format;
    int threads;
    int pipe; /* render to an output that cannot seek */
} trial;

static int run_trial(const void *t, unsigned long fail_at)
{
    return ((const trial *)t)->run(t, fail_at);
}

/* Runs the trial once to count its allocations (noting where each is made,
 * and by which path, when into is given), then once failing each: after
 * those it makes as an earlier trial, same, whose sweep failed them; with
 * a trace, each path twice at most (see sweep.h). */
static void sweep_from(const char *name, const trial *t, sweep_trace *into, const sweep_trace *same)
{
    unsigned long total, shared = 0;
    CHECK(sweep_count(into, run_trial, t, &total) == 0);
    CHECK(total > 20);
    if (into && same)
        shared = sweep_shared(into, same);
    /* the trials differ in what they write: they part before the end */
    CHECK(shared < total);
    sweep_run(name, into, total, shared, run_trial, t);
}

static void sweep(const char *name, const trial *t)
{
    sweep_from(name, t, NULL, NULL);
}

static int load_trial(const trial *t, unsigned long fail_at)
{
    return load_once(fail_at, t->input, t->size);
}

/* Tags that a Vorbis comment header cannot hold are refused up front. */
static int create_with_tag(const char *tag)
{
    rostrum_options options;
    rostrum *r = NULL;
    int rc;
    rostrum_options_init(&options);
    options.extra_tags = &tag;
    options.extra_tag_count = 1;
    rc = rostrum_create(&r, &options);
    rostrum_destroy(r);
    return rc;
}

static void check_extra_tags(void)
{
    rostrum_options options;
    rostrum *r = NULL;
    CHECK(create_with_tag("KEY=value") == 0);
    CHECK(create_with_tag("A KEY}=") == 0);
    CHECK(create_with_tag("KEY~=v") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("KEY=a=b") == 0);
    CHECK(create_with_tag("=value") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("KEY") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("K\x7F=v") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("K\n=v") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("K\xC3\xA9=v") == ROSTRUM_EINVAL);
    CHECK(create_with_tag("KEY=bad \xFF byte") == ROSTRUM_EINVAL);
    CHECK(create_with_tag(NULL) == ROSTRUM_EINVAL);
    rostrum_options_init(&options);
    options.extra_tag_count = 1;
    CHECK(rostrum_create(&r, &options) == ROSTRUM_EINVAL && r == NULL);
}

/* What every render trial speaks: the same text, so that the sweeps part
 * only where the renders do (see sweep.h) */
static const char speech[] = "# Session {.session}\n\nMr L G LEVER: Yes, Madam. We agree.\n\n"
                             "The PRESIDENT: No & <never>.\n";

static int render_once(unsigned long fail_at, rostrum_format format, int threads, int pipe)
{
    static const rostrum_io pipe_io = {memory_write, NULL, NULL};
    rostrum_options options;
    rostrum *r = NULL;
    memory_out out = {0};
    int rc;
    rostrum_options_init(&options);
    options.data_dir = ROSTRUM_SOURCE_DIR;
    options.threads = threads;
    options.complexity = 0;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "t.md", speech, sizeof speech - 1);
    if (rc == 0)
        rc = rostrum_render(r, format, pipe ? &pipe_io : &memory_io, &out);
    rostrum_destroy(r);
    rs__alloc_fail_at = 0;
    free(out.data);
    return rc;
}

static int render_trial(const trial *t, unsigned long fail_at)
{
    return render_once(fail_at, t->format, t->threads, t->pipe);
}

/* A render to files with the manifest and every sidecar (captions, the
 * page): after a failure none of them is there; after a success all are,
 * and are removed for the next run. */
static int files_trial(const trial *t, unsigned long fail_at)
{
    static const char *const names[] = {"out.opus", "out.json", "out.vtt", "out.srt", "out.chapters.vtt",
                                        "out.html", "out.chapters.json"};
    char dir[] = "/tmp/rostrum-alloc-XXXXXX", path[256];
    rostrum_options options;
    rostrum *r = NULL;
    size_t i, present = 0;
    int rc;
    (void)t;
    if (!mkdtemp(dir))
        return ROSTRUM_EIO;
    rostrum_options_init(&options);
    options.data_dir = ROSTRUM_SOURCE_DIR;
    options.threads = 1;
    options.complexity = 0;
    options.sidecars = ROSTRUM_SIDECAR_VTT | ROSTRUM_SIDECAR_SRT | ROSTRUM_SIDECAR_CHAPTERS_VTT | ROSTRUM_SIDECAR_PAGE |
                       ROSTRUM_SIDECAR_CHAPTERS_JSON;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "t.md", speech, sizeof speech - 1);
    if (rc == 0) {
        char manifest[256];
        snprintf(path, sizeof path, "%s/out.opus", dir);
        snprintf(manifest, sizeof manifest, "%s/out.json", dir);
        rc = rostrum_render_files(r, path, ROSTRUM_FORMAT_OPUS, manifest);
    }
    rostrum_destroy(r);
    rs__alloc_fail_at = 0;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        present += unlink(path) == 0;
    }
    CHECK(present == (rc == 0 ? sizeof names / sizeof names[0] : 0));
    CHECK(rmdir(dir) == 0); /* no temporary file either */
    return rc;
}

/* Threads that allocate at once, as the encoder threads do during a sweep:
 * every allocation is counted (none lost to a race), and the one chosen
 * fails exactly once whichever thread makes it. One thread per core (two
 * at least); each watches the next one's progress and goes on until it has
 * seen it move between many of its own allocations, so that on a busy
 * machine too they run side by side for a while (or until a cap, on one
 * core). */
enum { ALLOC_THREADS_MAX = 16, ALLOCS_MIN = 200000, ALLOCS_MAX = 5000000, OVERLAP_MIN = 100000 };

typedef struct alloc_worker {
    atomic_ulong progress;            /* allocations made so far */
    atomic_int done;
    struct alloc_worker *next;        /* the one it watches */
    atomic_int *ready;
    int thread_count;
    unsigned long failed, overlapped; /* allocations after which next had moved */
} alloc_worker;

static void *allocate_many(void *arg)
{
    alloc_worker *w = arg;
    unsigned long made = 0, seen;
    atomic_fetch_add(w->ready, 1);
    while (atomic_load(w->ready) < w->thread_count)
        ;
    seen = atomic_load(&w->next->progress);
    while (made < ALLOCS_MIN ||
           (made < ALLOCS_MAX && w->overlapped < OVERLAP_MIN && !atomic_load(&w->next->done))) {
        unsigned long now;
        void *p = rs__malloc(16);
        if (!p)
            w->failed++;
        rs__free(p);
        atomic_store(&w->progress, ++made);
        now = atomic_load(&w->next->progress);
        w->overlapped += now != seen;
        seen = now;
    }
    atomic_store(&w->done, 1);
    return NULL;
}

static void check_concurrent_count(int thread_count, unsigned long fail_at)
{
    pthread_t threads[ALLOC_THREADS_MAX];
    alloc_worker workers[ALLOC_THREADS_MAX];
    atomic_int ready = 0;
    unsigned long failed = 0, overlapped = 0, total = 0;
    int i, started = 0;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    for (i = 0; i < thread_count; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].next = &workers[(i + 1) % thread_count];
        workers[i].ready = &ready;
        workers[i].thread_count = thread_count;
    }
    for (i = 0; i < thread_count; i++) {
        if (pthread_create(&threads[i], NULL, allocate_many, &workers[i]) != 0)
            break;
        started++;
    }
    CHECK(started == thread_count);
    if (started != thread_count)
        exit(check_report("test_alloc")); /* those started wait for the rest for ever */
    for (i = 0; i < thread_count; i++) {
        pthread_join(threads[i], NULL);
        failed += workers[i].failed;
        overlapped += workers[i].overlapped;
        total += atomic_load(&workers[i].progress);
    }
    fprintf(stderr, "%d threads: %lu allocations counted of %lu (%lu while another moved), %lu failed (fail_at %lu)\n",
            thread_count, (unsigned long)rs__alloc_count, total, overlapped, failed, fail_at);
    CHECK(rs__alloc_count == total);
    CHECK(failed == (fail_at ? 1 : 0));
    rs__alloc_fail_at = 0;
}

static void check_concurrent_counts(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int thread_count = cores < 2 ? 2 : cores > ALLOC_THREADS_MAX ? ALLOC_THREADS_MAX : (int)cores;
    check_concurrent_count(thread_count, 0);
    /* one in the middle, while every thread is allocating */
    check_concurrent_count(thread_count, (unsigned long)thread_count * ALLOCS_MIN / 2);
}

/* rs__grow: the room doubles from 16 items (64 bytes at least); a failed
 * or impossible growth leaves the array and its room as they were. */
static void check_grow(void)
{
    double *values = NULL, *before;
    char *bytes = NULL;
    size_t cap = 0, byte_cap = 0;
    static sweep_trace grown;
    int i;
    CHECK(rs__grow(&values, &cap, 0, sizeof *values) == 0 && values == NULL && cap == 0);
    CHECK(rs__grow(&values, &cap, 1, sizeof *values) == 0 && values != NULL && cap == 16);
    values[15] = 1.5;
    CHECK(rs__grow(&values, &cap, 16, sizeof *values) == 0 && cap == 16);
    CHECK(rs__grow(&values, &cap, 40, sizeof *values) == 0 && cap == 64 && values[15] == 1.5);
    CHECK(rs__grow(&bytes, &byte_cap, 1, 1) == 0 && byte_cap == 64);
    before = values;
    /* more than memory can hold: refused before any size wraps around */
    CHECK(rs__grow(&values, &cap, SIZE_MAX / 8, sizeof *values) == ROSTRUM_ENOMEM);
    CHECK(rs__grow(&bytes, &byte_cap, SIZE_MAX, 1) == ROSTRUM_ENOMEM && byte_cap == 64);
    CHECK(values == before && cap == 64);
    /* a failed allocation, through the tests' hook */
    rs__alloc_count = 0;
    rs__alloc_fail_at = 1;
    CHECK(rs__grow(&values, &cap, 65, sizeof *values) == ROSTRUM_ENOMEM);
    rs__alloc_fail_at = 0;
    CHECK(values == before && cap == 64 && values[15] == 1.5);
    /* each growth is traced to where it was asked for, not to rs__grow,
     * and by its whole path: one place asked twice is one path */
    sweep_trace_start(&grown);
    rs__alloc_count = 0;
    CHECK(rs__grow(&values, &cap, 65, sizeof *values) == 0);
    CHECK(rs__grow(&bytes, &byte_cap, 65, 1) == 0);
    for (i = 0; i < 2; i++)
        CHECK(rs__grow(&bytes, &byte_cap, byte_cap + 1, 1) == 0);
    sweep_trace_stop(&grown, rs__alloc_count);
    CHECK(grown.count == 4);
    CHECK(grown.caller[0] != 0 && grown.caller[1] != 0 && grown.caller[0] != grown.caller[1]);
    CHECK(grown.path[0] != grown.path[1] && grown.path[1] != grown.path[2] && grown.path[2] == grown.path[3]);
    CHECK(cap == 128 && byte_cap == 512 && values[15] == 1.5);
    rs__free(values);
    rs__free(bytes);
}

int main(void)
{
    check_grow();
    check_extra_tags();
    const trial loads[] = {{load_trial, text, sizeof text - 1, ROSTRUM_FORMAT_AUTO, 0},
                           {load_trial, text_fr, sizeof text_fr - 1, ROSTRUM_FORMAT_AUTO, 0},
                           {load_trial, text_es, sizeof text_es - 1, ROSTRUM_FORMAT_AUTO, 0}};
    /* whole small renders: synthesis, the meters, the limiter, each encoder */
    const trial renders[] = {{render_trial, NULL, 0, ROSTRUM_FORMAT_OPUS, 2},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_OPUS, 1},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_FLAC, 1},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_MP3, 1},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_M4B, 1},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_EPUB, 1},
                             {render_trial, NULL, 0, ROSTRUM_FORMAT_OPUS, 1, 1}};
    static sweep_trace one_piece, other;
    sweep_from("render, Opus on one thread", &renders[1], &one_piece, NULL);
    sweep_from("render, Opus on two threads", &renders[0], &other, &one_piece);
    /* a pipe's headers wait in memory for the final gain */
    sweep_from("render, Opus to a pipe", &renders[6], &other, &one_piece);
    sweep_from("render, FLAC", &renders[2], &other, &one_piece);
    /* FFmpeg allocates on its own; rostrum's allocations around it (the
     * encoder, the meter, the trial encoding) fail one by one */
    sweep_from("render, MP3", &renders[3], &other, &one_piece);
    sweep_from("render, M4B", &renders[4], &other, &one_piece);
    /* the book: its audio in memory, its files, the zip */
    sweep_from("render, EPUB", &renders[5], &other, &one_piece);
    {
        const trial files = {files_trial, NULL, 0, ROSTRUM_FORMAT_OPUS, 1};
        sweep_from("render to files with captions and the page", &files, &other, &one_piece);
    }
    sweep("english", &loads[0]);
    sweep("french", &loads[1]);
    sweep("spanish", &loads[2]);
    /* last: its ten million small blocks stay in AddressSanitizer's
     * quarantine, in the process's memory, which every process a render
     * forks (the speaker, a child per paragraph) starts with; their forks
     * and page faults made each render of the sweeps three times slower */
    check_concurrent_counts();
    return check_report("test_alloc");
}
