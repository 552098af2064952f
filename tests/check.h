/* A small test harness: CHECK records a failure with its line and goes on,
 * so one run reports every broken case; main returns the failure count. */
#ifndef ROSTRUM_TEST_CHECK_H
#define ROSTRUM_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        check_count++;                                                                \
        if (!(cond)) {                                                                \
            check_failures++;                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                             \
    } while (0)

#define CHECK_STR(actual, expected)                                                          \
    do {                                                                                     \
        const char *check_a_ = (actual), *check_e_ = (expected);                             \
        check_count++;                                                                       \
        if (!check_a_ || strcmp(check_a_, check_e_) != 0) {                                 \
            check_failures++;                                                                \
            fprintf(stderr, "%s:%d: expected \"%s\"\n%*s got \"%s\"\n", __FILE__, __LINE__, \
                    check_e_, (int)strlen(__FILE__) + 6, "", check_a_ ? check_a_ : "(null)"); \
        }                                                                                    \
    } while (0)

static int check_report(const char *name)
{
    fprintf(stderr, "%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
