/* Allocation failure: every allocation made while loading and planning a
 * statement is made to fail in turn; each run must end in ROSTRUM_ENOMEM
 * (or succeed, if the failed allocation was optional), never crash. Leaks
 * are caught by running this under valgrind or AddressSanitizer. */
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "check.h"

static const char text[] =
    "---\ntitle: Test\nlanguage: en\n---\n## A Heading\n\nDear colleagues,\n\n"
    "A **first** paragraph with a [link](u) &amp; more,\nwrapped over lines.\n\n- one\n- two\n\n"
    "1. A numbered paragraph.\n\n<!-- note -->\nThe end.\n";

static int load_once(unsigned long fail_at)
{
    rostrum_options options;
    rostrum *r = NULL;
    int rc;
    rostrum_options_init(&options);
    options.data_dir = ROSTRUM_SOURCE_DIR;
    rs__alloc_count = 0;
    rs__alloc_fail_at = fail_at;
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "t.md", text, sizeof text - 1);
    rostrum_destroy(r);
    rs__alloc_fail_at = 0;
    return rc;
}

int main(void)
{
    unsigned long n, total;
    CHECK(load_once(0) == 0);
    total = rs__alloc_count;
    CHECK(total > 20);
    for (n = 1; n <= total; n++) {
        int rc = load_once(n);
        if (rc != 0 && rc != ROSTRUM_ENOMEM)
            fprintf(stderr, "allocation %lu: unexpected code %d\n", n, rc);
        CHECK(rc == 0 || rc == ROSTRUM_ENOMEM);
    }
    fprintf(stderr, "failed each of %lu allocations in turn\n", total);
    return check_report("test_alloc");
}
