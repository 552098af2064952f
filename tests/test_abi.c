/* The options ABI: a program tells the library the size of the rostrum_options
 * it was compiled with, and the library reads and writes no byte past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "handle.h"

#define OLD_SIZE RS__OPTIONS_SIZE_0_1_0
#define CANARY 0xA5
#define TAIL 64

/* Options with room after them, every byte a canary, as the memory that
 * follows the smaller struct of a program built before more fields came. */
typedef union padded_options {
    rostrum_options options;
    unsigned char bytes[sizeof(rostrum_options) + TAIL];
} padded_options;

/* Whether bytes [from, to) of p still hold the canary. */
static int untouched(const padded_options *p, size_t from, size_t to)
{
    size_t i;
    for (i = from; i < to; i++)
        if (p->bytes[i] != CANARY)
            return 0;
    return 1;
}

static void fill(padded_options *p)
{
    memset(p->bytes, CANARY, sizeof p->bytes);
}

/* The macros a program calls now pass the sizeof it was compiled with:
 * every field is set, identify too, and nothing past the struct. */
static void test_macros(void)
{
    padded_options p;
    rostrum *r = NULL;
    fill(&p);
    rostrum_options_init(&p.options);
    CHECK(untouched(&p, sizeof(rostrum_options), sizeof p.bytes));
    CHECK(p.options.identify == 1 && p.options.complexity == 10);
    CHECK(rostrum_create(&r, &p.options) == 0 && r != NULL);
    rostrum_destroy(r);
    r = NULL;
    p.options.identify = 2; /* read: the macro's size covers it */
    CHECK(rostrum_create(&r, &p.options) == ROSTRUM_EINVAL && r == NULL);
}

/* The names a program built against 0.1.0 links, declared as that program
 * saw them: rostrum.h now makes them macros of the sized functions. */
#undef rostrum_options_init
#undef rostrum_create
void rostrum_options_init(rostrum_options *options);
int rostrum_create(rostrum **out, const rostrum_options *options);

/* Init writes the defaults within the size it is given and not a byte more. */
static void test_init_writes_within_size(void)
{
    padded_options p;
    size_t pitch_end = offsetof(rostrum_options, pitch) + sizeof(int);

    fill(&p);
    rostrum_options_init_sized(&p.options, OLD_SIZE);
    CHECK(untouched(&p, OLD_SIZE, sizeof p.bytes));
    CHECK(p.options.language == NULL && p.options.pitch == -1 && p.options.cache_speech == 1);
    CHECK(p.options.sidecars == 0);

    /* the old name, as a program built against 0.1.0 calls it */
    fill(&p);
    rostrum_options_init(&p.options);
    CHECK(untouched(&p, OLD_SIZE, sizeof p.bytes));
    CHECK(p.options.pause_ms == 750 && p.options.sidecars == 0);

    /* a cut anywhere: the fields before it are set, nothing after */
    fill(&p);
    rostrum_options_init_sized(&p.options, pitch_end);
    CHECK(untouched(&p, pitch_end, sizeof p.bytes));
    CHECK(p.options.pitch == -1 && p.options.rate_wpm == 0);

    /* the full size: every field, identify as well, and no further */
    fill(&p);
    rostrum_options_init_sized(&p.options, sizeof(rostrum_options));
    CHECK(untouched(&p, sizeof(rostrum_options), sizeof p.bytes));
    CHECK(p.options.identify == 1 && p.options.sidecars == 0);

    /* a program that knows more fields than this library: zeros there */
    fill(&p);
    rostrum_options_init_sized(&p.options, sizeof(rostrum_options) + 8);
    CHECK(p.bytes[sizeof(rostrum_options)] == 0 && p.bytes[sizeof(rostrum_options) + 7] == 0);
    CHECK(untouched(&p, sizeof(rostrum_options) + 8, sizeof p.bytes));

    rostrum_options_init_sized(NULL, sizeof(rostrum_options)); /* no crash */
}

/* A handle made from a 0.1.0-sized struct: what lies beyond it in memory is
 * not read, and the fields past it have their defaults. The struct lives
 * in an allocation of exactly its size, so that AddressSanitizer also
 * catches a read past it. */
