/* A program as one built against librostrum 0.1.0 calls the library: by the
 * names rostrum_options_init and rostrum_create, without telling a size.
 * Speaks examples/minimal.c's text with its options, so that package.sh can
 * compare the two files byte for byte.
 * Build: cc old_program.c $(pkg-config --cflags --libs rostrum) -o old_program */
#include <rostrum.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* What 0.1.0's rostrum.h declared; the header now makes these names macros
 * that pass the size, and a binary built before links the functions. */
#undef rostrum_options_init
#undef rostrum_create
void rostrum_options_init(rostrum_options *options);
int rostrum_create(rostrum **out, const rostrum_options *options);

/* 0.1.0's struct ended with sidecars; what follows it here stands for the
 * memory after an old program's smaller struct, which the library must
 * neither write nor read. */
#define OLD_SIZE (offsetof(rostrum_options, sidecars) + sizeof(unsigned))
#define CANARY 0xA5

typedef union old_options {
    rostrum_options options;
    unsigned char bytes[sizeof(rostrum_options) + 64];
} old_options;

int main(int argc, char **argv)
{
    const char *text = "# Minimal\n\nThis file was rendered through the public API of librostrum.\n\n"
                       "Every paragraph opens a chapter.\n";
    const char *output = argc > 1 ? argv[1] : "old_program.opus";
    old_options o;
    rostrum *r = NULL;
    size_t i;
    int rc;
    memset(o.bytes, CANARY, sizeof o.bytes);
    rostrum_options_init(&o.options);
    for (i = OLD_SIZE; i < sizeof o.bytes; i++) {
        if (o.bytes[i] != CANARY) {
            fprintf(stderr, "old_program: rostrum_options_init wrote byte %zu, past the %zu of 0.1.0\n", i,
                    (size_t)OLD_SIZE);
            return 1;
        }
    }
    o.options.language = "en";
    o.options.title = "Minimal example";
    rc = rostrum_create(&r, &o.options);
    if (rc == 0)
        rc = rostrum_load(r, "minimal", text, strlen(text));
    if (rc == 0)
        rc = rostrum_render_file(r, output, ROSTRUM_FORMAT_OPUS);
    if (rc != 0)
        fprintf(stderr, "old_program: %s\n", r && *rostrum_error_message(r) ? rostrum_error_message(r) : rostrum_strerror(rc));
    else
        printf("%s: %zu chapters, rostrum %s\n", output, rostrum_chapter_count(r), rostrum_version());
    rostrum_destroy(r);
    return rc == 0 ? 0 : 1;
}
