/* Allocation sweeps: a run made again and again, each time with the next of
 * its allocations failed, leaving out the runs that would try nothing new.
 *
 * Both savings come from the rs__alloc_trace hook. First, where each of a
 * run's allocations is made from: a sweep of a second run fails only the
 * allocations after it parts from a first run already swept. Those before
 * are made from the same places in the same order: failing them again
 * tries the same code, with nothing of the second run's own made yet
 * (sweep_shared).
 *
 * Second, by which path (the whole call stack, inside the run) each one is
 * made: a sweep fails each path twice, then skips it (sweep_run). The
 * first time, what the allocation was for is mostly new and empty (the
 * first room of an array, the first paragraph's); the second time, there
 * is something of the same kind before it to keep or to free (a growth
 * with items in it, a loop with a round done): the two shapes in which a
 * failure path goes wrong, by losing what was made before it or freeing it
 * twice. A third time, the same code runs on the way out, with the same
 * frees, over more of the same things. Skipping goes by what the runs did,
 * not by what they were meant to do: a path counts as failed when the
 * allocation a run failed was made by it (threads can move an allocation
 * to another number from one run to the next), and at the end each path
 * of the traced run that no run failed is tried again where it was made
 * (and SWEEP_NEAR numbers around). */
#ifndef ROSTRUM_TEST_SWEEP_H
#define ROSTRUM_TEST_SWEEP_H

#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "core/core.h"

#define SWEEP_TRACE_MAX 4096
#define SWEEP_FRAMES 256   /* of a path, from the allocation outwards */
#define SWEEP_PATH_FAILS 2 /* then a path is skipped */
/* numbers either side where a missed path is sought again: 4 found 2 of
 * 10 paths in the Opus sweep for 130 renders more, and 5 of 13 for 205 */
#define SWEEP_NEAR 0

typedef struct sweep_trace {
    uintptr_t caller[SWEEP_TRACE_MAX]; /* where allocation N + 1 was made from */
    uint64_t path[SWEEP_TRACE_MAX];    /* by which path, hashed (0: not known) */
    unsigned long count;
} sweep_trace;

/* The paths a sweep has failed, and how many times (a hash table). */
#define SWEEP_SLOTS (2 * SWEEP_TRACE_MAX)
typedef struct sweep_failed {
    uint64_t path[SWEEP_SLOTS];
    unsigned times[SWEEP_SLOTS];
    size_t used;
} sweep_failed;

/* A run: 0 or an error, with allocation fail_at failed (0: none). */
typedef int (*sweep_run_fn)(const void *user, unsigned long fail_at);

static sweep_trace *sweep_tracing;         /* the run being traced, if one is */
static _Atomic uint64_t sweep_failed_path; /* the path of the allocation a run failed */
static pthread_t sweep_thread;             /* the thread in sweep_call */
static void *sweep_outer[SWEEP_FRAMES];    /* its stack there, from sweep_call out */
static int sweep_outer_depth;              /* (0: not in sweep_call) */

/* The path of an allocation made from caller, hashed (never 0): its call
 * stack from caller outwards, leaving out, in the thread that called the
 * run, the frames outside sweep_call, so that the path is the same
 * whichever line of the test started the run. */
static uint64_t sweep_path(uintptr_t caller)
{
    void *frames[SWEEP_FRAMES];
    int depth = backtrace(frames, SWEEP_FRAMES), from = 0, i;
    uint64_t h = 14695981039346656037u;
    /* the frames of the hook itself, and how they are inlined, are not
     * the allocation's */
    while (from < depth && (uintptr_t)frames[from] != caller)
        from++;
    if (from == depth)
        from = 0;
    if (depth < SWEEP_FRAMES && sweep_outer_depth > 0 && pthread_equal(pthread_self(), sweep_thread))
        for (i = sweep_outer_depth - 1; depth > from && i >= 0 && frames[depth - 1] == sweep_outer[i]; i--)
            depth--;
    for (i = from; i < depth; i++) {
        h = (h ^ (uint64_t)(uintptr_t)frames[i]) * 1099511628211u;
        h ^= h >> 29;
    }
    return h ? h : 1;
}

/* The hook: in a traced run, notes each allocation's place and path; in
 * the others, the path of the one failed. */
static void sweep_hook(unsigned long number, uintptr_t caller)
{
    sweep_trace *t = sweep_tracing;
    if (t) {
        if (number <= SWEEP_TRACE_MAX) {
            t->caller[number - 1] = caller;
            t->path[number - 1] = sweep_path(caller);
        }
    } else if (number == atomic_load(&rs__alloc_fail_at)) {
        atomic_store(&sweep_failed_path, sweep_path(caller));
    }
}

/* Every run of a sweep, the traced one too, is made through here: the
 * frames from here outwards are left out of the paths (but this one's,
 * the same in every run). Not inlined, and not a tail call, so that its
 * frame is on the run's stack. */
__attribute__((noinline)) static int sweep_call(sweep_run_fn run, const void *user, unsigned long fail_at)
{
    int rc;
    sweep_thread = pthread_self();
    sweep_outer_depth = backtrace(sweep_outer, SWEEP_FRAMES);
    rc = run(user, fail_at);
    sweep_outer_depth = 0;
    return rc;
}

/* Notes where each allocation is made from, and by which path, until
 * sweep_trace_stop. */
