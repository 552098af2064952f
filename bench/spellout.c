/* Number words, kept rule sets against one made per number: the processor
 * time of rs__spellout, which compiles each locale's rules once and keeps
 * them, against opening, using and closing an ICU format for every number
 * (what rostrum did before), per number, median of 3, as a ratio. */
#include <stdio.h>
#include <time.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "text/text.h"

#define OLD_NUMBERS 100  /* a format made per number costs milliseconds */
#define KEPT_NUMBERS 5000

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

/* The old way, per number: a format made, used and closed. ICU has no
 * Ukrainian or Polish ordinals, so it is timed on the Russian rules, of
 * the same kind and size as rostrum's own texts. */
static double per_number_made(void)
{
    double start = now();
    UChar name[64], words[256];
    int i;
    u_uastrncpy(name, "%spellout-ordinal-masculine-genitive", 64);
    for (i = 0; i < OLD_NUMBERS; i++) {
        UErrorCode status = U_ZERO_ERROR;
        UNumberFormat *format = unum_open(UNUM_SPELLOUT, NULL, 0, "ru", NULL, &status);
        unum_setTextAttribute(format, UNUM_DEFAULT_RULESET, name, -1, &status);
        unum_formatInt64(format, 1900 + i % 200, words, 256, NULL, &status);
        unum_close(format);
    }
    return (now() - start) / OLD_NUMBERS;
}

/* rs__spellout, per number: made once, kept. */
static double per_number_kept(const char *locale, const char *ruleset, int *failed)
{
    double start = now();
    int i;
    for (i = 0; i < KEPT_NUMBERS; i++) {
        char *words = rs__spellout(locale, ruleset, 1900 + i % 200);
        if (!words)
            (*failed)++;
        rs__free(words);
    }
    return (now() - start) / KEPT_NUMBERS;
}

int main(void)
{
    static const char *const cases[][2] = {
        {"ru", "%spellout-ordinal-masculine-genitive"},
        {"uk", "%spellout-ordinal-masculine-genitive"},
        {"uk", "%spellout-cardinal-masculine-genitive"},
        {"pl", "%spellout-ordinal-masculine-locative"},
    };
    size_t k;
    int failed = 0;
    double made = median3(per_number_made(), per_number_made(), per_number_made());
    printf("a format made per number (ru rules): %.1f us a number\n", made * 1e6);
    printf("%-4s %-40s %12s %8s\n", "lang", "rule set", "kept (us)", "ratio");
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double kept = median3(per_number_kept(cases[k][0], cases[k][1], &failed),
                              per_number_kept(cases[k][0], cases[k][1], &failed),
                              per_number_kept(cases[k][0], cases[k][1], &failed));
        printf("%-4s %-40s %12.2f %7.0fx\n", cases[k][0], cases[k][1], kept * 1e6, made / kept);
    }
    printf("%d numbers kept a row; %d without words\n", KEPT_NUMBERS, failed);
    return failed ? 1 : 0;
}
