/* Allocation sweeps: where a run's allocations are made from (through the
 * rs__alloc_trace hook), so that a sweep of a second run fails only the
 * allocations after it parts from a first run already swept. Those before
 * are made from the same places in the same order: failing them again
 * tries the same code, with nothing of the second run's own made yet. */
#ifndef ROSTRUM_TEST_SWEEP_H
#define ROSTRUM_TEST_SWEEP_H

#include <stdint.h>

#include "core/core.h"

#define SWEEP_TRACE_MAX 4096

typedef struct sweep_trace {
    uintptr_t caller[SWEEP_TRACE_MAX];
    unsigned long count;
} sweep_trace;

/* Notes where each allocation is made from until sweep_trace_stop. */
static void sweep_trace_start(sweep_trace *t)
{
    rs__alloc_trace = t->caller;
    rs__alloc_trace_size = SWEEP_TRACE_MAX;
}

/* Stops noting; total is the run's allocation count (rs__alloc_count). */
static void sweep_trace_stop(sweep_trace *t, unsigned long total)
{
    rs__alloc_trace = NULL;
    rs__alloc_trace_size = 0;
    t->count = total < SWEEP_TRACE_MAX ? total : SWEEP_TRACE_MAX;
}

/* How many allocations the two runs make alike from the start. */
static unsigned long sweep_shared(const sweep_trace *a, const sweep_trace *b)
{
    unsigned long n = 0;
    while (n < a->count && n < b->count && a->caller[n] == b->caller[n])
        n++;
    return n;
}

#endif
