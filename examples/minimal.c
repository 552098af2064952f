/* The smallest program on librostrum: speaks a string into an Ogg Opus file.
 * Build: cc minimal.c $(pkg-config --cflags --libs rostrum) -o minimal */
#include <rostrum.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *text = "# Minimal\n\nThis file was rendered through the public API of librostrum.\n\n"
                       "Every paragraph opens a chapter.\n";
    const char *output = argc > 1 ? argv[1] : "minimal.opus";
    rostrum_options options;
    rostrum *r = NULL;
    int rc;
    rostrum_options_init(&options);
    options.language = "en";
    options.title = "Minimal example";
    rc = rostrum_create(&r, &options);
    if (rc == 0)
        rc = rostrum_load(r, "minimal", text, strlen(text));
    if (rc == 0)
        rc = rostrum_render_file(r, output, ROSTRUM_FORMAT_OPUS);
    if (rc != 0)
        fprintf(stderr, "minimal: %s\n", r && *rostrum_error_message(r) ? rostrum_error_message(r) : rostrum_strerror(rc));
    else
        printf("%s: %zu chapters, rostrum %s\n", output, rostrum_chapter_count(r), rostrum_version());
    rostrum_destroy(r);
    return rc == 0 ? 0 : 1;
}