static void sweep_trace_start(sweep_trace *t)
{
    void *first[1];
    backtrace(first, 1); /* its first call loads the unwinder, allocating */
    memset(t->path, 0, sizeof t->path);
    sweep_tracing = t;
    rs__alloc_trace = sweep_hook;
}

/* Stops noting; total is the run's allocation count (rs__alloc_count). */
static void sweep_trace_stop(sweep_trace *t, unsigned long total)
{
    rs__alloc_trace = NULL;
    sweep_tracing = NULL;
    t->count = total < SWEEP_TRACE_MAX ? total : SWEEP_TRACE_MAX;
}

/* Runs run(user, 0), traced into t when t is given; returns its code and
 * sets *total to its allocation count. The run is made twice, the second
 * traced: the first run of a kind in the process makes allocations of its
 * own, once (espeak-ng's locale copy, FFmpeg's loading), which would put
 * every later allocation one or more numbers off from the runs swept. */
static int sweep_count(sweep_trace *t, sweep_run_fn run, const void *user, unsigned long *total)
{
    int rc;
    sweep_call(run, user, 0);
    if (t)
        sweep_trace_start(t);
    rc = sweep_call(run, user, 0);
    *total = rs__alloc_count;
    if (t)
        sweep_trace_stop(t, *total);
    return rc;
}

/* How many allocations the two runs make alike from the start. */
static unsigned long sweep_shared(const sweep_trace *a, const sweep_trace *b)
{
    unsigned long n = 0;
    while (n < a->count && n < b->count && a->caller[n] == b->caller[n])
        n++;
    return n;
}

/* The slot of path in f: where it is, or the empty one where it goes. */
static size_t sweep_slot(const sweep_failed *f, uint64_t path)
{
    size_t i = (size_t)(path % SWEEP_SLOTS);
    while (f->path[i] != 0 && f->path[i] != path)
        i = (i + 1) % SWEEP_SLOTS;
    return i;
}

/* How many runs failed an allocation of allocation n's path in the traced
 * run t; -1 when that path is not known. */
static int sweep_times_failed(const sweep_failed *f, const sweep_trace *t, unsigned long n)
{
    uint64_t path = t && n <= t->count ? t->path[n - 1] : 0;
    size_t i;
    if (path == 0)
        return -1;
    i = sweep_slot(f, path);
    return f->path[i] == path ? (int)f->times[i] : 0;
}

/* After each run: counts the path of the allocation it failed (none, when
 * the run made fewer allocations than the number failed). */
static void sweep_note(sweep_failed *f)
{
    uint64_t path = atomic_exchange(&sweep_failed_path, 0);
    size_t i;
    if (path == 0)
        return;
    i = sweep_slot(f, path);
    if (f->path[i] == 0) {
        if (f->used + 1 >= SWEEP_SLOTS)
            return; /* full: the path is never skipped */
        f->path[i] = path;
        f->used++;
    }
    f->times[i]++;
}

/* Runs run(user, n) for each allocation n of a run of total allocations
 * after the first shared, with the exceptions above when the run was
 * traced into t: each must end in 0 or ROSTRUM_ENOMEM. Says what it did,
 * after name. */
static void sweep_run(const char *name, const sweep_trace *t, unsigned long total, unsigned long shared,
                      sweep_run_fn run, const void *user)
{
    static sweep_failed failed;
    unsigned long n, skipped = 0, again = 0, missed = 0;
    int round;
    memset(&failed, 0, sizeof failed);
    atomic_store(&sweep_failed_path, 0);
    rs__alloc_trace = sweep_hook;
    /* round 1: each path failed twice; round 2: each path no run failed,
     * at its number and then at the numbers around it, as threads move it */
    for (round = 1; round <= 2; round++) {
        for (n = shared + 1; n <= total; n++) {
            unsigned long near;
            for (near = 0; near <= (round == 2 ? 2 * SWEEP_NEAR : 0); near++) {
                unsigned long at = near % 2 ? n - (near + 1) / 2 : n + near / 2;
                int times = sweep_times_failed(&failed, t, n), rc;
                if (round == 1 && times >= SWEEP_PATH_FAILS) {
                    skipped++;
                    break;
                }
                if (round == 2 && times != 0)
                    break;
                if (at <= shared || at > total)
                    continue;
                again += round == 2;
                rc = sweep_call(run, user, at);
                sweep_note(&failed);
                if (rc != 0 && rc != ROSTRUM_ENOMEM)
                    fprintf(stderr, "%s, allocation %lu%s: unexpected code %d\n", name, at, round == 2 ? " again" : "",
                            rc);
                CHECK(rc == 0 || rc == ROSTRUM_ENOMEM);
            }
        }
    }
    rs__alloc_trace = NULL;
    /* what threads kept moving away even then: said, to watch it */
    for (n = shared + 1; t && n <= total; n++) {
        unsigned long m = shared + 1;
        if (sweep_times_failed(&failed, t, n) != 0)
            continue;
        while (m < n && t->path[m - 1] != t->path[n - 1])
            m++;
        missed += m == n;
    }
    fprintf(stderr, "%s: failed each of %lu allocations in turn", name, total);
    if (shared)
        fprintf(stderr, " (the first %lu as an earlier run)", shared);
    if (skipped)
        fprintf(stderr, ", but %lu made by a path failed twice already", skipped);
    if (again)
        fprintf(stderr, "; %lu again, for paths no run had failed", again);
    if (missed)
        fprintf(stderr, "; %lu paths no run failed", missed);
    fprintf(stderr, "\n");
}

#endif