static void test_old_struct_gets_defaults(void)
{
    static const char text[] = "---\nlanguage: en\n---\nOne paragraph.\n\nAnother one.\n";
    padded_options p;
    rostrum_options defaults;
    unsigned char *old = malloc(OLD_SIZE);
    rostrum *r = NULL;
    int rc;

    CHECK(old != NULL);
    if (!old)
        return;
    rostrum_options_init_sized(&defaults, sizeof defaults);

    /* through the sized function, canaries past the end */
    fill(&p);
    rostrum_options_init_sized(&p.options, OLD_SIZE);
    p.options.data_dir = ROSTRUM_SOURCE_DIR;
    p.options.title = "Old program";
    p.options.sidecars = ROSTRUM_SIDECAR_VTT;
    rc = rostrum_create_sized(&r, &p.options, OLD_SIZE);
    CHECK(rc == 0 && r != NULL);
    if (r) {
        CHECK(r->opt.identify == defaults.identify);
        /* each field added after 0.1.0 gets a line here */
        CHECK(r->opt.sidecars == ROSTRUM_SIDECAR_VTT && r->opt.pitch == -1);
        CHECK_STR(r->opt.title, "Old program");
        CHECK(r->opt.title != p.options.title); /* a copy of its own */
        CHECK(rostrum_load(r, "old.md", text, sizeof text - 1) == 0);
        CHECK(rostrum_paragraph_count(r) == 2);
    }
    rostrum_destroy(r);
    r = NULL;

    /* through the old names, from an allocation of just 0.1.0's size */
    rostrum_options_init((rostrum_options *)old);
    fill(&p);
    memcpy(p.bytes, old, OLD_SIZE);
    CHECK(p.options.pitch == -1 && p.options.sidecars == 0 && untouched(&p, OLD_SIZE, sizeof p.bytes));
    p.options.data_dir = ROSTRUM_SOURCE_DIR;
    rc = rostrum_create(&r, &p.options); /* canaries past 0.1.0's end */
    CHECK(rc == 0 && r != NULL);
    if (r)
        CHECK(r->opt.identify == defaults.identify);
    rostrum_destroy(r);
    r = NULL;
    memcpy(old, p.bytes, OLD_SIZE);
    rc = rostrum_create(&r, (const rostrum_options *)old);
    CHECK(rc == 0 && r != NULL);
    if (r)
        CHECK(rostrum_load(r, "old.md", text, sizeof text - 1) == 0);
    rostrum_destroy(r);
    free(old);

    /* the full size reads the last field too, and checks it */
    fill(&p);
    rostrum_options_init_sized(&p.options, sizeof(rostrum_options));
    p.options.identify = 2;
    r = (rostrum *)&p; /* must be reset to NULL */
    CHECK(rostrum_create_sized(&r, &p.options, sizeof(rostrum_options)) == ROSTRUM_EINVAL && r == NULL);
}

/* A size below 0.1.0's or above this library's is refused. */
static void test_sizes_out_of_range(void)
{
    static const size_t bad[] = {0, 1, OLD_SIZE - 1, sizeof(rostrum_options) + 1, sizeof(rostrum_options) + 8,
                                 SIZE_MAX};
    padded_options p;
    rostrum *r;
    size_t i;

    fill(&p);
    rostrum_options_init_sized(&p.options, sizeof(rostrum_options) + TAIL);
    /* with the checks gone, every size up to the union's would be taken */
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = (rostrum *)&p;
        CHECK(rostrum_create_sized(&r, &p.options, bad[i]) == ROSTRUM_EINVAL && r == NULL);
    }
    /* the bounds themselves are in range */
    r = NULL;
    CHECK(rostrum_create_sized(&r, &p.options, OLD_SIZE) == 0 && r != NULL);
    rostrum_destroy(r);
    r = NULL;
    CHECK(rostrum_create_sized(&r, &p.options, sizeof(rostrum_options)) == 0 && r != NULL);
    rostrum_destroy(r);
    CHECK(rostrum_create_sized(NULL, &p.options, sizeof(rostrum_options)) == ROSTRUM_EINVAL);
    r = (rostrum *)&p;
    CHECK(rostrum_create_sized(&r, NULL, sizeof(rostrum_options)) == ROSTRUM_EINVAL && r == NULL);
}

int main(void)
{
    test_macros();
    test_init_writes_within_size();
    test_old_struct_gets_defaults();
    test_sizes_out_of_range();
    return check_report("test_abi");
}
